// Package corpus generates deterministic reflection-blog sites for benchmarks, so
// that the repository's benchmarks need nothing outside the repository.
//
// A corpus has the shape of the one shared/bench/gen_corpus.py (beside the
// repository) writes, so the Hugo and Eleventy peer sites in shared/bench/peers
// build it unchanged:
//
//	content/_index.md                          title: Bench corpus
//	content/reflections/YYYY-MM-DD-slug.md     about 3 posts in 4
//	content/case-studies/YYYY-MM-DD-slug.md
//
// Each post has YAML front matter (title, date in 2021–2025 UTC, tags: 1–4 of 40
// drawn Zipf-like, stage, author: one of 25 display names, kind, and draft: true on
// about 2%) and a body of 600–1200 words of word-list prose with ## and ###
// headings, emphasis, code spans, bullet (sometimes nested) and numbered lists,
// blockquotes, a GFM table (about 20% of posts), footnotes (about 25%), a fenced
// code block (about 5%), one external link and 1–3 relative links to other
// published posts (../case-studies/x.md, ./y.md or z.md). Two posts may share a
// title on different days; two with one name in one folder get -2, -3, ….
//
// Links never carry a #fragment: the peers rewrite a link to a post only when it
// ends in .md, so a fragment would break them there.
//
// The same Options give byte-identical files on every platform: all choices come
// from one PCG stream through integer arithmetic (see source), and nothing depends
// on the clock or on map order. The prose names no patient and holds no
// identifiers: no NHS or phone numbers, dates of birth, postcodes, emails or ages.
package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Options chooses a corpus: N posts (drafts included) from the stream named by Seed.
type Options struct {
	N    int
	Seed uint64
}

// Summary counts what a corpus holds. Words and Bytes count the post files
// (front matter included, as gen_corpus.py does); words are runs of non-space.
type Summary struct {
	Posts, Drafts, Words, Bytes int
}

// indexPage is the site's own front matter, without a baseURL so that a build
// works from any folder.
const indexPage = "---\ntitle: Bench corpus\n---\n"

// Write writes the corpus under dir/content, creating it, and returns a summary.
// It refuses a dir/content that already holds files, so two corpora never mix.
func Write(dir string, opts Options) (Summary, error) {
	content := filepath.Join(dir, "content")
	if ents, err := os.ReadDir(content); err == nil && len(ents) > 0 {
		return Summary{}, fmt.Errorf("corpus: %s is not empty; remove it or choose another folder", content)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return Summary{}, fmt.Errorf("corpus: %w", err)
	}
	for _, sec := range []string{"reflections", "case-studies"} {
		if err := os.MkdirAll(filepath.Join(content, sec), 0o755); err != nil {
			return Summary{}, fmt.Errorf("corpus: %w", err)
		}
	}
	return generate(opts, func(name string, data []byte) error {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), data, 0o644); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		return nil
	})
}

// Files returns the corpus as slash-separated path → contents, paths like
// "content/reflections/2023-04-01-x.md", for in-memory builds (fstest.MapFS).
func Files(opts Options) map[string][]byte {
	files := make(map[string][]byte, opts.N+1)
	generate(opts, func(name string, data []byte) error {
		files[name] = data
		return nil
	})
	return files
}

// A post is what the front matter says, plus where the file goes.
type post struct {
	section, name string // "reflections", "2023-04-01-notes-on-uncertainty"
	title         string
	date          time.Time
	tags          []string
	stage, author string
	kind          string
	draft         bool
}

func (p *post) path() string { return "content/" + p.section + "/" + p.name + ".md" }

// generate makes the corpus and hands each file to emit, which may stop it with an error.
func generate(opts Options, emit func(name string, data []byte) error) (Summary, error) {
	var sum Summary
	if err := emit("content/_index.md", []byte(indexPage)); err != nil {
		return sum, err
	}
	s := newSource(opts.Seed)
	posts := metas(s, opts.N)
	var live []*post
	for _, p := range posts {
		if !p.draft {
			live = append(live, p)
		}
	}
	w := newWriter(s)
	var buf bytes.Buffer
	for _, p := range posts {
		buf.Reset()
		writeFrontMatter(&buf, p)
		w.body(&buf, p, linkTargets(s, p, live))
		data := bytes.Clone(buf.Bytes())
		sum.Posts++
		if p.draft {
			sum.Drafts++
		}
		sum.Words += countWords(data)
		sum.Bytes += len(data)
		if err := emit(p.path(), data); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

var (
	epoch     = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	spanMin   = int(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Sub(epoch) / time.Minute)
	tagDraw   = zipf(len(tags), 3)    // first tag ~14× as likely as the last
	authDraw  = zipf(len(authors), 6) // first author ~5× as likely as the last
	stageDraw = newWeighted(stageWeights)
	ntagsDraw = newWeighted([]uint64{20, 35, 30, 15}) // 1, 2, 3 or 4 tags
)

// metas draws every post's front matter first, so bodies can link to any post.
func metas(s *source, n int) []*post {
	posts := make([]*post, 0, max(n, 0))
	used := make(map[string]bool)
	for range n {
		p := &post{date: epoch.Add(time.Duration(s.intn(spanMin)) * time.Minute)}
		t := fmt.Sprintf(pick(s, titleFrames), pick(s, titleTopics))
		p.title = strings.ToUpper(t[:1]) + t[1:]
		p.kind, p.section = "reflection", "reflections"
		if s.percent(25) {
			p.kind, p.section = "case-study", "case-studies"
		}
		base := p.date.Format("2006-01-02") + "-" + slug(p.title)
		p.name = base
		for k := 2; used[p.section+"/"+p.name]; k++ {
			p.name = fmt.Sprintf("%s-%d", base, k)
		}
		used[p.section+"/"+p.name] = true
		for want := ntagsDraw.draw(s) + 1; len(p.tags) < want; {
			if t := tags[tagDraw.draw(s)]; !contains(p.tags, t) {
				p.tags = append(p.tags, t)
			}
		}
		p.stage = stages[stageDraw.draw(s)]
		p.author = authors[authDraw.draw(s)]
		p.draft = s.percent(2)
		posts = append(posts, p)
	}
	return posts
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug is the title's first seven words, lower case, joined by hyphens.
func slug(title string) string {
	parts := strings.Split(strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-"), "-")
	return strings.Join(parts[:min(len(parts), 7)], "-")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// linkTargets picks 1–3 distinct published posts other than p.
func linkTargets(s *source, p *post, live []*post) []*post {
	avail := len(live)
	if !p.draft {
		avail-- // p itself
	}
	k := min(s.between(1, 3), avail)
	var out []*post
	for len(out) < k {
		q := pick(s, live)
		if q != p && !containsPost(out, q) {
			out = append(out, q)
		}
	}
	return out
}

func containsPost(xs []*post, x *post) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// relLink is the link from src's file to dst's, in one of the forms writers use.
func relLink(s *source, src, dst *post) string {
	if src.section != dst.section {
		return "../" + dst.section + "/" + dst.name + ".md"
	}
	if s.percent(50) {
		return "./" + dst.name + ".md"
	}
	return dst.name + ".md"
}

func yamlString(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

func writeFrontMatter(b *bytes.Buffer, p *post) {
	fmt.Fprintf(b, "---\ntitle: %s\ndate: %s\ntags:\n", yamlString(p.title), p.date.Format("2006-01-02T15:04:05Z"))
	for _, t := range p.tags {
		fmt.Fprintf(b, "  - %s\n", t)
	}
	fmt.Fprintf(b, "stage: %s\nauthor: %s\nkind: %s\n", p.stage, yamlString(p.author), p.kind)
	if p.draft {
		b.WriteString("draft: true\n")
	}
	b.WriteString("---\n\n")
}
