package generator

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mindlines/mindlines/themes"
	"github.com/tdewolff/minify/v2"
	minhtml "github.com/tdewolff/minify/v2/html"
)

// ThemesDir is the folder of a site that holds theme overrides.
const ThemesDir = "themes"

// templateNames are the page templates a theme provides; each is parsed
// together with base.html and partials.html.
var templateNames = []string{"post.html", "list.html", "terms.html", "404.html"}

// theme is a site's theme: its own files over the embedded default, file by
// file, so an override of one template or stylesheet needs nothing else.
type theme struct {
	templates map[string]*template.Template
	snippets  *snippetCache
	// minifyHTML is set when the templates could not be minified at load,
	// so their pages must be.
	minifyHTML bool
	// ownTemplates is set when the site overrides any template. The
	// default theme's pages show nothing site-wide but the navigation; a
	// site's own templates might show anything, so every key then covers
	// the site's structure (structureKey).
	ownTemplates bool
	// listsViaSnippets is set when list.html reads its posts only through
	// entries and cards (listsReadOnlySnippets).
	listsViaSnippets bool
	static           map[string][]byte // output path -> bytes
	assetURLs        map[string]string // static path -> URL with a version for cache busting
	key              uint64
}

// themeFile says where a theme file comes from.
type themeFile struct {
	rel    string // "templates/post.html"
	source string // site path of an override, "" for the embedded default
}

// themeFiles lists every file of the theme named name: the site's overrides
// under themes/<name>/, and the embedded default for the rest.
func themeFiles(site fs.FS, name string) ([]themeFile, error) {
	files := map[string]themeFile{}
	defaults, err := listFiles(themes.Default, ".")
	if err != nil {
		return nil, err
	}
	for _, p := range defaults {
		files[p] = themeFile{rel: p}
	}
	root := ThemesDir + "/" + name
	overrides, err := listFiles(site, root)
	if err != nil {
		return nil, err
	}
	if name != "default" && len(overrides) == 0 {
		return nil, fmt.Errorf("theme %q: there is no folder %s/ with its files", name, root)
	}
	for _, p := range overrides {
		rel := strings.TrimPrefix(p, root+"/")
		files[rel] = themeFile{rel: rel, source: p}
	}
	out := make([]themeFile, 0, len(files))
	for _, f := range files {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, nil
}

// loadTheme parses a theme from its files: the site's overrides, read by
// the caller (which keys the theme by them), and the default theme's.
// Snippets rendered before are reused from cache when their key is
// unchanged.
//
// unminified skips minifying the templates at load, as if they could not
// be: tests reach the fallback through it.
func loadTheme(files []themeFile, overrides map[string][]byte, s *Settings, cache *snippetCache, unminified bool, errs *ErrorList) *theme {
	th := &theme{templates: map[string]*template.Template{}, static: map[string][]byte{}, assetURLs: map[string]string{}, snippets: cache}
	k := newKey("theme")
	texts := map[string]string{}
	origin := map[string]string{}
	for _, f := range files {
		var b []byte
		var err error
		if f.source != "" {
			b = overrides[f.source]
			origin[f.rel] = f.source
			// A copy of a default template, as the example blog in this
			// repository has, is not a template of the site's own.
			if strings.HasPrefix(f.rel, "templates/") {
				if def, err := fs.ReadFile(themes.Default, f.rel); err != nil || !bytes.Equal(def, b) {
					th.ownTemplates = true
				}
			}
		} else {
			b, err = fs.ReadFile(themes.Default, f.rel)
			origin[f.rel] = "(default theme) " + f.rel
		}
		if err != nil {
			errs.Add(Pos{Path: f.source}, "reading theme file: %v", err)
			continue
		}
		k.str(f.rel).bytes(b)
		switch {
		case strings.HasPrefix(f.rel, "templates/"):
			texts[strings.TrimPrefix(f.rel, "templates/")] = string(b)
		case strings.HasPrefix(f.rel, "static/"):
			out := strings.TrimPrefix(f.rel, "static/")
			th.static[out] = b
			sum := sha256.Sum256(b)
			th.assetURLs[out] = s.BasePath + out + fmt.Sprintf("?v=%x", sum[:4])
		}
	}
	th.key = k.sum()
	funcs := templateFuncs(s, th)
	// Templates are minified once, here, with the template actions left
	// alone, so every page they make comes out minified without passing
	// each page through the minifier. Should a theme's template not
	// survive that, its pages are minified one by one instead.
	if minified, ok := minifyTemplates(texts, funcs); ok && !unminified {
		texts = minified
	} else {
		th.minifyHTML = true
	}
	for _, name := range templateNames {
		t, err := parseTemplateSet(texts, name, funcs)
		if err != nil {
			var missing missingTemplate
			if errors.As(err, &missing) {
				errs.Add(Pos{Path: origin[string(missing)]}, "theme %q has no templates/%s", s.Theme, string(missing))
			} else {
				errs.Add(Pos{Path: origin[err.(partError).part]}, "template: %v", err.(partError).err)
			}
			continue
		}
		th.templates[name] = t
	}
	if t := th.templates["list.html"]; t != nil {
		th.listsViaSnippets = listsReadOnlySnippets(t)
	}
	return th
}

// templateFuncs are the functions templates may call.
func templateFuncs(s *Settings, th *theme) template.FuncMap {
	return template.FuncMap{
		// date formats a date the British way: "1 March 2024".
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(s.TimeZone).Format("2 January 2006")
		},
		// isodate formats a date for <time datetime>.
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(s.TimeZone).Format("2006-01-02")
		},
		// asset gives the URL of a theme's static file with a version, so a
		// changed stylesheet is never served from a stale cache.
		"asset": func(p string) string {
			if u, ok := th.assetURLs[p]; ok {
				return u
			}
			return s.BasePath + p
		},
		// abs makes a root-relative URL absolute with the site's baseURL.
		"abs": s.absURL,
		// plural picks the singular or plural form for n.
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		// param reads a front matter field that the generator does not use itself.
		"param": func(params map[string]any, key string) any { return params[key] },
		"base":  func() string { return s.BasePath },
		// entry renders the theme's "entry" template for a post (a line in
		// a list), and card its "card" template (a summary on the home
		// page). A post appears in many lists, so each is rendered once
		// and reused.
		"entry": func(p *Page) (template.HTML, error) { return th.snippet("entry", p) },
		"card":  func(p *Page) (template.HTML, error) { return th.snippet("card", p) },
		// entries and cards do the same for a whole list in one call: a
		// tag page can list thousands of posts, and a template's range
		// costs far more per item than a loop in Go.
		"entries": func(ps []*Page) (template.HTML, error) { return th.snippetList("entry", ps) },
		"cards":   func(ps []*Page) (template.HTML, error) { return th.snippetList("card", ps) },
		// cached renders the named template with data once per key and
		// build, for parts of a page that many pages share, such as the
		// site's navigation. The key must cover everything the template
		// reads from data.
		"cached": th.cached,
	}
}

// snippetCache holds rendered list entries by key, across builds.
type snippetCache struct {
	mu     sync.Mutex
	global uint64
	m      map[uint64]template.HTML
	cards  map[cardSnippet]snippetEntry
	// oneUse lists snippets that each build uses once, such as a post's
	// card on the home page; a one-off build does not keep them.
	oneUse map[string]bool
	// pagesOnly keeps entries in their pages' memos alone, not in cards
	// too, for a build that is never followed by another.
	pagesOnly bool
}

// snippetEntry is a rendered entry or card and the hash of its HTML.
type snippetEntry struct {
	html template.HTML
	hash uint64
}

// cardSnippet names a post's entry or card: the card key is a hash already.
type cardSnippet struct {
	name string
	card uint64
}

// reset empties the cache when anything every output depends on changed.
func (c *snippetCache) reset(global uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.global != global || c.m == nil {
		c.global, c.m, c.cards = global, map[uint64]template.HTML{}, map[cardSnippet]snippetEntry{}
	}
}

func (th *theme) cached(name, key string, data any) (template.HTML, error) {
	h, err := th.snippets.memo(newKey("cached").str(name).str(key).sum(), func() (string, error) {
		h, err := th.execute(name, data)
		return string(h), err
	})
	return template.HTML(h), err
}

func (th *theme) snippetList(name string, ps []*Page) (template.HTML, error) {
	parts := make([]template.HTML, len(ps))
	n := 0
	for i, p := range ps {
		h, err := th.snippet(name, p)
		if err != nil {
			return "", err
		}
		parts[i] = h
		n += len(h)
	}
	var b strings.Builder
	b.Grow(n)
	for _, h := range parts {
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil
}

func (th *theme) snippet(name string, p *Page) (template.HTML, error) {
	e, err := th.snippetEntry(name, p)
	return e.html, err
}

// snippetHash is the hash of a post's entry or card HTML, for list keys.
func (th *theme) snippetHash(name string, p *Page) (uint64, error) {
	e, err := th.snippetEntry(name, p)
	return e.hash, err
}

func (th *theme) snippetEntry(name string, p *Page) (snippetEntry, error) {
	c := th.snippets
	// The page's own memo first: a list of thousands of posts looks each
	// up on every rebuild that changes it, and the shared map, behind a
	// lock, is the slow way.
	mine := p.snippets.Load()
	if mine != nil && mine.global == c.global && mine.card == p.cardKey {
		for i := range mine.names {
			if mine.names[i] == name {
				return mine.entries[i], nil
			}
		}
	}
	k := cardSnippet{name, p.cardKey}
	var e snippetEntry
	ok := false
	if !c.pagesOnly {
		c.mu.Lock()
		e, ok = c.cards[k]
		c.mu.Unlock()
	}
	if !ok {
		h, err := th.execute(name, p)
		if err != nil {
			return snippetEntry{}, err
		}
		e = snippetEntry{html: h, hash: maphash.String(keySeed, string(h))}
		if c.oneUse[name] {
			return e, nil
		}
		if !c.pagesOnly {
			c.mu.Lock()
			c.cards[k] = e
			c.mu.Unlock()
		}
	}
	next := &pageSnippets{global: c.global, card: p.cardKey}
	if mine != nil && mine.global == c.global && mine.card == p.cardKey {
		next.names, next.entries = slices.Clip(mine.names), slices.Clip(mine.entries)
	}
	next.names, next.entries = append(next.names, name), append(next.entries, e)
	p.snippets.Store(next) // a race between two workers only loses a memo
	return e, nil
}

// pageSnippets is a page's memo of its rendered entries and cards, for one
// cache generation and card key; replaced whole, never changed.
type pageSnippets struct {
	global, card uint64
	names        []string
	entries      []snippetEntry
}

func (th *theme) execute(name string, data any) (template.HTML, error) {
	t := th.templates["list.html"]
	if t == nil {
		return "", fmt.Errorf("no list template")
	}
	// A pooled buffer, and a string of exactly the snippet's size: a
	// growing strings.Builder took six allocations a snippet and kept its
	// spare capacity with every memoized entry (80 MB at 100,000 posts).
	b := snippetBuffers.Get().(*bytes.Buffer)
	defer snippetBuffers.Put(b)
	b.Reset()
	if err := t.ExecuteTemplate(b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

var snippetBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// memo returns the value cached under key, making and keeping it when
// missing. Values are the same for a key, so two workers making one at once
// is harmless.
func (c *snippetCache) memo(key uint64, make func() (string, error)) (string, error) {
	c.mu.Lock()
	h, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return string(h), nil
	}
	v, err := make()
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.m[key] = template.HTML(v)
	c.mu.Unlock()
	return v, nil
}

type missingTemplate string

func (m missingTemplate) Error() string { return "missing template " + string(m) }

type partError struct {
	part string
	err  error
}

func (e partError) Error() string { return e.part + ": " + e.err.Error() }

// parseTemplateSet parses a page template with base.html and partials.html.
func parseTemplateSet(texts map[string]string, name string, funcs template.FuncMap) (*template.Template, error) {
	t := template.New("").Funcs(funcs)
	for _, part := range []string{"base.html", "partials.html", name} {
		text, found := texts[part]
		if !found {
			return nil, missingTemplate(part)
		}
		if _, err := t.New(part).Parse(text); err != nil {
			return nil, partError{part, err}
		}
	}
	return t, nil
}

// minifyTemplates minifies template texts, keeping {{ }} actions and every
// attribute's quotes as they are; ok is false if any result no longer parses.
func minifyTemplates(texts map[string]string, funcs template.FuncMap) (map[string]string, bool) {
	m := minify.New()
	m.Add("text/html", &minhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true,
		KeepDefaultAttrVals: true, TemplateDelims: minhtml.GoTemplateDelims})
	out := make(map[string]string, len(texts))
	for name, text := range texts {
		min, err := m.String("text/html", text)
		if err != nil {
			return nil, false
		}
		out[name] = min
	}
	for _, name := range templateNames {
		if _, ok := texts[name]; !ok {
			continue
		}
		if _, err := parseTemplateSet(out, name, funcs); err != nil {
			return nil, false
		}
	}
	return out, true
}
