package generator_test

// The site checks build the example blog in the repository (../content with
// the default theme) in memory and hold its outputs to what real clients
// accept: feeds parsed by a real feed parser, a well-formed sitemap, and
// internal links, fragments included, that all land somewhere. The slower
// checks that need Java and a browser (HTML validity, accessibility) live in
// .ci/quality.

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mindlines/mindlines/generator"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// exampleSite is the example blog, built once for all the site checks.
type exampleSite struct {
	settings *generator.Settings
	outputs  map[string][]byte // output path -> bytes
	ids      map[string]map[string]bool
	mu       sync.Mutex
}

var (
	exampleOnce  sync.Once
	example      *exampleSite
	exampleError error
)

func buildExample(t *testing.T) *exampleSite {
	t.Helper()
	exampleOnce.Do(func() {
		res, err := generator.NewBuilder(os.DirFS(".."), generator.Options{}).Build(context.Background())
		if err != nil {
			exampleError = err
			return
		}
		s := &exampleSite{settings: res.Site.Settings, outputs: map[string][]byte{}, ids: map[string]map[string]bool{}}
		for _, o := range res.Outputs {
			s.outputs[o.Path] = o.Bytes
		}
		example = s
	})
	if exampleError != nil {
		t.Fatalf("building the example blog: %v", exampleError)
	}
	return example
}

// outputFor maps a site URL path ("/reflections/audit/") to the output file a
// static server would send for it ("reflections/audit/index.html"), or "" when
// the path lies outside the site.
func (s *exampleSite) outputFor(urlPath string) string {
	base := s.settings.BasePath
	if !strings.HasPrefix(urlPath, base) && urlPath+"/" != base {
		return ""
	}
	p := strings.TrimPrefix(urlPath, base)
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// internal resolves ref, found in the page at URL path from, to a URL within
// the site; ok is false for links that leave it (other hosts, mailto: and the like).
func (s *exampleSite) internal(from *url.URL, ref string) (u *url.URL, ok bool) {
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return nil, true // unparseable: reported as broken by the caller
	}
	u = from.ResolveReference(r)
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return nil, false
	}
	if u.Host == "" {
		return u, true
	}
	b, err := url.Parse(s.settings.BaseURL)
	if err != nil || s.settings.BaseURL == "" || !strings.EqualFold(b.Host, u.Host) {
		return nil, false
	}
	return u, true
}

// pageURL is the URL a page is served at: the site's base URL, or a
// placeholder host when it has none, joined with the output path.
func (s *exampleSite) pageURL(out string) *url.URL {
	base := s.settings.BaseURL
	if base == "" {
		base = "http://localhost" + s.settings.BasePath
	}
	b, _ := url.Parse(base)
	p := strings.TrimSuffix(out, "index.html")
	return b.ResolveReference(&url.URL{Path: p})
}

// idsOf returns the ids (and a-element names) an HTML output defines.
func (s *exampleSite) idsOf(out string) map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ids, ok := s.ids[out]; ok {
		return ids
	}
	ids := map[string]bool{}
	if doc, err := html.Parse(bytes.NewReader(s.outputs[out])); err == nil {
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			for _, a := range n.Attr {
				if a.Key == "id" || (a.Key == "name" && n.Data == "a") {
					ids[a.Val] = true
				}
			}
		}
	}
	s.ids[out] = ids
	return ids
}

// check reports why ref, found in the page at from, does not resolve; "" when
// it does or when it leaves the site.
func (s *exampleSite) check(from *url.URL, ref string) string {
	u, ok := s.internal(from, ref)
	if !ok {
		return ""
	}
	if u == nil {
		return "not a URL"
	}
	out := s.outputFor(u.Path)
	if out == "" {
		return "outside the site's base path " + s.settings.BasePath
	}
	if _, ok := s.outputs[out]; !ok {
		if _, dir := s.outputs[out+"/index.html"]; dir {
			return "no output " + out + " (a folder: add a trailing slash)"
		}
		return "no output " + out
	}
	if u.Fragment != "" && strings.HasSuffix(out, ".html") && !s.idsOf(out)[u.Fragment] {
		return "no id=" + u.Fragment + " in " + out
	}
	return ""
}

// linkAttrs are the attributes that hold a URL a reader's browser follows or
// fetches.
var linkAttrs = map[string]bool{"href": true, "src": true, "poster": true, "action": true}

// refs lists every URL in an HTML document: href, src and the like, and each
// candidate of a srcset.
func refs(doc *html.Node) []string {
	var out []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			switch {
			case linkAttrs[a.Key]:
				out = append(out, a.Val)
			case a.Key == "srcset":
				for _, c := range strings.Split(a.Val, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						out = append(out, f[0])
					}
				}
			}
		}
	}
	return out
}

func sortedOutputs(s *exampleSite, suffix string) []string {
	var out []string
	for p := range s.outputs {
		if strings.HasSuffix(p, suffix) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// TestExampleLinks checks that every internal href and src in every page of
// the example blog resolves to an output, fragments included.
func TestExampleLinks(t *testing.T) {
	s := buildExample(t)
	pages := sortedOutputs(s, ".html")
	if len(pages) < 10 {
		t.Fatalf("the example blog built only %d HTML pages", len(pages))
	}
	checked := 0
	for _, p := range pages {
		doc, err := html.Parse(bytes.NewReader(s.outputs[p]))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		from := s.pageURL(p)
		for _, ref := range refs(doc) {
			checked++
			if why := s.check(from, ref); why != "" {
				t.Errorf("%s: link %q is broken: %s", p, ref, why)
			}
		}
	}
	t.Logf("checked %d links in %d pages", checked, len(pages))
}

// TestExampleFeeds parses every Atom feed of the example blog with gofeed, as
// a feed reader would, and checks that every item has what a reader shows and
// that its link, and every internal link in its content, leads to a page.
func TestExampleFeeds(t *testing.T) {
	s := buildExample(t)
	feeds := sortedOutputs(s, "feed.xml")
	if _, ok := s.outputs["feed.xml"]; !ok {
		t.Fatalf("the example blog has no feed.xml; feeds: %v", feeds)
	}
	for _, kind := range []string{"tags/", "stages/", "authors/"} {
		n := 0
		for _, f := range feeds {
			if strings.HasPrefix(f, kind) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no feeds under %s", kind)
		}
	}
	for _, f := range feeds {
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(s.outputs[f]))
		if err != nil {
			t.Errorf("%s: gofeed cannot parse it: %v", f, err)
			continue
		}
		if feed.Title == "" {
			t.Errorf("%s: the feed has no title", f)
		}
		if len(feed.Items) == 0 {
			t.Errorf("%s: the feed has no items", f)
		}
		feedURL := s.pageURL(f)
		for i, it := range feed.Items {
			name := it.Title
			if name == "" {
				name = fmt.Sprintf("item %d", i+1)
				t.Errorf("%s: item %d has no title", f, i+1)
			}
			if it.PublishedParsed == nil && it.UpdatedParsed == nil {
				t.Errorf("%s: %q has no date", f, name)
			}
			if strings.TrimSpace(it.Content) == "" {
				t.Errorf("%s: %q has no content", f, name)
			}
			if it.Link == "" {
				t.Errorf("%s: %q has no link", f, name)
				continue
			}
			u, ok := s.internal(feedURL, it.Link)
			if !ok || u == nil {
				t.Errorf("%s: %q links outside the site: %s", f, name, it.Link)
			} else if why := s.check(feedURL, it.Link); why != "" {
				t.Errorf("%s: %q links to %s: %s", f, name, it.Link, why)
			} else if out := s.outputFor(u.Path); !strings.HasSuffix(out, ".html") {
				t.Errorf("%s: %q links to %s, which is not a page", f, name, it.Link)
			}
			// Links inside the content resolve against the item's own
			// page, as a feed reader with xml:base does.
			doc, err := html.Parse(strings.NewReader(it.Content))
			if err != nil || u == nil {
				continue
			}
			for _, ref := range refs(doc) {
				if why := s.check(u, ref); why != "" {
					t.Errorf("%s: %q: link %q in the content is broken: %s", f, name, ref, why)
				}
			}
		}
	}
}

// TestExampleSitemap checks that sitemap.xml is well-formed XML in the
// sitemap namespace and that every loc is a page of the site.
func TestExampleSitemap(t *testing.T) {
	s := buildExample(t)
	data, ok := s.outputs["sitemap.xml"]
	if !ok {
		t.Fatal("the example blog has no sitemap.xml")
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("sitemap.xml is not well-formed: %v", err)
		}
	}
	var set struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	if set.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || set.XMLName.Local != "urlset" {
		t.Errorf("sitemap.xml: the root is %v, want urlset in the sitemap namespace", set.XMLName)
	}
	if len(set.URLs) == 0 {
		t.Fatal("sitemap.xml lists no URLs")
	}
	seen := map[string]bool{}
	root := s.pageURL("index.html")
	for _, e := range set.URLs {
		if seen[e.Loc] {
			t.Errorf("sitemap.xml lists %s twice", e.Loc)
		}
		seen[e.Loc] = true
		if s.settings.BaseURL != "" && !strings.HasPrefix(e.Loc, s.settings.BaseURL) {
			t.Errorf("sitemap.xml: loc %s is not an absolute URL under %s", e.Loc, s.settings.BaseURL)
		}
		u, ok := s.internal(root, e.Loc)
		if !ok || u == nil {
			t.Errorf("sitemap.xml: loc %s is outside the site", e.Loc)
			continue
		}
		if why := s.check(root, e.Loc); why != "" {
			t.Errorf("sitemap.xml: loc %s: %s", e.Loc, why)
		} else if out := s.outputFor(u.Path); !strings.HasSuffix(out, ".html") {
			t.Errorf("sitemap.xml: loc %s is not a page", e.Loc)
		} else if out == "404.html" {
			t.Errorf("sitemap.xml lists the 404 page")
		}
		if e.Lastmod != "" && len(e.Lastmod) != len("2006-01-02") && !strings.Contains(e.Lastmod, "T") {
			t.Errorf("sitemap.xml: loc %s has lastmod %q, not a W3C date", e.Loc, e.Lastmod)
		}
	}
	// Every page but 404 is worth finding.
	for _, p := range sortedOutputs(s, ".html") {
		if p == "404.html" {
			continue
		}
		if !seen[s.pageURL(p).String()] {
			t.Errorf("sitemap.xml does not list %s", p)
		}
	}
}
