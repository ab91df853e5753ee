package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Output is one file of the built site.
type Output struct {
	Path  string // slash-separated, relative to the output folder: "reflections/audit/index.html"
	Bytes []byte // minified
	Key   uint64 // the render key it was made from

	contentKey uint64 // a list's key from its entries' HTML (job.contentKey); 0 if none
}

// PageData is what every HTML template receives.
type PageData struct {
	Site        *Site
	Kind        string // home, section, tag, stage, author, post, page, tags, stages, authors, 404
	Title       string
	Description string
	URL         string // this page's root-relative URL
	Canonical   string // absolute where the site has a baseURL
	FeedURL     string // the Atom feed that goes with this page
	FeedTitle   string
	OwnFeed     bool // FeedURL is the page's own feed (a tag's, a stage's…), not the site's

	Page    *Page         // posts and standalone pages
	Body    template.HTML // the page's body with its links resolved
	Intro   template.HTML // home, section and author pages
	Posts   []*Page       // list pages
	Pager   *Pager        // list pages: where this one lies among the list's pages
	Count   int           // list pages: the posts in the whole list
	Tag     *Tag
	Stage   *Stage
	Author  *Author
	Section *Section
	Serve   bool // rendered by mindlines serve: drafts are marked
}

// NavKey says which variant of the site's navigation a page shows: only
// the home page, the tags, stages and authors indexes, and the pages the
// navigation links to (sections and standalone pages) mark a link as
// current. Every other page, from a post to a tag's page of older posts,
// shows the same navigation, rendered once.
func (d *PageData) NavKey() string {
	switch d.Kind {
	case "home", "tags", "stages", "authors":
		return d.Kind
	}
	if d.Site != nil {
		for _, sec := range d.Site.Sections {
			if sec.URL == d.URL {
				return "at " + d.URL
			}
		}
		for _, p := range d.Site.Pages {
			if p.URL == d.URL {
				return "at " + d.URL
			}
		}
	}
	return "elsewhere"
}

// JourneyKey says which variant of the stages strip a page shows.
func (d *PageData) JourneyKey() string {
	if d.Stage == nil {
		return d.Kind
	}
	return d.Kind + " " + d.Stage.Slug
}

// Pager is a list page's place among its pages. A list (the home page, a
// section, a tag, a stage, an author) shows its newest posts on its first
// page; the rest fill pages numbered from the oldest, /page/1/ holding the
// first posts the list ever had, and each keeps its posts as the blog grows:
// a new post changes the first page and the newest of the others, not every
// page (and a link to an old page keeps showing what it showed).
type Pager struct {
	Number   int    // 0 on the list's first page, else the page's number, 1 the oldest
	Total    int    // pages of older posts, beside the first
	Newer    string // the next newer page's URL (the first page's from the newest); empty on the first page
	Older    string // the next older page's URL; empty on the oldest
	From, To string // the dates of the page's oldest and newest posts, as lists show them
}

// listPage is what a page of a list shows but its posts' cards.
type listPage struct {
	list         uint64 // the list's own key: its kind, name, introduction…
	n, older     int    // its number, and its older page's (the first page's: the newest of the others)
	newerIsFirst bool
	from, to     string
	count        int
	first        uint64 // what only a first page shows: the home page's introduction
}

func (id *listPage) key() uint64 {
	k := newKey("list").u64(id.list).u64(uint64(id.n)).u64(uint64(id.older)).str(id.from).str(id.to).u64(uint64(id.count)).u64(id.first)
	if id.newerIsFirst {
		k.u64(1)
	}
	return k.sum()
}

// archivePages splits a list's posts (newest first) into its first page's
// and its pages of older posts, oldest page first: the first page shows the
// newest per posts; the rest fill pages of per from the oldest, so only the
// newest of them may hold fewer.
func archivePages(posts []*Page, per int) (home []*Page, pages [][]*Page) {
	home = posts[:min(per, len(posts))]
	rest := posts[len(home):]
	for end := len(rest); end > 0; end -= per {
		pages = append(pages, rest[max(0, end-per):end])
	}
	return home, pages
}

// job is one output to render, with its key.
type job struct {
	path   string
	key    uint64
	keyFn  func() uint64 // computes key again, for a rebuild that patched pages
	deps   []*Page       // the pages whose card or body key goes into key
	render func(*bytes.Buffer) error
	// contentKey, for a list page, hashes its entries' rendered HTML
	// instead of everything about its posts. When key changed but
	// contentKey did not (a listed post's body changed, its entry did not),
	// a rebuild keeps the page. Nil where the theme does not allow it.
	contentKey func() uint64
	// compact says the output is written minimal already (feeds, the
	// sitemap, pages of minified templates), so the minifier is skipped.
	compact bool
	// last is what the job made in the last build, kept by the plan: a
	// rebuild compares keys without looking the output up by path.
	last Output
	// page, posts and list, on a page of a list, are what it shows but its
	// posts' cards, its own copy of the posts it shows, and the list's
	// folder: a rebuild that plans the lists again keeps the job of a page
	// whose first two are unchanged.
	page  *listPage
	posts []*Page
	list  string
	// body, when set, is spliced into the minified page in place of
	// bodyMarker. A markdown body is goldmark's output, which is compact
	// already; minifying it again with every page cost a sixth of a build
	// for a few percent of its bytes.
	body *Page
}

// bodyMarker stands for a page's markdown body while the page around it is
// minified. An element the minifier keeps, and that no escaped title or
// dropped raw HTML can produce.
const bodyMarker = "<mindlines-body></mindlines-body>"

// spliceBody writes page to out with its first body marker replaced by p's
// body, its links resolved as it is written into place (a theme may leave
// the body out).
func spliceBody(out *bytes.Buffer, page []byte, p *Page) {
	i := bytes.Index(page, []byte(bodyMarker))
	if i < 0 {
		out.Write(page)
		return
	}
	scratch := bodyScratch.Get().(*[]byte)
	defer bodyScratch.Put(scratch)
	body := p.Parsed.bodyIn(*scratch)
	if p.Parsed.spilled.store != nil {
		*scratch = body // the buffer as the read grew it, for the next one
	}
	out.Write(page[:i])
	writeBody(out, p, body)
	out.Write(page[i+len(bodyMarker):])
}

// bodyScratch holds the buffers a streaming build reads kept bodies into
// while it splices them into their pages.
var bodyScratch = sync.Pool{New: func() any { return new([]byte) }}

// planOutputs lists every output of the site with its render key. It is
// cheap: nothing is rendered until a job runs.
func planOutputs(site *Site, th *theme, global uint64, serve, withDeps bool) []job {
	return (&planner{site: site, th: th, global: global, serve: serve, withDeps: withDeps}).all()
}

// all returns every job of the site: each post's, then the rest.
func (pl *planner) all() []job {
	site := pl.site
	jobs := make([]job, 0, len(site.Posts)+len(site.Pages)+2*len(site.Tags)+2*len(site.Authors)+len(site.Posts)/max(1, site.Settings.PostsPerPage)+64)
	for _, p := range site.Posts {
		if j, ok := pl.postJob(p); ok {
			jobs = append(jobs, j)
		}
	}
	return append(jobs, pl.lists()...)
}

// planner makes the jobs of one site, theme and global key: a job for each
// post, and the rest (standalone pages, lists, feeds…), which a rebuild
// that changed the site's structure plans again while keeping the posts'.
type planner struct {
	// last holds the last plan's list pages, by list folder and page number;
	// changed says whether a post's card may differ from the last plan's.
	last     map[string][]*job
	changed  func(*Page) bool
	site     *Site
	th       *theme
	global   uint64
	serve    bool
	withDeps bool // fill job.deps, for rebuilds
}

func (pl *planner) key(kind string) *keyHash { return newKey(kind).u64(pl.global) }

// html makes the job of an HTML page; ok is false when the theme has no
// such template.
func (pl *planner) html(path, tmpl string, keyFn func() uint64, deps []*Page, body *Page, contentKey func() uint64, data func() *PageData) (job, bool) {
	t := pl.th.templates[tmpl]
	if t == nil {
		return job{}, false
	}
	if !pl.withDeps {
		deps = nil
	}
	site, s, serve := pl.site, pl.site.Settings, pl.serve
	return job{path: path, key: keyFn(), keyFn: keyFn, deps: deps, body: body, contentKey: contentKey, compact: !pl.th.minifyHTML, render: func(buf *bytes.Buffer) error {
		d := data()
		d.Site, d.Serve = site, serve
		d.OwnFeed = d.FeedURL != "" && d.FeedURL != s.BasePath+"feed.xml"
		if d.Canonical == "" && s.BaseURL != "" {
			d.Canonical = s.absURL(d.URL)
		}
		return t.ExecuteTemplate(buf, "base", d)
	}}, true
}

// postJob is the job of a post's page.
func (pl *planner) postJob(p *Page) (job, bool) {
	keyFn := func() uint64 {
		k := pl.key("post").u64(p.bodyKey).cards(p.Backlinks).cards(p.Related)
		for _, n := range []*Page{p.Newer, p.Older} {
			if n != nil {
				k.u64(n.cardKey)
			} else {
				k.u64(0)
			}
		}
		return k.sum()
	}
	var deps []*Page
	if pl.withDeps {
		deps = postDeps(p)
	}
	return pl.html(p.Parsed.OutPath, "post.html", keyFn, deps, p, nil, func() *PageData {
		return &PageData{Kind: "post", Title: p.Title, Description: p.Summary, URL: p.URL, Page: p, Body: bodyMarker,
			Section: p.Section, Stage: p.Stage}
	})
}

// postDeps lists the pages whose keys go into a post's: itself, and the
// pages it shows a card of.
func postDeps(p *Page) []*Page {
	deps := append(append(append(make([]*Page, 0, 3+len(p.Backlinks)+len(p.Related)), p), p.Backlinks...), p.Related...)
	for _, n := range []*Page{p.Newer, p.Older} {
		if n != nil {
			deps = append(deps, n)
		}
	}
	return deps
}

// lists makes every job but the posts': standalone pages, the home page
// and its pages, sections, tags, stages, authors, feeds and the sitemap.
func (pl *planner) lists() []job {
	site, th, s := pl.site, pl.th, pl.site.Settings
	var jobs []job
	add := func(j job, ok bool) {
		if ok {
			jobs = append(jobs, j)
		}
	}
	key := pl.key
	// list finishes a list page's key from base (everything but its posts),
	// and makes its contentKey.
	list := func(b uint64, snippet string, posts []*Page) (keyFn, contentKey func() uint64) {
		if th.listsViaSnippets {
			contentKey = func() uint64 {
				k := newKey("entries").u64(b).u64(uint64(len(posts)))
				for _, p := range posts {
					h, err := th.snippetHash(snippet, p)
					if err != nil {
						return 0 // the render reports it
					}
					k.u64(h)
				}
				return k.sum()
			}
		}
		return func() uint64 { return newKey("posts").u64(b).cards(posts).sum() }, contentKey
	}
	fixed := func(k uint64) func() uint64 { return func() uint64 { return k } }

	for _, p := range site.Pages {
		keyFn := func() uint64 { return key("page").u64(p.bodyKey).cards(p.Backlinks).sum() }
		add(pl.html(p.Parsed.OutPath, "post.html", keyFn, append([]*Page{p}, p.Backlinks...), p, nil, func() *PageData {
			return &PageData{Kind: "page", Title: p.Title, Description: p.Summary, URL: p.URL, Page: p, Body: bodyMarker}
		}))
	}

	// paged plans a list's pages: its first page at dir (relative to the
	// base path) and its pages of older posts at dir/page/<n>/, each keyed
	// by base, its place, and its posts.
	paged := func(dir string, all []*Page, per int, snippet string, base func() *keyHash, onFirst uint64, data func() *PageData) {
		first, archive := archivePages(all, per)
		count, total := len(all), len(archive)
		listKey := base().sum()
		last := pl.last[dir]
		pageURL := func(n int) string {
			if n == 0 || n > total {
				return s.BasePath + dir
			}
			return s.BasePath + dir + "page/" + strconv.Itoa(n) + "/"
		}
		for n := 0; n <= total; n++ {
			posts := first
			if n > 0 {
				posts = archive[n-1]
			}
			// All a page shows but its posts' cards: its place and links,
			// its dates, and on the first page the list's length; not the
			// count of pages, which changes with every page added. (A
			// site's own templates, which may show anything, are keyed by
			// the site's structure as a whole: see structureKey.)
			id := listPage{list: listKey, n: n, newerIsFirst: n == total, older: n - 1}
			if n == 0 {
				id.older, id.count, id.first = total, count, onFirst
			}
			if len(posts) > 0 {
				id.from, id.to = posts[len(posts)-1].DateText, posts[0].DateText
			}
			// The same page as in the last plan, showing the same posts:
			// keep its job, keyed again if a post it shows changed.
			if n < len(last) && last[n] != nil && *last[n].page == id && slices.Equal(last[n].posts, posts) {
				j := *last[n]
				if slices.ContainsFunc(j.posts, pl.changed) {
					j.key = j.keyFn()
				}
				add(j, true)
				continue
			}
			out := dir + "index.html"
			pager := &Pager{Number: n, Total: total, From: id.from, To: id.to}
			if n > 0 {
				out = dir + "page/" + strconv.Itoa(n) + "/index.html"
				pager.Newer = pageURL(n + 1)
			}
			switch {
			case n == 0 && total > 0:
				pager.Older = pageURL(total)
			case n > 1:
				pager.Older = pageURL(n - 1)
			}
			if pl.withDeps {
				// Its own copy: posts is a window on the list, which a
				// rebuild changes in place.
				posts = slices.Clone(posts)
			}
			keyFn, contentKey := list(id.key(), snippet, posts)
			j, ok := pl.html(out, "list.html", keyFn, posts, nil, contentKey, func() *PageData {
				d := data()
				d.URL, d.Posts, d.Pager, d.Count = pageURL(n), posts, pager, count
				if n > 0 {
					if d.Title == "" { // the home page's
						d.Title = "Posts from " + pager.From + " to " + pager.To
					} else {
						d.Title += ": posts from " + pager.From + " to " + pager.To
					}
					d.Description = "Posts from " + pager.From + " to " + pager.To + " on " + s.Title + "."
					d.Intro = ""
				}
				return d
			})
			j.page, j.posts, j.list = &id, posts, dir
			add(j, ok)
		}
	}

	paged("", site.Posts, s.PostsPerPage, "card", func() *keyHash { return key("home") }, newKey("intro").str(string(site.Intro)).sum(), func() *PageData {
		return &PageData{Kind: "home", Description: s.Description, Intro: site.Intro, FeedURL: s.BasePath + "feed.xml"}
	})

	for _, sec := range site.Sections {
		dir := strings.TrimPrefix(sec.URL, s.BasePath)
		paged(dir, sec.Posts, s.EntriesPerPage, "entry", func() *keyHash {
			k := key("section").str(sec.Slug)
			if sec.parsed != nil {
				k.bytes(sec.parsed.Hash[:])
			}
			return k
		}, 0, func() *PageData {
			return &PageData{Kind: "section", Title: sec.Title, Description: sec.Description, Intro: sec.Intro, Section: sec}
		})
	}

	termsKey := key("tags")
	for _, t := range site.Tags {
		termsKey.str(t.Slug).str(t.Name).u64(uint64(len(t.Posts)))
		paged("tags/"+t.Slug+"/", t.Posts, s.EntriesPerPage, "entry", func() *keyHash { return key("tag").str(t.Name) }, 0, func() *PageData {
			return &PageData{Kind: "tag", Title: t.Name, Description: fmt.Sprintf("Posts tagged %s.", t.Name), Tag: t,
				FeedURL: t.URL + "feed.xml", FeedTitle: "Posts tagged " + t.Name}
		})
	}
	add(pl.html("tags/index.html", "terms.html", fixed(termsKey.sum()), nil, nil, nil, func() *PageData {
		return &PageData{Kind: "tags", Title: "Tags", Description: "Every tag on " + s.Title + ".", URL: s.BasePath + "tags/"}
	}))

	stagesKey := key("stages")
	for _, st := range site.Stages {
		stagesKey.u64(uint64(len(st.Posts)))
		paged("stages/"+st.Slug+"/", st.Posts, s.EntriesPerPage, "entry", func() *keyHash { return key("stage").str(st.Slug) }, 0, func() *PageData {
			return &PageData{Kind: "stage", Title: st.Name, Description: st.Description, Stage: st,
				FeedURL: st.URL + "feed.xml", FeedTitle: st.Name + " posts"}
		})
	}
	add(pl.html("stages/index.html", "terms.html", fixed(stagesKey.sum()), nil, nil, nil, func() *PageData {
		return &PageData{Kind: "stages", Title: "Stages of change", Description: "Follow learning from curiosity to sharing.", URL: s.BasePath + "stages/"}
	}))

	authorsKey := key("authors")
	for _, a := range site.Authors {
		if a.parsed != nil {
			authorsKey.bytes(a.parsed.Hash[:])
		}
		authorsKey.str(a.ID).str(a.Name).u64(uint64(len(a.Posts)))
		paged(strings.TrimPrefix(a.URL, s.BasePath), a.Posts, s.EntriesPerPage, "entry", func() *keyHash {
			ak := key("author").str(a.ID).str(a.Name)
			if a.parsed != nil {
				ak.bytes(a.parsed.Hash[:])
			}
			return ak
		}, 0, func() *PageData {
			return &PageData{Kind: "author", Title: a.Name, Description: authorDescription(a, s), Intro: a.Bio, Author: a,
				FeedURL: a.URL + "feed.xml", FeedTitle: "Posts by " + a.Name}
		})
	}
	add(pl.html("authors/index.html", "terms.html", fixed(authorsKey.sum()), nil, nil, nil, func() *PageData {
		return &PageData{Kind: "authors", Title: "Authors", Description: "The people who write " + s.Title + ".", URL: s.BasePath + "authors/"}
	}))
	add(pl.html("404.html", "404.html", fixed(key("404").sum()), nil, nil, nil, func() *PageData {
		return &PageData{Kind: "404", Title: "Page not found", URL: s.BasePath + "404.html"}
	}))

	jobs = append(jobs, feedJobs(site, pl.global, th.snippets)...)
	jobs = append(jobs, sitemapJob(site, pl.global, pl.withDeps), robotsJob(site, pl.global))
	return jobs // Build sorts what they make
}

func authorDescription(a *Author, s *Settings) string {
	d := a.Name
	if a.Role != "" {
		d += ", " + a.Role
	}
	return d + ": posts on " + s.Title + "."
}

// resolveBody puts each link's URL in place of its placeholder.
func resolveBody(p *Page) template.HTML {
	body := p.Parsed.body()
	if len(p.Parsed.Links) == 0 {
		return template.HTML(body)
	}
	var b strings.Builder
	b.Grow(len(body) + 64*len(p.Parsed.Links))
	writeBody(&b, p, body)
	return template.HTML(b.String())
}

// writeBody writes body, p's rendered markdown, with each link placeholder
// replaced by the URL it resolved to.
func writeBody(w interface {
	io.Writer
	io.StringWriter
}, p *Page, body []byte) {
	if len(p.Parsed.Links) == 0 {
		w.Write(body)
		return
	}
	for {
		i := bytes.Index(body, []byte(linkPlaceholder))
		if i < 0 {
			break
		}
		w.Write(body[:i])
		j := i + len(linkPlaceholder)
		k := j
		for k < len(body) && body[k] >= '0' && body[k] <= '9' {
			k++
		}
		n, err := strconv.Atoi(string(body[j:k]))
		if err != nil || n >= len(p.linkURLs) {
			w.Write(body[i:k])
		} else {
			w.WriteString(template.HTMLEscapeString(p.linkURLs[n]))
		}
		body = body[k:]
	}
	w.Write(body)
}
