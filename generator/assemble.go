package generator

import (
	"fmt"
	"html/template"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// Site is the assembled site: the published set of pages and every index a
// template needs. Drafts, future posts (unless asked for) and anything else
// that must not be published never enter it.
type Site struct {
	Settings *Settings
	Intro    template.HTML // the home page introduction, from the body of content/_index.md
	Posts    []*Page       // published posts, newest first
	Pages    []*Page       // standalone pages (content/<name>.md)
	Sections []*Section
	Tags     []*Tag // by name
	Stages   []*Stage
	Authors  []*Author // by name
	Assets   []Asset

	byPath map[string]*Page
	// The indexes assemble works from, kept so that reassemble can update
	// the site after a few posts changed instead of assembling it anew.
	sections     map[string]*Section       // by slug, with posts or not
	tagBySlug    map[string]*Tag           // tags with posts
	tagSpellings map[string]map[string]int // by tag slug: how often each spelling is used
	authorByID   map[string]*Author
	authorNames  map[string]map[string]int // by author id, on a site without profiles
	urls         map[string]string         // each URL taken (without the base path), and by what
	embedsPages  bool                      // some page shows another as an image (![…](post.md))
	// nextFuture is the earliest date of a post dated in the future, the
	// moment this assembly goes out of date; zero if there is none.
	nextFuture time.Time
}

// Page is a published post or standalone page with its place in the site.
type Page struct {
	// The fields list entries and cards read come first: text/template
	// finds a field by name with a search from the first field, on every
	// use, and a build reads them tens of thousands of times.
	URL   string // root-relative, with the base path: "/reflections/audit/"
	Title string
	// DateISO ("2024-03-01") and DateText ("1 March 2024") are the date in
	// the site's time zone, formatted once for the many lists that show it;
	// both are empty for a page without a date.
	DateISO  string
	DateText string
	Stage    *Stage
	Draft    bool
	Authors  []*Author
	Summary  string
	Tags     []*Tag

	// Parsed is what parsing the page's file gave. Templates read the
	// copies here: text/template finds a field of an embedded struct
	// through a slow search on every use, so Page does not embed it.
	Parsed  *Parsed
	Path    string
	Date    time.Time
	Lastmod time.Time
	Words   int
	Params  map[string]any

	Section   *Section
	Newer     *Page // the next post in its section, by date
	Older     *Page // the previous post in its section
	Backlinks []*Page
	Related   []*Page
	Future    bool

	linkURLs []string // the resolved href of each of Parsed.Links
	tagPos   []int    // the page's index in each of its Tags' Posts, newest first
	cardKey  uint64   // everything a list entry shows of the page
	metaKey  uint64   // its URL and dates: what the sitemap shows
	bodyKey  uint64   // cardKey plus the resolved links of its body
	snippets atomic.Pointer[pageSnippets]
	// sitemapEntry is the page's entry in the sitemap, for the global
	// and meta keys it was written for (sitemapFor); only the sitemap's
	// job, one at a time, reads and writes them.
	sitemapEntry []byte
	sitemapFor   uint64
}

func newPage(pp *Parsed, url string, tz *time.Location) *Page {
	p := &Page{URL: url}
	p.setParsed(pp, tz)
	return p
}

// setParsed points the page at a parse of its file and copies the fields
// templates read.
func (p *Page) setParsed(pp *Parsed, tz *time.Location) {
	p.Parsed, p.Path, p.Title, p.Date, p.Lastmod = pp, pp.Path, pp.Title, pp.Date, pp.Lastmod
	p.Summary, p.Draft, p.Words, p.Params = pp.Summary, pp.Draft, pp.Words, pp.Params
	p.DateISO, p.DateText = "", ""
	if !pp.Date.IsZero() {
		d := pp.Date.In(tz)
		p.DateISO, p.DateText = d.Format("2006-01-02"), d.Format("2 January 2006")
	}
}

// ReadingTime is the reading time in minutes, at 200 words a minute.
func (p *Page) ReadingTime() int {
	m := (p.Words + 199) / 200
	if m < 1 {
		m = 1
	}
	return m
}

// Section is a first-level folder of content/ such as reflections/.
type Section struct {
	Slug        string
	Title       string
	Description string
	Intro       template.HTML
	URL         string
	Posts       []*Page
	parsed      *Parsed
}

// Tag is one tag, matched case-insensitively across posts.
type Tag struct {
	Slug  string
	Name  string // the spelling most posts use; ties go to the first in sort order
	URL   string
	Posts []*Page
}

// Stage is one step of the change journey.
type Stage struct {
	Slug        string
	Name        string
	Description string
	Order       int
	URL         string
	Posts       []*Page
}

// Author is a writer, from content/authors/<id>.md or, on a site without
// that folder, from the names posts give.
type Author struct {
	ID     string
	Name   string
	Role   string
	Cohort string
	Bio    template.HTML
	URL    string
	Posts  []*Page
	Params map[string]any
	parsed *Parsed
}

// Asset is a file published as it is: a page bundle's image, or any other
// non-markdown file in content/.
type Asset struct {
	Source string // site path
	Out    string // output path, e.g. "case-studies/audit/chart.png"
}

// assembleInput is everything assemble reads.
type assembleInput struct {
	settings   *Settings
	intro      []byte // rendered intro HTML
	parsed     map[string]*Parsed
	assets     []string // non-markdown files in content/, sorted
	hasAuthors bool
	drafts     bool
	future     bool
	now        time.Time
}

// reservedRoots are URL paths the generator writes itself; a section or page
// with one of these names would collide with them.
var reservedRoots = map[string]bool{"tags": true, "stages": true, "authors": true, "page": true, "feed.xml": true, "sitemap.xml": true, "404.html": true, "robots.txt": true}

// assemble builds the site from parsed files: the published set, URLs,
// indexes, links both ways, and every site-wide check. It reads metadata only.
func assemble(in assembleInput, errs *ErrorList, warns *ErrorList) *Site {
	s := in.settings
	site := &Site{Settings: s, Intro: template.HTML(in.intro), byPath: map[string]*Page{}}
	for _, st := range s.Stages {
		site.Stages = append(site.Stages, &Stage{Slug: st.Slug, Name: st.Name, Description: st.Description, Order: st.Order, URL: s.BasePath + "stages/" + st.Slug + "/"})
	}
	stageBySlug := map[string]*Stage{}
	for _, st := range site.Stages {
		stageBySlug[st.Slug] = st
	}

	paths := make([]string, 0, len(in.parsed))
	for p := range in.parsed {
		paths = append(paths, p)
	}
	sort.Strings(paths)

	// Authors with profiles come first: posts refer to them by id.
	authorByID := map[string]*Author{}
	for _, p := range paths {
		pp := in.parsed[p]
		if pp.Kind != KindAuthor {
			continue
		}
		id := strings.TrimSuffix(path.Base(p), ".md")
		a := &Author{ID: id, Name: pp.Title, URL: s.BasePath + pp.RelURL, Bio: template.HTML(pp.Body), Params: pp.Params, parsed: pp}
		a.Role = stringValue(pp.Params["role"])
		a.Cohort = stringValue(pp.Params["cohort"])
		authorByID[id] = a
	}

	sections := map[string]*Section{}
	section := func(slug string) *Section {
		if sec, ok := sections[slug]; ok {
			return sec
		}
		sec := &Section{Slug: slug, Title: titleFromFileName(slug), URL: s.BasePath + slug + "/"}
		sections[slug] = sec
		return sec
	}

	urlOwner := map[string]string{}
	// claim records who has a URL; line finds the owner's line, only when
	// there is a clash to report.
	claim := func(rel, owner string, line func() int) {
		if prev, ok := urlOwner[rel]; ok {
			errs.Add(Pos{Path: owner, Line: line()}, "URL /%s is taken by both %s and %s: give one of them a different slug", rel, prev, owner)
			return
		}
		urlOwner[rel] = owner
	}

	// Tag and author spellings repeat across thousands of posts; slug each once.
	slugs := map[string]string{}
	slug := func(x string) string {
		v, ok := slugs[x]
		if !ok {
			v = Slug(x)
			slugs[x] = v
		}
		return v
	}

	// The published set.
	tagSpellings := map[string]map[string]int{}
	authorNames := map[string]map[string]int{}
	for _, p := range paths {
		pp := in.parsed[p]
		switch pp.Kind {
		case KindSection:
			sec := section(Slug(pp.Section))
			sec.parsed = pp
			if pp.Params["title"] != nil {
				sec.Title = pp.Title
			}
			sec.Description = stringValue(pp.Params["description"])
			sec.Intro = template.HTML(pp.Body)
			continue
		case KindPost, KindPage:
		default:
			continue
		}
		if pp.Draft && !in.drafts {
			continue
		}
		future := !pp.Date.IsZero() && pp.Date.After(in.now)
		if future && (site.nextFuture.IsZero() || pp.Date.Before(site.nextFuture)) {
			site.nextFuture = pp.Date
		}
		if future && !in.future {
			warns.Add(Pos{Path: p}, "skipped: dated %s, in the future (build with --future to include it)", pp.Date.Format("2006-01-02 15:04"))
			continue
		}
		if pp.Kind == KindPost && pp.Date.IsZero() {
			errs.Add(Pos{Path: p, Line: 1}, "post has no date: add date: YYYY-MM-DD to its front matter, or start its file name with YYYY-MM-DD-")
		}
		page := newPage(pp, s.BasePath+pp.RelURL, s.TimeZone)
		page.Future = future
		root := strings.SplitN(pp.RelURL, "/", 2)[0]
		if reservedRoots[root] {
			errs.Add(Pos{Path: p, Line: 1}, "URL /%s clashes with the generator's own /%s/ pages: rename the folder or set a slug", pp.RelURL, root)
		}
		claim(pp.RelURL, p, func() int { return pp.KeyLine("slug") })
		site.byPath[p] = page
		if pp.Kind == KindPage {
			site.Pages = append(site.Pages, page)
			continue
		}
		site.Posts = append(site.Posts, page)
		page.Section = section(slug(pp.Section))
		for _, t := range pp.TagsRaw {
			key := slug(t)
			if key == "" {
				errs.Add(Pos{Path: p, Line: pp.KeyLine("tags")}, "tag %q has no letters or digits", t)
				continue
			}
			if tagSpellings[key] == nil {
				tagSpellings[key] = map[string]int{}
			}
			tagSpellings[key][t]++
		}
		if !in.hasAuthors {
			for _, name := range pp.AuthorRefs {
				id := slug(name)
				if authorNames[id] == nil {
					authorNames[id] = map[string]int{}
				}
				authorNames[id][name]++
			}
		}
	}
	site.tagSpellings, site.authorNames, site.urls, site.sections = tagSpellings, authorNames, urlOwner, sections
	sortNewestFirst(site.Posts)
	sort.Slice(site.Pages, func(i, j int) bool { return site.Pages[i].Path < site.Pages[j].Path })

	// Tags, with one display name each.
	tagBySlug := map[string]*Tag{}
	for slug, spellings := range tagSpellings {
		t := &Tag{Slug: slug, Name: mostUsed(spellings), URL: s.BasePath + "tags/" + slug + "/"}
		tagBySlug[slug] = t
		site.Tags = append(site.Tags, t)
	}
	sort.Slice(site.Tags, func(i, j int) bool { return tagLess(site.Tags[i], site.Tags[j]) })
	site.tagBySlug = tagBySlug

	if !in.hasAuthors {
		for id, names := range authorNames {
			if id == "" {
				continue
			}
			authorByID[id] = &Author{ID: id, Name: mostUsed(names), URL: s.BasePath + AuthorsDir + "/" + id + "/"}
		}
	}
	for _, a := range authorByID {
		site.Authors = append(site.Authors, a)
	}
	sort.Slice(site.Authors, func(i, j int) bool { return authorLess(site.Authors[i], site.Authors[j]) })
	site.authorByID = authorByID
	knownAuthors := func() string {
		ids := make([]string, 0, len(authorByID))
		for _, a := range site.Authors {
			ids = append(ids, a.ID)
		}
		return strings.Join(ids, ", ")
	}

	validStages := func() string {
		names := make([]string, len(site.Stages))
		for i, st := range site.Stages {
			names[i] = strings.ToLower(st.Name)
		}
		return strings.Join(names, ", ")
	}

	// Each post's stage, tags and authors; the lists they appear on.
	for _, page := range site.Posts {
		pp := page.Parsed
		if pp.StageRaw != "" {
			st, ok := stageBySlug[slug(pp.StageRaw)]
			if !ok {
				errs.Add(Pos{Path: pp.Path, Line: pp.KeyLine("stage")}, "stage %q is not one of this site's stages: %s", pp.StageRaw, validStages())
			} else {
				page.Stage = st
				st.Posts = append(st.Posts, page)
			}
		}
		seen := map[string]bool{}
		for _, t := range pp.TagsRaw {
			tag := tagBySlug[slug(t)]
			if tag == nil || seen[tag.Slug] {
				continue
			}
			seen[tag.Slug] = true
			page.Tags = append(page.Tags, tag)
			page.tagPos = append(page.tagPos, len(tag.Posts))
			tag.Posts = append(tag.Posts, page)
		}
		for _, ref := range pp.AuthorRefs {
			id := ref
			if !in.hasAuthors {
				id = slug(ref)
			}
			a, ok := authorByID[id]
			if !ok {
				errs.Add(Pos{Path: pp.Path, Line: pp.KeyLine("author")}, "author %q has no profile in content/authors/ (known authors: %s)", ref, knownAuthors())
				continue
			}
			if containsAuthor(page.Authors, a) {
				continue
			}
			page.Authors = append(page.Authors, a)
			a.Posts = append(a.Posts, page)
		}
		page.Section.Posts = append(page.Section.Posts, page)
	}
	for _, sec := range sections {
		root := sec.Slug
		if reservedRoots[root] {
			continue // reported with its posts
		}
		if len(sec.Posts) > 0 || sec.parsed != nil {
			site.Sections = append(site.Sections, sec)
		}
	}
	sort.Slice(site.Sections, func(i, j int) bool { return site.Sections[i].Slug < site.Sections[j].Slug })
	for _, sec := range site.Sections {
		owner := "section " + sec.Slug + "/"
		if sec.parsed != nil {
			owner = sec.parsed.Path
		}
		claim(sec.Slug+"/", owner, noLine)
		for i, p := range sec.Posts {
			if i > 0 {
				p.Newer = sec.Posts[i-1]
			}
			if i+1 < len(sec.Posts) {
				p.Older = sec.Posts[i+1]
			}
		}
	}

	site.Assets = assembleAssets(in, site, claim)
	resolveLinks(site, in, errs)
	// Sections' introductions and authors' profiles link to posts too.
	for _, sec := range site.Sections {
		if sec.parsed != nil && len(sec.parsed.Links) > 0 {
			sec.Intro = resolveBody(extraPage(site, sec.parsed, sec.URL, in.parsed, in.drafts, errs))
		}
	}
	for _, a := range site.Authors {
		if a.parsed != nil && len(a.parsed.Links) > 0 {
			a.Bio = resolveBody(extraPage(site, a.parsed, a.URL, in.parsed, in.drafts, errs))
		}
	}
	relate(site)
	// Each page's keys read only its own fields, so they are made on every core.
	all := append(append(make([]*Page, 0, len(site.Posts)+len(site.Pages)), site.Posts...), site.Pages...)
	parallel(len(all), runtime.GOMAXPROCS(0), func(i int) error {
		p := all[i]
		p.cardKey, p.metaKey = cardKey(p), metaKey(p)
		p.bodyKey = bodyKey(p)
		return nil
	})
	return site
}

// assembleAssets places each non-markdown file of content/: beside its page
// when it lies in a page bundle (a folder with index.md), else at its own path.
// Files of an unpublished bundle are not published either.
func assembleAssets(in assembleInput, site *Site, claim func(string, string, func() int)) []Asset {
	var assets []Asset
	for _, a := range in.assets {
		dir := path.Dir(a)
		var bundle *Parsed
		for d := dir; d != ContentDir && d != "."; d = path.Dir(d) {
			if pp, ok := in.parsed[d+"/index.md"]; ok && pp.Kind == KindPost {
				bundle = pp
				rel := strings.TrimPrefix(a, d+"/")
				if _, published := site.byPath[pp.Path]; published {
					assets = append(assets, Asset{Source: a, Out: pp.RelURL + rel})
				}
				break
			}
		}
		if bundle == nil {
			assets = append(assets, Asset{Source: a, Out: strings.TrimPrefix(a, ContentDir+"/")})
		}
	}
	for _, a := range assets {
		claim(a.Out, a.Source, noLine)
	}
	return assets
}

// resolveLinks turns each relative link into the URL of what it points at,
// reports links to missing files, drafts and missing headings, and records
// backlinks.
func resolveLinks(site *Site, in assembleInput, errs *ErrorList) {
	assetURL := assetURLs(site)
	pages := append(append([]*Page{}, site.Posts...), site.Pages...)
	// Each page's links are resolved on its own, on every core; what they
	// add to other pages (backlinks) and the errors are gathered after, in
	// page order.
	type resolved struct {
		errs    ErrorList
		targets []*Page
	}
	results := make([]resolved, len(pages))
	parallel(len(pages), runtime.GOMAXPROCS(0), func(n int) error {
		results[n].errs, results[n].targets = resolvePageLinks(site, in, assetURL, pages[n])
		return nil
	})
	for n, r := range results {
		for _, l := range pages[n].Parsed.Links {
			site.embedsPages = site.embedsPages || l.Image && strings.HasSuffix(l.Target, ".md")
		}
		*errs = append(*errs, r.errs...)
		for _, target := range r.targets {
			target.Backlinks = append(target.Backlinks, pages[n])
		}
	}
	parallel(len(pages), runtime.GOMAXPROCS(0), func(n int) error {
		sortNewestFirst(pages[n].Backlinks)
		return nil
	})
}

// assetURLs maps each published content file to its URL.
func assetURLs(site *Site) map[string]string {
	urls := make(map[string]string, len(site.Assets))
	for _, a := range site.Assets {
		urls[a.Source] = site.Settings.BasePath + a.Out
	}
	return urls
}

// resolvePageLinks sets the URL of each of a page's links and returns the
// problems found and the other pages its text links to, for their
// backlinks.
func resolvePageLinks(site *Site, in assembleInput, assetURL map[string]string, page *Page) (errs ErrorList, targets []*Page) {
	page.linkURLs = make([]string, len(page.Parsed.Links))
	for i, l := range page.Parsed.Links {
		if !strings.HasSuffix(l.Target, ".md") {
			if u, ok := assetURL[l.Target]; ok {
				page.linkURLs[i] = u + fragment(l.Fragment)
			} else {
				errs.Add(l.Pos, "link %q: %s does not exist", l.Dest, l.Target)
				page.linkURLs[i] = "#"
			}
			continue
		}
		target, published := site.byPath[l.Target]
		if !published {
			page.linkURLs[i] = "#"
			pp, exists := in.parsed[l.Target]
			switch {
			case !exists:
				errs.Add(l.Pos, "link %q: %s does not exist", l.Dest, l.Target)
			case pp.Draft && !in.drafts:
				errs.Add(l.Pos, "link %q goes to a draft, which is not published", l.Dest)
			case pp.Kind == KindPost || pp.Kind == KindPage:
				errs.Add(l.Pos, "link %q goes to a post dated in the future, which is not published yet", l.Dest)
			default:
				errs.Add(l.Pos, "link %q goes to %s, which is not a page", l.Dest, l.Target)
			}
			continue
		}
		if l.Fragment != "" && !hasString(target.Parsed.HeadingIDs, l.Fragment) && !strings.HasPrefix(l.Fragment, "fn:") && !strings.HasPrefix(l.Fragment, "fnref:") {
			errs.Add(l.Pos, "link %q: %s has no heading with id %q (ids: %s)", l.Dest, l.Target, l.Fragment, strings.Join(target.Parsed.HeadingIDs, ", "))
		}
		if target == page {
			page.linkURLs[i] = fragment(l.Fragment)
			if l.Fragment == "" {
				page.linkURLs[i] = page.URL
			}
			continue
		}
		page.linkURLs[i] = target.URL + fragment(l.Fragment)
		if !l.Image && !slices.Contains(targets, target) {
			targets = append(targets, target)
		}
	}
	return errs, targets
}

func noLine() int { return 0 }

// relatedCount is how many related posts a post shows.
const relatedCount = 3

// relatedWindow bounds the candidates taken from each of a post's tags to
// the posts nearest it in date, so finding related posts stays linear in the
// number of posts instead of comparing every pair.
const relatedWindow = 12

// relate picks each post's related posts: those sharing the most tags, then
// the same stage, then the nearest in date, then by path. Posts are
// independent of each other here, so they are related on every core.
func relate(site *Site) {
	parallel(len(site.Posts), runtime.GOMAXPROCS(0), func(i int) error {
		relatePost(site.Posts[i])
		return nil
	})
}

// relatePost sets one post's related posts.
func relatePost(p *Page) {
	var best [relatedCount]relatedCandidate
	n := 0
	for k, t := range p.Tags {
		at := p.tagPos[k]
		lo, hi := max(0, at-relatedWindow), min(len(t.Posts), at+relatedWindow+1)
		for _, c := range t.Posts[lo:hi] {
			if c == p || inEarlierWindow(p, c, k) {
				continue
			}
			cand := relatedCandidate{page: c, score: 2 * sharedTags(p, c), gap: absDuration(c.Date.Sub(p.Date))}
			if p.Stage != nil && c.Stage == p.Stage {
				cand.score++
			}
			// Keep the best few in order: an insertion into a tiny array
			// instead of sorting every candidate.
			j := n
			if n < relatedCount {
				n++
			} else if !cand.better(best[relatedCount-1]) {
				continue
			} else {
				j = relatedCount - 1
			}
			for j > 0 && cand.better(best[j-1]) {
				best[j] = best[j-1]
				j--
			}
			best[j] = cand
		}
	}
	p.Related = nil
	for _, c := range best[:n] {
		p.Related = append(p.Related, c.page)
	}
}

// inEarlierWindow reports whether c was already a candidate through one of
// p's first k tags: it has that tag and lies within that tag's window. This
// stands in for a set of seen posts, which cost an allocation per post.
func inEarlierWindow(p, c *Page, k int) bool {
	for j := 0; j < k; j++ {
		t := p.Tags[j]
		for m, ct := range c.Tags {
			if ct == t {
				d := c.tagPos[m] - p.tagPos[j]
				if d >= -relatedWindow && d <= relatedWindow {
					return true
				}
			}
		}
	}
	return false
}

type relatedCandidate struct {
	page  *Page
	score int
	gap   time.Duration
}

func (a relatedCandidate) better(b relatedCandidate) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.gap != b.gap {
		return a.gap < b.gap
	}
	return a.page.Path < b.page.Path
}

func sharedTags(a, b *Page) int {
	n := 0
	for _, x := range a.Tags {
		for _, y := range b.Tags {
			if x == y {
				n++
			}
		}
	}
	return n
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func sortNewestFirst(ps []*Page) {
	slices.SortStableFunc(ps, func(a, b *Page) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
}

// mostUsed picks the spelling most posts use, ties going to the first in
// byte order, so that the choice never depends on the order files were read.
func mostUsed(counts map[string]int) string {
	best, n := "", -1
	for s, c := range counts {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return best
}

func tagLess(a, b *Tag) bool       { return lessFold(a.Name, b.Name, a.Slug, b.Slug) }
func authorLess(a, b *Author) bool { return lessFold(a.Name, b.Name, a.ID, b.ID) }

func lessFold(a, b, tieA, tieB string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return tieA < tieB
}

func containsAuthor(as []*Author, a *Author) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func fragment(f string) string {
	if f == "" {
		return ""
	}
	return "#" + f
}

// outOfDate reports whether a post dated in the future has had its day
// since the site was assembled: it must be assembled again to publish it.
func (site *Site) outOfDate(now time.Time) bool {
	return !site.nextFuture.IsZero() && !now.Before(site.nextFuture)
}

// String names a page in messages and tests.
func (p *Page) String() string { return fmt.Sprintf("%s (%s)", p.Path, p.URL) }
