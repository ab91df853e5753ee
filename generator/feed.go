package generator

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// feedJobs plans the Atom feeds: the site's latest posts, and one per tag,
// stage and author that has posts.
func feedJobs(site *Site, global uint64, cache *snippetCache) []job {
	s := site.Settings
	var jobs []job
	add := func(out, title, selfURL, pageURL string, posts []*Page) {
		posts = posts[:min(len(posts), s.FeedSize)]
		keyFn := func() uint64 {
			k := newKey("feed").u64(global).str(out).str(title)
			for _, p := range posts {
				k.u64(p.bodyKey)
			}
			return k.sum()
		}
		jobs = append(jobs, job{path: out, key: keyFn(), keyFn: keyFn, deps: posts, compact: true, render: func(buf *bytes.Buffer) error {
			writeAtom(buf, site, title, selfURL, pageURL, posts, cache)
			return nil
		}})
	}
	add("feed.xml", s.Title, s.BasePath+"feed.xml", s.BasePath, site.Posts)
	for _, t := range site.Tags {
		add("tags/"+t.Slug+"/feed.xml", s.Title+": posts tagged "+t.Name, t.URL+"feed.xml", t.URL, t.Posts)
	}
	for _, st := range site.Stages {
		if len(st.Posts) > 0 {
			add("stages/"+st.Slug+"/feed.xml", s.Title+": "+st.Name, st.URL+"feed.xml", st.URL, st.Posts)
		}
	}
	for _, a := range site.Authors {
		if len(a.Posts) > 0 {
			add(strings.TrimPrefix(a.URL, s.BasePath)+"feed.xml", s.Title+": posts by "+a.Name, a.URL+"feed.xml", a.URL, a.Posts)
		}
	}
	return jobs
}

// feedID makes an Atom id, which must be an absolute IRI: the page's URL
// when the site has a baseURL, a tag URI otherwise.
func feedID(s *Settings, rel string) string {
	if s.BaseURL != "" {
		return s.absURL(rel)
	}
	return "tag:mindlines.invalid,2024:" + rel
}

func writeAtom(buf *bytes.Buffer, site *Site, title, selfURL, pageURL string, posts []*Page, cache *snippetCache) {
	s := site.Settings
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range posts {
		if d := latest(p); d.After(updated) {
			updated = d
		}
	}
	buf.WriteString(`<?xml version="1.0" encoding="utf-8"?>`)
	buf.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"`)
	attr(buf, "xml:lang", s.Language)
	if s.BaseURL != "" {
		attr(buf, "xml:base", s.BaseURL)
	}
	buf.WriteString(">")
	elem(buf, "title", title)
	if s.Description != "" {
		elem(buf, "subtitle", s.Description)
	}
	buf.WriteString(`<link rel="self" type="application/atom+xml"`)
	attr(buf, "href", s.absURL(selfURL))
	buf.WriteString(`/><link rel="alternate" type="text/html"`)
	attr(buf, "href", s.absURL(pageURL))
	buf.WriteString("/>")
	elem(buf, "id", feedID(s, pageURL))
	elem(buf, "updated", updated.In(s.TimeZone).Format(time.RFC3339))
	buf.WriteString("<author>")
	elem(buf, "name", s.Title)
	buf.WriteString("</author>")
	buf.WriteString(`<generator uri="https://github.com/mindlines/mindlines">mindlines</generator>`)
	for _, p := range posts {
		// A post is in several feeds; its entry is written once per build.
		entry, _ := cache.memo(newKey("atom-entry").u64(p.bodyKey).sum(), func() (string, error) {
			var buf bytes.Buffer
			writeAtomEntry(&buf, s, p)
			return buf.String(), nil
		})
		buf.WriteString(entry)
	}
	buf.WriteString("</feed>")
}

func latest(p *Page) time.Time {
	if p.Lastmod.After(p.Date) {
		return p.Lastmod
	}
	return p.Date
}

func elem(buf *bytes.Buffer, name, text string) {
	buf.WriteByte('<')
	buf.WriteString(name)
	buf.WriteByte('>')
	xmlText(buf, text)
	buf.WriteString("</")
	buf.WriteString(name)
	buf.WriteByte('>')
}

func attr(buf *bytes.Buffer, name, value string) {
	buf.WriteString(" " + name + `="`)
	xmlEscapeTo(buf, value, true)
	buf.WriteString(`"`)
}

func xmlText(buf *bytes.Buffer, s string) { xmlEscapeTo(buf, s, false) }

// xmlEscapeTo writes s escaped as XML needs and no more: &, < and > always,
// the double quote inside an attribute. Feeds and the sitemap are written
// this way so they are minimal as they are (TestGeneratedXMLIsMinimal):
// running the minifier over them would change nothing and cost a tenth of a
// small site's build. Characters XML does not allow are dropped.
func xmlEscapeTo(buf *bytes.Buffer, s string, inAttr bool) {
	plain := &xmlPlain[0]
	if inAttr {
		plain = &xmlPlain[1]
	}
	last := 0
	for i := 0; i < len(s); {
		if plain[s[i]] {
			i++ // plain ASCII, most of any text
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == '&':
			esc = "&amp;"
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '"' && inAttr:
			esc = "&#34;"
		case r == '\n' && inAttr:
			esc = "&#10;"
		case !xmlChar(r, size):
			esc = "\uFFFD"
		default:
			i += size
			continue
		}
		buf.WriteString(s[last:i])
		buf.WriteString(esc)
		i += size
		last = i
	}
	buf.WriteString(s[last:])
}

// xmlPlain says which bytes xmlEscapeTo writes as they are, in text [0]
// and in attributes [1]: ASCII that XML allows and that needs no escape.
var xmlPlain = func() (t [2][256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		ok := (c >= 0x20 || c == '\t' || c == '\r' || c == '\n') && c != '&' && c != '<' && c != '>'
		t[0][c] = ok
		t[1][c] = ok && c != '"' && c != '\n'
	}
	return t
}()

// xmlChar reports whether XML 1.0 allows the character.
func xmlChar(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xmlText(&b, s)
	return b.String()
}

// sitemapJob plans sitemap.xml: every HTML page but 404.
// sitemapJob writes the sitemap. With memo, each post's entry is kept on
// the post for the next build (mindlines serve), so a rebuild writes the
// whole sitemap as fast as it can copy it.
func sitemapJob(site *Site, global uint64, memo bool) job {
	// The sitemap shows URLs and dates only, so a post's body edit leaves
	// it alone.
	k := newKey("sitemap").u64(global)
	all := append(append([]*Page{}, site.Posts...), site.Pages...)
	for _, p := range all {
		k.u64(p.metaKey)
	}
	// Each list's length says how many pages it has.
	for _, t := range site.Tags {
		k.str(t.Slug).u64(uint64(len(t.Posts)))
	}
	for _, a := range site.Authors {
		k.str(a.ID).u64(uint64(len(a.Posts)))
	}
	for _, sec := range site.Sections {
		k.str(sec.Slug).u64(uint64(len(sec.Posts)))
	}
	for _, st := range site.Stages {
		k.u64(uint64(len(st.Posts)))
	}
	return job{path: "sitemap.xml", key: k.sum(), compact: true, render: func(buf *bytes.Buffer) error {
		s := site.Settings
		buf.WriteString(`<?xml version="1.0" encoding="utf-8"?>`)
		buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		origin := ""
		if s.BaseURL != "" {
			origin = strings.TrimSuffix(s.BaseURL, s.BasePath) // as absURL makes them
		}
		loc := func(u string, mod string) {
			buf.WriteString("<url><loc>")
			xmlText(buf, origin)
			xmlText(buf, u)
			buf.WriteString("</loc>")
			if mod != "" {
				elem(buf, "lastmod", mod)
			}
			buf.WriteString("</url>")
		}
		buf.Grow(len(all) * (len(origin) + 64))
		loc(s.BasePath, "")
		for _, p := range all {
			if memo && p.sitemapFor == global^p.metaKey && p.sitemapEntry != nil {
				buf.Write(p.sitemapEntry)
				continue
			}
			start := buf.Len()
			mod := p.DateISO // formatted once, for every list that shows it
			if p.Lastmod.After(p.Date) {
				mod = p.Lastmod.In(s.TimeZone).Format("2006-01-02")
			}
			loc(p.URL, mod)
			if memo {
				p.sitemapEntry, p.sitemapFor = bytes.Clone(buf.Bytes()[start:]), global^p.metaKey
			}
		}
		// A list's first page and its pages of older posts.
		list := func(url string, posts []*Page, per int) {
			loc(url, "")
			_, archive := archivePages(posts, per)
			for n := 1; n <= len(archive); n++ {
				loc(url+"page/"+strconv.Itoa(n)+"/", "")
			}
		}
		for _, sec := range site.Sections {
			list(sec.URL, sec.Posts, s.EntriesPerPage)
		}
		loc(s.BasePath+"tags/", "")
		for _, t := range site.Tags {
			list(t.URL, t.Posts, s.EntriesPerPage)
		}
		loc(s.BasePath+"stages/", "")
		for _, st := range site.Stages {
			list(st.URL, st.Posts, s.EntriesPerPage)
		}
		loc(s.BasePath+"authors/", "")
		for _, a := range site.Authors {
			list(a.URL, a.Posts, s.EntriesPerPage)
		}
		_, archive := archivePages(site.Posts, s.PostsPerPage)
		for n := 1; n <= len(archive); n++ {
			loc(s.BasePath+"page/"+strconv.Itoa(n)+"/", "")
		}
		buf.WriteString("</urlset>")
		return nil
	}}
}

func robotsJob(site *Site, global uint64) job {
	return job{path: "robots.txt", key: newKey("robots").u64(global).sum(), render: func(buf *bytes.Buffer) error {
		buf.WriteString("User-agent: *\nAllow: /\n")
		if site.Settings.BaseURL != "" {
			buf.WriteString("Sitemap: " + site.Settings.absURL(site.Settings.BasePath+"sitemap.xml") + "\n")
		}
		return nil
	}}
}

func writeAtomEntry(buf *bytes.Buffer, s *Settings, p *Page) {
	buf.WriteString("<entry>")
	elem(buf, "title", p.Title)
	buf.WriteString(`<link rel="alternate" type="text/html"`)
	attr(buf, "href", s.absURL(p.URL))
	buf.WriteString("/>")
	elem(buf, "id", feedID(s, p.URL))
	elem(buf, "published", p.Date.In(s.TimeZone).Format(time.RFC3339))
	elem(buf, "updated", latest(p).In(s.TimeZone).Format(time.RFC3339))
	for _, a := range p.Authors {
		buf.WriteString("<author>")
		elem(buf, "name", a.Name)
		elem(buf, "uri", s.absURL(a.URL))
		buf.WriteString("</author>")
	}
	if p.Stage != nil {
		buf.WriteString(`<category scheme="stage"`)
		attr(buf, "term", p.Stage.Slug)
		attr(buf, "label", p.Stage.Name)
		buf.WriteString("/>")
	}
	for _, t := range p.Tags {
		buf.WriteString("<category")
		attr(buf, "term", t.Slug)
		attr(buf, "label", t.Name)
		buf.WriteString("/>")
	}
	if p.Summary != "" {
		elem(buf, "summary", p.Summary)
	}
	// The entry's own URL is the base of its content, so a fragment-only
	// link such as a footnote's "#fn:1" leads to the post, not to the
	// feed's xml:base (the home page).
	buf.WriteString(`<content type="html"`)
	attr(buf, "xml:base", s.absURL(p.URL))
	buf.WriteString(">")
	if s.FeedSummary {
		xmlText(buf, "<p>"+xmlEscape(p.Summary)+`</p><p><a href="`+xmlEscape(s.absURL(p.URL))+`">Read the whole post</a></p>`)
	} else {
		xmlText(buf, strings.TrimSpace(string(resolveBody(p))))
	}
	buf.WriteString("</content></entry>")
}
