package generator

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestRebuildRandomEdits applies long random sequences of the saves a
// writer makes (new posts, deletions, new tags, dates, stages, authors,
// links, drafts) and checks after every one that the incremental build
// equals a fresh full build, byte for byte. Tags are few and shared by
// many posts, so the windows related posts are drawn from overlap and
// shift as posts come and go.
func TestRebuildRandomEdits(t *testing.T) {
	now := func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	steps := randomSteps
	if testing.Short() {
		steps = 25
	}
	for _, tc := range []struct {
		name     string
		opts     Options
		profiles bool
	}{
		{"build", Options{Now: now}, false},
		{"serve", Options{Now: now, Serve: true, Drafts: true, BaseURL: "http://127.0.0.1:1313/"}, false},
		{"profiles", Options{Now: now}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(randomSeed, uint64(len(tc.name))))
			w := newRandomSite(rng, tc.profiles, 70)
			ctx := context.Background()
			inc := NewBuilder(w.fs, tc.opts)
			if _, err := inc.Build(ctx); err != nil {
				t.Fatal(err)
			}
			for step := range int(steps) {
				name, changed := w.edit()
				label := fmt.Sprintf("step %d (%s)", step, name)
				want, wantErr := NewBuilder(w.fs, tc.opts).Build(ctx)
				got, err := inc.Build(ctx, changed...)
				if (err == nil) != (wantErr == nil) {
					t.Fatalf("%s: incremental build error %v, full build error %v", label, err, wantErr)
				}
				if err != nil {
					if err.Error() != wantErr.Error() {
						t.Fatalf("%s: incremental build error\n%v\nfull build error\n%v", label, err, wantErr)
					}
					continue
				}
				compareOutputs(t, label, got.Outputs, want.Outputs)
				if t.Failed() {
					t.FailNow()
				}
			}
		})
	}
}

// randomSite is a site of posts that random edits change.
type randomSite struct {
	rng      *rand.Rand
	fs       fstest.MapFS
	profiles bool
	posts    []string // paths of the posts that exist
	next     int      // number of the next new post
}

var (
	randomTags    = []string{"audit", "prescribing", "safeguarding", "diabetes", "frailty", "Audit"}
	randomStages  = []string{"curiosity", "quality-improvement", "research", "implementation", "sharing"}
	randomAuthors = []string{"Dr Ada Lane", "Dr Ben Okafor", "Dr Cy Patel"}
)

func newRandomSite(rng *rand.Rand, profiles bool, n int) *randomSite {
	w := &randomSite{rng: rng, profiles: profiles, fs: fstest.MapFS{
		"content/_index.md": file("---\ntitle: Random practice\nbaseURL: https://example.org/\npostsPerPage: 4\nentries_per_page: 6\n---\nStart with [a post](reflections/p000.md).\n"),
		"content/about.md":  file("---\ntitle: About\n---\nAbout us.\n"),
	}}
	if profiles {
		for i, a := range randomAuthors {
			w.fs[fmt.Sprintf("content/authors/a%d.md", i)] = file("---\ntitle: " + a + "\n---\nA GP.\n")
		}
	}
	for range n {
		w.add()
	}
	// The home page introduction links to p000: keep it.
	return w
}

func (w *randomSite) author() string {
	i := w.rng.IntN(len(randomAuthors))
	if w.profiles {
		return fmt.Sprintf("a%d", i)
	}
	if w.rng.IntN(10) == 0 {
		return fmt.Sprintf("Dr Visitor %d", w.rng.IntN(20)) // authors who come and go
	}
	return randomAuthors[i]
}

// post writes a post's file from its parts.
func (w *randomSite) write(p string, title string, date time.Time, tags []string, stage, author string, draft bool, links []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\ntags: [%s]\nstage: %s\nauthor: %q\n", title, date.Format("2006-01-02T15:04:05Z"), strings.Join(tags, ", "), stage, author)
	if draft {
		b.WriteString("draft: true\n")
	}
	b.WriteString("---\n\nA reflection on " + title + ".\n\n## Learning\n\nWhat changed.\n")
	for _, l := range links {
		fmt.Fprintf(&b, "\nSee [another](%s).\n", l)
	}
	w.fs[p] = file(b.String())
}

func (w *randomSite) randomDate() time.Time {
	// Same-day posts are common: ties are broken by path.
	return time.Date(2023, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, w.rng.IntN(500))
}

func (w *randomSite) randomTags() []string {
	n := 1 + w.rng.IntN(3)
	var tags []string
	for len(tags) < n {
		t := randomTags[w.rng.IntN(len(randomTags))]
		if w.rng.IntN(10) == 0 {
			t = fmt.Sprintf("rare-%d", w.rng.IntN(40)) // tags that come and go
		}
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// link is a relative link from a post in section to another existing post.
func (w *randomSite) link(section string) []string {
	if len(w.posts) == 0 || w.rng.IntN(3) > 0 {
		return nil
	}
	rel := strings.TrimPrefix(w.posts[w.rng.IntN(len(w.posts))], "content/")
	if strings.HasPrefix(rel, section+"/") {
		return []string{"./" + strings.TrimPrefix(rel, section+"/")}
	}
	return []string{"../" + rel}
}

func (w *randomSite) add() string {
	section := "reflections"
	if w.next > 0 && w.rng.IntN(4) == 0 {
		section = "case-studies"
	}
	p := fmt.Sprintf("content/%s/p%03d.md", section, w.next)
	w.write(p, fmt.Sprintf("Post %d", w.next), w.randomDate(), w.randomTags(), randomStages[w.rng.IntN(5)], w.author(), false, w.link(section))
	w.next++
	w.posts = append(w.posts, p)
	return p
}

// edit makes one random change and returns its name and the changed paths.
func (w *randomSite) edit() (string, []string) {
	i := 1 + w.rng.IntN(len(w.posts)-1) // p000 stays: the intro links to it
	p := w.posts[i]
	src := string(w.fs[p].Data)
	replaceLine := func(prefix, line string) {
		lines := strings.Split(src, "\n")
		for j, l := range lines {
			if strings.HasPrefix(l, prefix) {
				lines[j] = line
				break
			}
		}
		w.fs[p] = file(strings.Join(lines, "\n"))
	}
	linked := func() bool {
		for _, q := range append([]string{"content/_index.md"}, w.posts...) {
			if q != p && strings.Contains(string(w.fs[q].Data), strings.TrimSuffix(p[strings.LastIndex(p, "/")+1:], ".md")+".md") {
				return true
			}
		}
		return false
	}
	switch k := w.rng.IntN(11); k {
	case 9:
		// The home page's introduction: new words, sometimes a link to
		// another post, sometimes a new site title.
		intro := "---\ntitle: Random practice\nbaseURL: https://example.org/\npostsPerPage: 4\nentries_per_page: 6\n---\n" +
			fmt.Sprintf("Start with [a post](reflections/p000.md), edit %d.\n", w.rng.IntN(1000))
		switch w.rng.IntN(4) {
		case 0:
			intro += "Then [another](" + strings.TrimPrefix(p, "content/") + ").\n"
		case 1:
			intro = strings.Replace(intro, "title: Random practice", "title: Random practice "+strconv.Itoa(w.rng.IntN(3)), 1)
		}
		w.fs["content/_index.md"] = file(intro)
		return "introduction", []string{"content/_index.md"}
	case 0:
		return "new post", []string{w.add()}
	case 1:
		if linked() {
			return w.edit() // a broken link is a failed build: not this test's subject
		}
		delete(w.fs, p)
		w.posts = slices.Delete(w.posts, i, i+1)
		return "delete " + p, []string{p}
	case 2:
		replaceLine("tags:", "tags: ["+strings.Join(w.randomTags(), ", ")+"]")
		return "tags of " + p, []string{p}
	case 3:
		replaceLine("date:", "date: "+w.randomDate().Format("2006-01-02T15:04:05Z"))
		return "date of " + p, []string{p}
	case 4:
		replaceLine("stage:", "stage: "+randomStages[w.rng.IntN(5)])
		return "stage of " + p, []string{p}
	case 5:
		replaceLine("author:", fmt.Sprintf("author: %q", w.author()))
		return "author of " + p, []string{p}
	case 6:
		replaceLine("title:", fmt.Sprintf("title: %q", fmt.Sprintf("Post %d, retitled %d", i, w.rng.IntN(100))))
		return "title of " + p, []string{p}
	case 7:
		if linked() {
			return w.edit()
		}
		if strings.Contains(src, "\ndraft: true\n") {
			w.fs[p] = file(strings.Replace(src, "\ndraft: true\n", "\n", 1))
			return "publish " + p, []string{p}
		}
		w.fs[p] = file(strings.Replace(src, "\nstage:", "\ndraft: true\nstage:", 1))
		return "draft " + p, []string{p}
	case 8:
		if l := w.link(strings.Split(p, "/")[1]); l != nil && !strings.Contains(l[0], p[strings.LastIndex(p, "/")+1:]) {
			w.fs[p] = file(src + "\nAnd [one more](" + l[0] + ").\n")
			return "link from " + p, []string{p}
		}
		return w.edit()
	default:
		// Two posts at once, as a save-all or a git pull makes.
		q := w.add()
		replaceLine("tags:", "tags: ["+strings.Join(w.randomTags(), ", ")+"]")
		return "new post and tags of " + p, []string{q, p}
	}
}

// MINDLINES_RANDOM_SEED=n runs 400 steps from another seed, to look
// further than CI does.
var randomSeed, randomSteps uint64 = 7, 80

func init() {
	if s, err := strconv.ParseUint(os.Getenv("MINDLINES_RANDOM_SEED"), 10, 64); err == nil {
		randomSeed, randomSteps = s, 400
	}
}

// patchSorted must give what sorting the changed outputs afresh gives.
func TestPatchSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	name := func() string { return fmt.Sprintf("p%03d/index.html", rng.IntN(300)) }
	for range 500 {
		current := map[string]Output{}
		for range rng.IntN(40) {
			p := name()
			current[p] = Output{Path: p, Key: 1}
		}
		last := slices.SortedFunc(maps.Values(current), func(a, b Output) int { return strings.Compare(a.Path, b.Path) })
		var gone []string
		var made []Output
		for p := range current {
			if rng.IntN(4) == 0 {
				gone = append(gone, p)
				delete(current, p)
			}
		}
		for range rng.IntN(10) {
			p := name()
			if slices.Contains(gone, p) || slices.ContainsFunc(made, func(m Output) bool { return m.Path == p }) {
				continue // a build makes a path once, and never one it drops
			}
			o := Output{Path: p, Key: 2}
			made = append(made, o)
			current[p] = o
		}
		want := slices.SortedFunc(maps.Values(current), func(a, b Output) int { return strings.Compare(a.Path, b.Path) })
		if got := patchSorted(last, gone, made); !slices.EqualFunc(got, want, func(a, b Output) bool { return a.Path == b.Path && a.Key == b.Key }) {
			t.Fatalf("patchSorted(%v, gone %v, made %v)\n= %v\nwant %v", last, gone, made, got, want)
		}
	}
}
