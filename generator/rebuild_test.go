package generator

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mindlines/mindlines/themes"
)

// An incremental build must always equal a fresh full build. These tests
// apply a sequence of edits to an in-memory site, rebuild the same Builder
// with only the changed paths (as serve does) and compare every output,
// byte for byte, with a new Builder's full build after each step.

func rebuildSite(n int) fstest.MapFS {
	site := fstest.MapFS{
		"content/_index.md": file("---\ntitle: Rebuild practice\nbaseURL: https://example.org/\n---\n" +
			"Start with [post 0](reflections/p00.md).\n"),
		"content/about.md": file("---\ntitle: About\n---\nAbout us.\n"),
	}
	tags := []string{"audit", "prescribing", "safeguarding", "diabetes", "frailty"}
	stages := []string{"curiosity", "quality-improvement", "research", "implementation", "sharing"}
	for i := range n {
		section := "reflections"
		if i%4 == 3 {
			section = "case-studies"
		}
		link := ""
		if i > 0 {
			link = fmt.Sprintf("It follows [an earlier post](../reflections/p%02d.md).\n", (i-1)/4*4)
		}
		site[fmt.Sprintf("content/%s/p%02d.md", section, i)] = file(fmt.Sprintf(
			"---\ntitle: Post %d\ndate: 2024-%02d-%02d\ntags: [%s, %s]\nstage: %s\n---\nBody of post %d.\n\n%s",
			i, i%12+1, i%28+1, tags[i%5], tags[(i+2)%5], stages[i%5], i, link))
	}
	return site
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

type edit struct {
	name    string
	apply   func(fstest.MapFS)
	changed []string
}

func rebuildEdits(t *testing.T) []edit {
	post := defaultThemeFile(t, "templates/post.html")
	return []edit{
		{"edit body", func(m fstest.MapFS) {
			m["content/reflections/p04.md"] = file("---\ntitle: Post 4\ndate: 2024-05-05\ntags: [safeguarding, audit]\nstage: curiosity\n---\nA new body.\n")
		}, []string{"content/reflections/p04.md"}},
		{"change tags", func(m fstest.MapFS) {
			m["content/reflections/p04.md"] = file("---\ntitle: Post 4\ndate: 2024-05-05\ntags: [brand-new-tag]\nstage: curiosity\n---\nA new body.\n")
		}, []string{"content/reflections/p04.md"}},
		{"change stage and title", func(m fstest.MapFS) {
			m["content/reflections/p04.md"] = file("---\ntitle: Post four, renamed\ndate: 2024-05-05\ntags: [brand-new-tag]\nstage: sharing\n---\nA new body.\n")
		}, []string{"content/reflections/p04.md"}},
		{"change date", func(m fstest.MapFS) {
			m["content/reflections/p04.md"] = file("---\ntitle: Post four, renamed\ndate: 2020-01-01\ntags: [brand-new-tag]\nstage: sharing\n---\nA new body.\n")
		}, []string{"content/reflections/p04.md"}},
		{"add post", func(m fstest.MapFS) {
			m["content/reflections/new.md"] = file("---\ntitle: A new post\ndate: 2025-01-01\ntags: [audit]\nstage: research\n---\nLinks to [post 4](p04.md).\n")
		}, []string{"content/reflections/new.md"}},
		{"rename post", func(m fstest.MapFS) {
			m["content/reflections/renamed.md"] = m["content/reflections/new.md"]
			delete(m, "content/reflections/new.md")
		}, []string{"content/reflections/new.md", "content/reflections/renamed.md"}},
		{"delete post", func(m fstest.MapFS) {
			delete(m, "content/reflections/renamed.md")
		}, []string{"content/reflections/renamed.md"}},
		{"add draft", func(m fstest.MapFS) {
			m["content/reflections/draft.md"] = file("---\ntitle: Half done\ndate: 2024-06-01\ndraft: true\n---\nSoon.\n")
		}, []string{"content/reflections/draft.md"}},
		{"edit _index.md", func(m fstest.MapFS) {
			m["content/_index.md"] = file("---\ntitle: Renamed practice\nbaseURL: https://example.org/\nposts_per_page: 3\n---\nStart with [post 1](reflections/p01.md).\n")
		}, []string{"content/_index.md"}},
		{"add theme override template", func(m fstest.MapFS) {
			m["themes/default/templates/post.html"] = file(strings.Replace(post, "</article>", "<p>theme override</p></article>", 1))
		}, []string{"themes/default/templates/post.html"}},
		{"add theme stylesheet", func(m fstest.MapFS) {
			m["themes/default/static/style.css"] = file("body { color: #123456 }\n")
		}, []string{"themes/default/static/style.css"}},
		{"remove theme override", func(m fstest.MapFS) {
			delete(m, "themes/default/templates/post.html")
			delete(m, "themes/default/static/style.css")
		}, []string{"themes/default"}},
		{"add asset", func(m fstest.MapFS) {
			m["content/reflections/chart.png"] = &fstest.MapFile{Data: []byte("\x89PNG fake")}
			m["content/reflections/p08.md"] = file("---\ntitle: Post 8\ndate: 2024-09-09\ntags: [diabetes]\nstage: research\n---\n![chart](chart.png)\n")
		}, []string{"content/reflections/chart.png", "content/reflections/p08.md"}},
		{"delete folder", func(m fstest.MapFS) {
			for p := range m {
				if strings.HasPrefix(p, "content/case-studies/") {
					delete(m, p)
				}
			}
		}, []string{"content/case-studies"}},
		{"add folder", func(m fstest.MapFS) {
			m["content/notes/a.md"] = file("---\ntitle: Note A\ndate: 2024-02-02\ntags: [audit]\n---\nA note.\n")
			m["content/notes/sub/b.md"] = file("---\ntitle: Note B\ndate: 2024-02-03\n---\nAnother, after [note A](../a.md).\n")
		}, []string{"content/notes"}},
		{"editor debris", func(m fstest.MapFS) {
			m["content/notes/.a.md.swp"] = file("swap")
			m["content/notes/a.md~"] = file("backup")
		}, []string{"content/notes/.a.md.swp", "content/notes/a.md~"}},
	}
}

func defaultThemeFile(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(themes.Default, name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("</article>")) {
		t.Fatalf("%s has no </article> to mark", name)
	}
	return string(b)
}

func TestRebuildEqualsFullBuild(t *testing.T) {
	now := func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	for _, opts := range []Options{
		{Now: now},
		{Now: now, Serve: true, Drafts: true, BaseURL: "http://127.0.0.1:1313/"},
	} {
		t.Run(fmt.Sprintf("serve=%v", opts.Serve), func(t *testing.T) {
			ctx := context.Background()
			site := rebuildSite(24)
			inc := NewBuilder(site, opts)
			if _, err := inc.Build(ctx); err != nil {
				t.Fatal(err)
			}
			for _, e := range rebuildEdits(t) {
				e.apply(site)
				got, err := inc.Build(ctx, e.changed...)
				if err != nil {
					t.Fatalf("%s: incremental build: %v", e.name, err)
				}
				want, err := NewBuilder(site, opts).Build(ctx)
				if err != nil {
					t.Fatalf("%s: full build: %v", e.name, err)
				}
				compareOutputs(t, e.name, got.Outputs, want.Outputs)
				t.Logf("%s: rendered %d of %d outputs", e.name, got.Rendered, len(got.Outputs))
			}
		})
	}
}

func compareOutputs(t *testing.T, step string, got, want []Output) {
	t.Helper()
	g := map[string][]byte{}
	for _, o := range got {
		g[o.Path] = o.Bytes
	}
	w := map[string][]byte{}
	for _, o := range want {
		w[o.Path] = o.Bytes
	}
	for p, b := range w {
		gb, ok := g[p]
		switch {
		case !ok:
			t.Errorf("%s: incremental build lacks %s", step, p)
		case !bytes.Equal(gb, b):
			i := 0
			for i < len(gb) && i < len(b) && gb[i] == b[i] {
				i++
			}
			from := max(0, i-80)
			t.Errorf("%s: %s differs from a full build at byte %d:\nincremental: …%.240s\nfull:        …%.240s", step, p, i, gb[from:], b[from:])
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			t.Errorf("%s: incremental build has %s, which a full build does not", step, p)
		}
	}
}

// A body edit re-renders the post and the few outputs that show its body or
// summary, not the site: a counting test, not a timing one.
func TestRebuildRendersLittle(t *testing.T) {
	ctx := context.Background()
	site := rebuildSite(60)
	b := NewBuilder(site, Options{Now: func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }})
	first, err := b.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first.Rendered < len(first.Outputs)/2 {
		t.Fatalf("first build rendered only %d of %d outputs", first.Rendered, len(first.Outputs))
	}
	src := string(site["content/reflections/p20.md"].Data)
	site["content/reflections/p20.md"] = file(strings.Replace(src, "Body of post 20.", "A changed body for post 20.", 1))
	res, err := b.Build(ctx, "content/reflections/p20.md")
	if err != nil {
		t.Fatal(err)
	}
	// The post, and what shows its summary or links to it: its home page,
	// section, tag and stage pages and their feeds, the posts that link to
	// it or list it as related, and the sitemap. Not the rest of the site.
	before := map[string]uint64{}
	for _, o := range first.Outputs {
		before[o.Path] = o.Key
	}
	var rerendered []string
	for _, o := range res.Outputs {
		if before[o.Path] != o.Key {
			rerendered = append(rerendered, o.Path)
		}
	}
	t.Logf("a body edit rendered %d of %d outputs: %s", res.Rendered, len(res.Outputs), rerendered)
	if res.Rendered > len(res.Outputs)/4 {
		t.Errorf("a body edit rendered %d of %d outputs", res.Rendered, len(res.Outputs))
	}
	for _, p := range []string{"reflections/p20/index.html", "reflections/index.html", "feed.xml"} {
		if !slices.Contains(rerendered, p) {
			t.Errorf("a body edit did not render %s", p)
		}
	}
	for _, p := range []string{"reflections/p01/index.html", "about/index.html", "tags/index.html", "404.html"} {
		if slices.Contains(rerendered, p) {
			t.Errorf("a body edit rendered %s, which cannot show it", p)
		}
	}

	// Nothing changed: nothing is rendered.
	res, err = b.Build(ctx, "content/reflections/p20.md")
	if err != nil {
		t.Fatal(err)
	}
	if res.Rendered != 0 {
		t.Errorf("an unchanged file rendered %d outputs", res.Rendered)
	}
}

// Pages of older posts are numbered from the oldest and keep their posts,
// so a new post changes the home page and the newest of them only.
func TestNewPostLeavesOlderPagesAlone(t *testing.T) {
	ctx := context.Background()
	site := rebuildSite(60) // 45 reflections and 15 case studies, 10 a page
	b := NewBuilder(site, Options{Now: func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }})
	first, err := b.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	site["content/reflections/new.md"] = file("---\ntitle: Newest\ndate: 2025-01-01\ntags: [audit]\nstage: curiosity\n---\nNew.\n")
	res, err := b.Build(ctx, "content/reflections/new.md")
	if err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, o := range first.Outputs {
		before[o.Path] = o.Bytes
	}
	var pages []string
	for _, o := range res.Outputs {
		if o.Path == "index.html" || strings.HasPrefix(o.Path, "page/") {
			pages = append(pages, o.Path)
			changed := !bytes.Equal(before[o.Path], o.Bytes)
			// 61 posts: 10 on the home page, then pages of 10 from the
			// oldest, 1 to 6, the new sixth holding the one pushed off the
			// home page, and the fifth linking to it.
			if want := o.Path == "index.html" || o.Path == "page/5/index.html" || o.Path == "page/6/index.html"; changed != want {
				t.Errorf("%s changed: %v, want %v", o.Path, changed, want)
			}
		}
	}
	if want := []string{"index.html", "page/1/index.html", "page/2/index.html", "page/3/index.html", "page/4/index.html", "page/5/index.html", "page/6/index.html"}; !slices.Equal(pages, want) {
		t.Errorf("home pages %v, want %v", pages, want)
	}
}

// A patient identifier saved into a published post stops the rebuild, in
// whatever way the rebuild takes (a body edit, a new post, a published
// draft); removing it lets the next one through.
func TestRebuildFindsIdentifiers(t *testing.T) {
	ctx := context.Background()
	site := rebuildSite(12)
	b := NewBuilder(site, Options{Now: func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }})
	if _, err := b.Build(ctx); err != nil {
		t.Fatal(err)
	}
	post := "content/reflections/p04.md"
	clean := string(site[post].Data)
	edits := []struct {
		name, path, text string
	}{
		{"body edit", post, clean + "\nHer NHS number is 943 476 5919.\n"},
		{"new post", "content/reflections/new.md", "---\ntitle: New\ndate: 2024-02-02\n---\nNHS number 943 476 5919.\n"},
		{"published draft", "content/reflections/draft.md", "---\ntitle: Draft\ndate: 2024-02-03\n---\nNHS number 943 476 5919.\n"},
	}
	site["content/reflections/draft.md"] = file("---\ntitle: Draft\ndate: 2024-02-03\ndraft: true\n---\nNHS number 943 476 5919.\n")
	if _, err := b.Build(ctx, "content/reflections/draft.md"); err != nil {
		t.Fatalf("a draft with an identifier stopped the build: %v", err)
	}
	for _, e := range edits {
		before := site[e.path]
		site[e.path] = file(e.text)
		_, err := b.Build(ctx, e.path)
		if err == nil || !strings.Contains(err.Error(), e.path) || !strings.Contains(err.Error(), "NHS number") {
			t.Errorf("%s: build error %v, want the NHS number in %s", e.name, err, e.path)
		}
		if before == nil {
			delete(site, e.path)
		} else {
			site[e.path] = before
		}
		if _, err := b.Build(ctx, e.path); err != nil {
			t.Errorf("%s: after the identifier went: %v", e.name, err)
		}
	}
}
