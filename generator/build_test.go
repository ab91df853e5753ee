package generator_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mindlines/mindlines/generator"
	"github.com/mindlines/mindlines/generator/sitetest"
)

const basicSite = `
-- content/_index.md --
---
title: Cohort Reflections
baseURL: https://example.org/
posts_per_page: 2
---
Welcome to **our** blog. Start with [the audit](case-studies/audit.md).
-- content/authors/ann.md --
---
name: Ann Jones
role: GP trainee
cohort: 2025
---
Ann is an ST2.
-- content/authors/bo.md --
---
name: Bo Smith
role: GP trainer
---
-- content/reflections/2024-03-01-first.md --
---
title: First reflection
author: ann
stage: Curiosity
tags: [Audit, Prescribing]
---
I wondered about [the audit](../case-studies/audit.md#results).
-- content/reflections/2024-04-01-second.md --
---
title: Second reflection
author: [ann, bo]
stage: quality-improvement
tags: audit, teamwork
---
Back to [the first](2024-03-01-first.md).
-- content/case-studies/audit.md --
---
title: The audit
date: 2024-05-01
author: bo
stage: Quality Improvement
tags: [audit]
---
## Results

It went well.
`

func TestPostPage(t *testing.T) {
	s := sitetest.Build(t, basicSite, generator.Options{})
	s.AssertFile("reflections/2024-03-01-first/index.html", `
		<title>First reflection · Cohort Reflections</title>
		<time datetime="2024-03-01">1 March 2024</time>
		<a href="/authors/ann/">Ann Jones</a>
		href="/stages/curiosity/"
		<a href="/tags/audit/" rel="tag">audit</a>
		<a href="/case-studies/audit/#results">the audit</a>
		1 min read
		<link rel="canonical" href="https://example.org/reflections/2024-03-01-first/">
		Linked from
		/reflections/2024-04-01-second/
	`)
	// Co-authored post lists both authors.
	s.AssertFile("reflections/2024-04-01-second/index.html", `
		<a href="/authors/ann/">Ann Jones</a> and <a href="/authors/bo/">Bo Smith</a>
		<a href="/reflections/2024-03-01-first/">the first</a>
		rel="prev"
	`)
	s.AssertFile("index.html", `
		Welcome to <strong>our</strong> blog
		<a href="/case-studies/audit/">the audit</a>
		The audit
		Second reflection
		! First reflection</a>
		href="/page/1/"
	`)
	// Older posts fill pages from the oldest, so a page keeps its posts.
	s.AssertFile("page/1/index.html", `
		<title>Posts from 1 March 2024 to 1 March 2024 · Cohort Reflections</title>
		First reflection
		<a href="/" rel="prev">Newer posts</a>
	`)
}

func TestTagsMatchCaseInsensitively(t *testing.T) {
	s := sitetest.Build(t, basicSite, generator.Options{})
	// "Audit" once and "audit" twice: one tag page, named by the most used spelling.
	s.AssertFile("tags/audit/index.html", `
		<h1>audit</h1>
		First reflection
		Second reflection
		The audit
	`)
	s.AssertFile("tags/index.html", "teamwork")
	if s.Has("tags/Audit/index.html") {
		t.Error("a second tag page for Audit")
	}
}

func TestStages(t *testing.T) {
	s := sitetest.Build(t, basicSite, generator.Options{})
	s.AssertFile("stages/quality-improvement/index.html", `
		Second reflection
		The audit
		Measuring what we do
	`)
	s.AssertFile("stages/index.html", `
		Curiosity
		Quality improvement
		Research
		Implementation
		Sharing
	`)
	bad := basicSite + `
-- content/reflections/2024-06-01-bad.md --
---
title: Bad
author: ann
stage: Pondering
---
`
	sitetest.Build(t, bad, generator.Options{}).AssertError(`
		content/reflections/2024-06-01-bad.md:4: stage "Pondering" is not one of this site's stages: curiosity, quality improvement, research, implementation, sharing
	`)
}

func TestCustomStages(t *testing.T) {
	s := sitetest.Build(t, `
-- content/_index.md --
---
stages:
  - name: Noticing
    description: We noticed something.
  - Acting
---
-- content/notes/2024-01-01-a.md --
---
stage: acting
---
Hello.
`, generator.Options{})
	s.AssertFile("stages/index.html", "Noticing\nWe noticed something.\nActing")
	s.AssertFile("stages/acting/index.html", "A</a>")
}

func TestTitleFallbacks(t *testing.T) {
	s := sitetest.Build(t, `
-- content/notes/2024-01-01-from-heading.md --
# The heading title

Body text.
-- content/notes/2024-01-02-from-file-name.md --
Just text.
`, generator.Options{})
	s.AssertFile("notes/2024-01-01-from-heading/index.html", `
		<h1 class="p-name">The heading title</h1>
		! <h1 id="the-heading-title"
	`)
	s.AssertFile("notes/2024-01-02-from-file-name/index.html", `<h1 class="p-name">From file name</h1>`)
}

func TestDates(t *testing.T) {
	s := sitetest.Build(t, `
-- content/notes/a.md --
---
date: 2024-07-01 09:30
---
-- content/notes/b.md --
---
date: 2024-07-02T10:00:00+02:00
---
-- content/notes/2024-07-03-c.md --
Dated by its name.
`, generator.Options{})
	s.AssertFile("notes/a/index.html", `datetime="2024-07-01"`)
	s.AssertFile("notes/b/index.html", `datetime="2024-07-02"`)
	s.AssertFile("notes/2024-07-03-c/index.html", `datetime="2024-07-03"`)

	sitetest.Build(t, `
-- content/notes/a.md --
---
title: A
date: 01/07/2024
---
-- content/notes/b.md --
---
title: B
---
`, generator.Options{}).AssertError(`
		content/notes/a.md:3: date "01/07/2024" is not a date
		content/notes/b.md:1: post has no date
	`)
}

func TestTodayIsNotFutureInSummerTime(t *testing.T) {
	// At 00:30 BST on 1 June it is still 31 May in UTC; a post dated
	// 2026-06-01 is today's in the site's zone, not a future one.
	site := `
-- content/notes/2026-06-01-today.md --
Today.
`
	opts := generator.Options{Now: func() time.Time { return time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC) }}
	sitetest.Build(t, site, opts).AssertFile("index.html", "Today")
}

func TestDraftsAndFutureAreNeverPublished(t *testing.T) {
	site := basicSite + `
-- content/reflections/2024-06-01-draft.md --
---
title: Secret draft
author: ann
stage: research
tags: [onlydraft]
draft: true
---
Draft body.
-- content/reflections/2030-01-01-future.md --
---
title: Future post
author: bo
tags: [onlyfuture]
---
Future body.
`
	s := sitetest.Build(t, site, generator.Options{})
	for _, p := range s.Paths() {
		if p == "style.css" {
			continue
		}
		got := s.File(p)
		for _, bad := range []string{"Secret draft", "Future post", "onlydraft", "onlyfuture"} {
			if bytes.Contains([]byte(got), []byte(bad)) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
	if s.Has("reflections/2024-06-01-draft/index.html") || s.Has("tags/onlydraft/index.html") || s.Has("tags/onlyfuture/index.html") {
		t.Error("a draft or future page was published")
	}
	s.AssertWarning("content/reflections/2030-01-01-future.md: skipped: dated 2030-01-01 00:00, in the future")

	all := sitetest.Build(t, site, generator.Options{Drafts: true, Future: true})
	all.AssertFile("reflections/2024-06-01-draft/index.html", "Secret draft")
	all.AssertFile("tags/onlyfuture/index.html", "Future post")
	all.AssertFile("feed.xml", "Future post")
}

func TestMultipleErrorsInOneRun(t *testing.T) {
	s := sitetest.Build(t, `
-- content/notes/2024-01-01-a.md --
---
title: A
stage: nonsense
---
See [missing](nothere.md) and [b](2024-01-02-b.md#nope).
-- content/notes/2024-01-02-b.md --
---
title: "B
---
-- content/notes/2024-01-03-c.md --
---
title: C: with a colon
---
`, generator.Options{})
	s.AssertError(`
		content/notes/2024-01-01-a.md:3: stage "nonsense"
		content/notes/2024-01-01-a.md:5:5: link "nothere.md": content/notes/nothere.md does not exist
		content/notes/2024-01-01-a.md:5:31: link "2024-01-02-b.md#nope": content/notes/2024-01-02-b.md has no heading with id "nope"
		content/notes/2024-01-02-b.md:3: front matter: found unexpected end of stream
		content/notes/2024-01-03-c.md:2: front matter: mapping values are not allowed in this context (quote a value that contains a colon
	`)
}

func TestLinks(t *testing.T) {
	site := `
-- content/notes/2024-01-01-a.md --
See [b](2024-01-02-b.md#part-two), [c](../other/c.md), [self](#intro),
[web](https://nhs.uk), [mail](mailto:x@example.org) and ![chart](../files/chart.png). <!-- confidential:ok -->

## Intro
-- content/notes/2024-01-02-b.md --
## Part two
-- content/other/c.md --
---
date: 2024-01-03
draft: true
---
-- content/files/chart.png --
PNG
`
	s := sitetest.Build(t, site, generator.Options{})
	s.AssertError(`content/notes/2024-01-01-a.md:1:36: link "../other/c.md" goes to a draft`)
	s = sitetest.Build(t, site, generator.Options{Drafts: true})
	s.AssertFile("notes/2024-01-01-a/index.html", `
		<a href="/notes/2024-01-02-b/#part-two">b</a>
		<a href="/other/c/">c</a>
		<a href="#intro">self</a>
		<a href="https://nhs.uk">web</a>
		<img src="/files/chart.png" alt="chart">
	`)
	s.AssertFile("files/chart.png", "PNG")
	s.AssertFile("notes/2024-01-02-b/index.html", "Linked from\n/notes/2024-01-01-a/")
}

func TestPageBundle(t *testing.T) {
	s := sitetest.Build(t, `
-- content/case-studies/audit/index.md --
---
date: 2024-01-01
title: Audit
---
![Bar chart of results](chart.png)
-- content/case-studies/audit/chart.png --
PNG
-- content/case-studies/audit/data/table.csv --
a,b
`, generator.Options{})
	s.AssertFile("case-studies/audit/index.html", "<img src=\"/case-studies/audit/chart.png\" alt=\"Bar chart of results\">")
	s.AssertWarning("! alt text")
	noAlt := sitetest.Build(t, `
-- content/notes/2024-01-01-x.md --
Text.

![](chart.png)
-- content/notes/chart.png --
PNG
`, generator.Options{})
	noAlt.AssertWarning(`content/notes/2024-01-01-x.md:3:1: image "chart.png" has no alt text`)
	s.AssertFile("case-studies/audit/chart.png", "PNG")
	s.AssertFile("case-studies/audit/data/table.csv", "a,b")
}

func TestURLs(t *testing.T) {
	s := sitetest.Build(t, `
-- content/Réflexions/2024-01-01-Café Crème.md --
Text.
-- content/notes/2024-01-01-x.md --
---
slug: Straße & Co
---
-- content/about.md --
---
title: About us
---
We are a cohort.
`, generator.Options{})
	s.OK()
	for _, p := range []string{"reflexions/2024-01-01-cafe-creme/index.html", "notes/strasse-and-co/index.html", "about/index.html", "reflexions/index.html"} {
		if !s.Has(p) {
			t.Errorf("no %s in %v", p, s.Paths())
		}
	}
	sitetest.Build(t, `
-- content/notes/2024-01-01-a.md --
---
slug: same
---
-- content/notes/2024-02-01-b.md --
---
slug: same
---
`, generator.Options{}).AssertError("URL /notes/same/ is taken by both content/notes/2024-01-01-a.md and content/notes/2024-02-01-b.md")
}

func TestSameTitleDifferentDays(t *testing.T) {
	s := sitetest.Build(t, `
-- content/notes/2024-01-01-hard-day.md --
---
title: A hard day
---
-- content/notes/2024-02-01-hard-day.md --
---
title: A hard day
---
`, generator.Options{})
	s.OK()
	if !s.Has("notes/2024-01-01-hard-day/index.html") || !s.Has("notes/2024-02-01-hard-day/index.html") {
		t.Errorf("outputs: %v", s.Paths())
	}
}

func TestAuthors(t *testing.T) {
	s := sitetest.Build(t, basicSite, generator.Options{})
	s.AssertFile("authors/ann/index.html", `
		<h1>Ann Jones</h1>
		GP trainee
		Cohort: 2025
		Ann is an ST2.
		First reflection
		Second reflection
	`)
	s.AssertFile("authors/index.html", "Ann Jones\nBo Smith")
	sitetest.Build(t, basicSite+`
-- content/notes/2024-01-01-x.md --
---
author: carol
---
`, generator.Options{}).AssertError(`content/notes/2024-01-01-x.md:2: author "carol" has no profile in content/authors/ (known authors: ann, bo)`)

	// Without content/authors/, author values are display names.
	names := sitetest.Build(t, `
-- content/notes/2024-01-01-x.md --
---
author: Dr Amara Okafor
---
-- content/notes/2024-01-02-y.md --
---
author: [Dr Amara Okafor, Sam Lee]
---
`, generator.Options{})
	names.AssertFile("authors/dr-amara-okafor/index.html", "<h1>Dr Amara Okafor</h1>\n2 posts")
	names.AssertFile("authors/sam-lee/index.html", "<h1>Sam Lee</h1>")
}

func TestFrontMatterFormats(t *testing.T) {
	s := sitetest.Build(t, `
-- content/notes/yaml.md --
---
title: From YAML
date: 2024-01-01
kind: reflection
---
-- content/notes/toml.md --
+++
title = "From TOML"
date = "2024-01-02"
tags = ["a", "b"]
+++
Body.
-- content/notes/json.md --
{
  "title": "From JSON",
  "date": "2024-01-03"
}

Body.
`, generator.Options{})
	s.AssertFile("notes/yaml/index.html", "From YAML")
	s.AssertFile("notes/toml/index.html", "From TOML\n/tags/b/")
	s.AssertFile("notes/json/index.html", "From JSON")

	sitetest.Build(t, `
-- content/notes/open.md --
---
title: Never closed
`, generator.Options{}).AssertError(`content/notes/open.md:1: front matter opened with "---" is never closed`)
}

func TestBOMAndCRLFAndDebris(t *testing.T) {
	fsys := sitetest.FS(`
-- content/notes/2024-01-01-ok.md.swp --
garbage
-- content/notes/.hidden.md --
garbage
-- content/notes/#autosave#.md --
garbage
-- content/notes/2024-01-01-x.md~ --
garbage
-- content/notes/4913 --
probe
-- content/notes/2024-01-02-empty.md --
   
`)
	fsys["content/notes/2024-01-01-crlf.md"] = &fstest.MapFile{Data: []byte("\xEF\xBB\xBF---\r\ntitle: Windows post\r\ntags: [x]\r\n---\r\nLine one\r\n\r\nLine [two](2024-01-01-crlf.md)\r\n")}
	b := generator.NewBuilder(fsys, generator.Options{Now: func() time.Time { return sitetest.Now }})
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, o := range res.Outputs {
		paths = append(paths, o.Path)
		if strings.Contains(string(o.Bytes), "garbage") || strings.Contains(o.Path, "4913") {
			t.Errorf("debris published in %s", o.Path)
		}
	}
	if !slices.Contains(paths, "notes/2024-01-01-crlf/index.html") {
		t.Fatalf("no CRLF post in %v", paths)
	}
	if !strings.Contains(res.Warnings.Error(), "content/notes/2024-01-02-empty.md: skipped: the file is empty") {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

func TestRawHTMLAndEscaping(t *testing.T) {
	site := `
-- content/notes/2024-01-01-x.md --
---
title: "<script>alert(1)</script> & co"
---
<div class="x">raw</div>

Inline <b>bold</b>.
`
	s := sitetest.Build(t, site, generator.Options{})
	s.AssertFile("notes/2024-01-01-x/index.html", `
		<h1 class="p-name">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>
		! <script>alert(1)</script> & co</h1>
		! <div class="x">raw
		! <b>bold</b>
	`)
	s = sitetest.Build(t, site+`
-- content/_index.md --
---
unsafe_html: true
---
`, generator.Options{})
	s.AssertFile("notes/2024-01-01-x/index.html", "<div class=\"x\">raw</div>\n<b>bold</b>")
}

func TestMarkdownExtensions(t *testing.T) {
	s := sitetest.Build(t, `
-- content/notes/2024-01-01-x.md --
| a | b |
|---|---|
| 1 | 2 |

~~old~~ and "quotes" and https://nice.org.uk

- [x] done
- [ ] todo

Note.[^1]

[^1]: A footnote.
`, generator.Options{})
	s.AssertFile("notes/2024-01-01-x/index.html", `
		<table>
		<del>old</del>
		&ldquo;quotes&rdquo;
		<a href="https://nice.org.uk">https://nice.org.uk</a>
		type="checkbox"
		A footnote.
		fn:1
	`)
}

func TestFeeds(t *testing.T) {
	s := sitetest.Build(t, basicSite, generator.Options{})
	s.AssertFile("feed.xml", `
		<feed xmlns="http://www.w3.org/2005/Atom"
		<link rel="self" type="application/atom+xml" href="https://example.org/feed.xml"/>
		<title>The audit</title>
		<content type="html" xml:base="https://example.org/reflections/
		It went well.
		<published>2024-05-01T00:00:00+01:00</published>
	`)
	s.AssertFile("tags/audit/feed.xml", "First reflection")
	s.AssertFile("stages/curiosity/feed.xml", "First reflection")
	s.AssertFile("authors/bo/feed.xml", "The audit")
	s.AssertFile("sitemap.xml", `
		<loc>https://example.org/reflections/2024-03-01-first/</loc>
		<loc>https://example.org/tags/audit/</loc>
	`)
	s.AssertFile("robots.txt", "Sitemap: https://example.org/sitemap.xml")

	summaries := sitetest.Build(t, strings.Replace(basicSite, "posts_per_page: 2", "posts_per_page: 2\nfeed_full_content: false", 1), generator.Options{})
	summaries.AssertFile("feed.xml", "Read the whole post\n! &lt;h2")
}

func TestBasePath(t *testing.T) {
	s := sitetest.Build(t, basicSite, generator.Options{BaseURL: "https://example.org/blog/"})
	s.AssertFile("reflections/2024-03-01-first/index.html", `
		href="/blog/case-studies/audit/#results"
		href="/blog/style.css?v=
		<link rel="canonical" href="https://example.org/blog/reflections/2024-03-01-first/">
	`)
	s.AssertFile("sitemap.xml", "<loc>https://example.org/blog/tags/audit/</loc>")
}

func TestThemeOverride(t *testing.T) {
	s := sitetest.Build(t, basicSite+`
-- content/_index.md --
---
title: Themed
theme: calm
---
-- themes/calm/templates/post.html --
{{define "main"}}<p class="custom">CUSTOM {{.Page.Title}} {{param .Page.Params "kind"}}</p>{{end}}
-- themes/calm/static/extra.css --
body { color: red }
`, generator.Options{})
	s.AssertFile("reflections/2024-03-01-first/index.html", "CUSTOM First reflection\nSkip to main content")
	s.AssertFile("extra.css", "color:red")
	s.AssertFile("style.css", "skip-link") // the rest falls back to the default theme

	sitetest.Build(t, basicSite+`
-- content/_index.md --
---
theme: missing
---
`, generator.Options{}).AssertError(`theme "missing": there is no folder themes/missing/`)
}

func TestDeterministic(t *testing.T) {
	a := sitetest.Build(t, basicSite, generator.Options{Workers: 1}).OK()
	for i := 0; i < 3; i++ {
		b := sitetest.Build(t, basicSite, generator.Options{Workers: 4}).OK()
		if len(a.Result.Outputs) != len(b.Result.Outputs) {
			t.Fatalf("%d outputs, then %d", len(a.Result.Outputs), len(b.Result.Outputs))
		}
		for i, o := range a.Result.Outputs {
			if o.Path != b.Result.Outputs[i].Path || !bytes.Equal(o.Bytes, b.Result.Outputs[i].Bytes) {
				t.Errorf("%s differs between builds", o.Path)
			}
		}
	}
}

func TestRelatedPosts(t *testing.T) {
	s := sitetest.Build(t, `
-- content/notes/2024-01-01-a.md --
---
tags: [x, y]
stage: research
---
-- content/notes/2024-01-02-b.md --
---
tags: [x, y]
stage: research
---
-- content/notes/2024-01-03-c.md --
---
tags: [x]
---
-- content/notes/2024-01-04-d.md --
---
tags: [z]
---
`, generator.Options{})
	page := s.File("notes/2024-01-01-a/index.html")
	related := page[strings.Index(page, "Related posts"):]
	if !strings.Contains(related, "/notes/2024-01-02-b/") || !strings.Contains(related, "/notes/2024-01-03-c/") || strings.Contains(related, "/notes/2024-01-04-d/") {
		t.Errorf("related section: %s", related)
	}
	if strings.Index(related, "2024-01-02-b") > strings.Index(related, "2024-01-03-c") {
		t.Error("the post sharing more tags must come first")
	}
}

func TestConfidentiality(t *testing.T) {
	site := `
-- content/notes/2024-01-01-a.md --
---
title: A hard consultation
---
Mrs Patel, 84, came in with chest pain. Her NHS number is 943 476 5919.

A 72-year-old man was seen.
-- content/notes/2024-01-02-draft.md --
---
draft: true
---
NHS number 943 476 5919.
`
	s := sitetest.Build(t, site, generator.Options{})
	s.AssertError(`
		content/notes/2024-01-01-a.md:4:1: patient-name (high)
		content/notes/2024-01-01-a.md:4:59: nhs-number (high): 9
		! 943 476 5919
		! 2024-01-02-draft.md
	`)
	acked := strings.Replace(site, "title: A hard consultation", "title: A hard consultation\nacknowledge: [Mrs Patel, 943 476 5919]", 1)
	sitetest.Build(t, acked, generator.Options{}).AssertWarning("content/notes/2024-01-01-a.md:7:3: exact-age (low)")

	off := site + `
-- content/_index.md --
---
confidentiality: false
---
`
	sitetest.Build(t, off, generator.Options{}).AssertWarning("the confidentiality check is turned off")

	// A post's own date is when it was written, not an encounter.
	dated := sitetest.Build(t, `
-- content/notes/x.md --
---
date: 2024-06-19
lastmod: 2024-07-01 10:00
title: The consultation I keep thinking about
---
Nothing to report.
`, generator.Options{})
	dated.AssertWarning("! encounter-date")
}

// TestRebuildAfterAFuturePostsDay checks that a quick rebuild after a body
// edit still publishes a post whose day came since the last build.
func TestRebuildAfterAFuturePostsDay(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	fsys := sitetest.FS(`
-- content/notes/2026-05-01-a.md --
Body.
-- content/notes/2026-06-02-b.md --
Tomorrow's post.
`)
	b := generator.NewBuilder(fsys, generator.Options{Now: clock})
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	now = now.Add(48 * time.Hour)
	fsys["content/notes/2026-05-01-a.md"] = &fstest.MapFile{Data: []byte("Body, edited.")}
	got, err := b.Build(context.Background(), "content/notes/2026-05-01-a.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generator.NewBuilder(fsys, generator.Options{Now: clock}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Outputs) != len(want.Outputs) {
		t.Fatalf("incremental build has %d outputs, full build %d", len(got.Outputs), len(want.Outputs))
	}
	for i := range want.Outputs {
		if got.Outputs[i].Path != want.Outputs[i].Path || !bytes.Equal(got.Outputs[i].Bytes, want.Outputs[i].Bytes) {
			t.Errorf("%s differs from a full build", want.Outputs[i].Path)
		}
	}
}

// TestStreamingBuildEqualsInMemory checks that a build streamed to a sink,
// which keeps post bodies in a temporary file, gives what an in-memory build
// gives.
func TestStreamingBuildEqualsInMemory(t *testing.T) {
	fsys := os.DirFS("..")
	want, err := generator.NewBuilder(fsys, generator.Options{}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string][]byte{}
	res, err := generator.NewBuilder(fsys, generator.Options{Sink: func(o generator.Output) error {
		mu.Lock()
		defer mu.Unlock()
		got[o.Path] = bytes.Clone(o.Bytes) // the builder uses the storage again
		return nil
	}}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outputs) != len(want.Outputs) || len(got) != len(want.Outputs) {
		t.Fatalf("streamed %d outputs (%d listed), in memory %d", len(got), len(res.Outputs), len(want.Outputs))
	}
	for _, o := range want.Outputs {
		if !bytes.Equal(got[o.Path], o.Bytes) {
			t.Errorf("%s differs between a streamed and an in-memory build", o.Path)
		}
	}
}

// TestRebuildAfterDraftEdits checks quick rebuilds around drafts: editing a
// draft that stays a draft, then publishing it, each equal to a full build.
func TestRebuildAfterDraftEdits(t *testing.T) {
	fsys := sitetest.FS(basicSite + `
-- content/reflections/2024-06-01-draft.md --
---
title: Draft
author: ann
draft: true
---
First words.
`)
	opts := generator.Options{Now: func() time.Time { return sitetest.Now }}
	b := generator.NewBuilder(fsys, opts)
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	const draft = "content/reflections/2024-06-01-draft.md"
	for i, text := range []string{
		"---\ntitle: Draft\nauthor: ann\ndraft: true\n---\nMore words.\n",
		"---\ntitle: Draft\nauthor: ann\n---\nPublished now.\n",
	} {
		fsys[draft] = &fstest.MapFile{Data: []byte(text)}
		got, err := b.Build(context.Background(), draft)
		if err != nil {
			t.Fatal(err)
		}
		want, err := generator.NewBuilder(fsys, opts).Build(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Outputs) != len(want.Outputs) {
			t.Fatalf("step %d: %d outputs, full build %d", i, len(got.Outputs), len(want.Outputs))
		}
		for k := range want.Outputs {
			if got.Outputs[k].Path != want.Outputs[k].Path || !bytes.Equal(got.Outputs[k].Bytes, want.Outputs[k].Bytes) {
				t.Errorf("step %d: %s differs from a full build", i, want.Outputs[k].Path)
			}
		}
	}
}

// TestRebuildReportsWhatChanged checks Result.Changed, which tells mindlines
// serve which pages to reload.
func TestRebuildReportsWhatChanged(t *testing.T) {
	fsys := sitetest.FS(basicSite)
	b := generator.NewBuilder(fsys, generator.Options{Now: func() time.Time { return sitetest.Now }})
	first, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Changed) != len(first.Outputs) {
		t.Errorf("first build: %d changed of %d outputs", len(first.Changed), len(first.Outputs))
	}
	const post = "content/reflections/2024-03-01-first.md"
	fsys[post] = &fstest.MapFile{Data: append(append([]byte{}, fsys[post].Data...), "\nA new last line.\n"...)}
	res, err := b.Build(context.Background(), post)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(res.Changed, "reflections/2024-03-01-first/index.html") {
		t.Errorf("changed = %v, want the edited post", res.Changed)
	}
	if slices.Contains(res.Changed, "tags/index.html") || slices.Contains(res.Changed, "reflections/2024-04-01-second/index.html") {
		t.Errorf("changed = %v lists pages the edit cannot change", res.Changed)
	}
	again, err := b.Build(context.Background(), post)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changed) != 0 {
		t.Errorf("a rebuild with nothing new changed %v", again.Changed)
	}
}

// Section, tag, stage and author pages list entries_per_page posts; older
// ones fill pages numbered from the oldest, which the sitemap lists.
func TestListPagesOfOlderPosts(t *testing.T) {
	site := strings.Replace(basicSite, "posts_per_page: 2\n", "posts_per_page: 2\nentries_per_page: 2\n", 1)
	s := sitetest.Build(t, site, generator.Options{})
	s.AssertFile("tags/audit/index.html", `
		3 posts
		The audit
		Second reflection
		! First reflection
		<a href="/tags/audit/page/1/" rel="next">Older posts</a>
	`)
	s.AssertFile("tags/audit/page/1/index.html", `
		<title>audit: posts from 1 March 2024 to 1 March 2024 · Cohort Reflections</title>
		First reflection
		<a href="/tags/audit/" rel="prev">Newer posts</a>
		! 3 posts
	`)
	s.AssertFile("sitemap.xml", "<loc>https://example.org/tags/audit/page/1/</loc>")
	if s.Has("tags/teamwork/page/1/index.html") {
		t.Error("a list that fits its first page has a page of older posts")
	}
}

// A section's introduction and an author's profile may link to posts like
// any body: the links resolve, the posts list them as backlinks, and a
// broken one is reported.
func TestLinksInSectionsAndProfiles(t *testing.T) {
	site := basicSite + `
-- content/reflections/_index.md --
---
title: Reflections
---
Start with [the first](2024-03-01-first.md), then [the audit](../case-studies/audit.md).
`
	site = strings.Replace(site, "Ann is an ST2.", "Ann is an ST2. Read [her audit](../case-studies/audit.md#results).", 1)
	s := sitetest.Build(t, site, generator.Options{})
	s.AssertFile("reflections/index.html", `<a href="/reflections/2024-03-01-first/">the first</a>`)
	s.AssertFile("authors/ann/index.html", `<a href="/case-studies/audit/#results">her audit</a>`)
	s.AssertFile("reflections/2024-03-01-first/index.html", `
		Linked from
		<a href="/reflections/">Reflections</a>
	`)
	// Linked from the home page's introduction, a section's and a
	// profile's: an entry for each, in order.
	s.AssertFile("case-studies/audit/index.html", `
		Linked from
		<a href="/">Cohort Reflections</a>
		<a href="/authors/ann/">Ann Jones</a>
		<a href="/reflections/">Reflections</a>
	`)
	for _, p := range s.Paths() {
		if strings.Contains(s.File(p), "ml-ref:") {
			t.Errorf("%s has an unresolved link", p)
		}
	}

	broken := strings.Replace(site, "(../case-studies/audit.md#results)", "(../case-studies/gone.md)", 1)
	sitetest.Build(t, broken, generator.Options{}).AssertError(`content/authors/ann.md:6:`)
}
