package generator

import (
	"bytes"
	"context"
	"html"
	"os"
	"strings"
	"testing"
	"unicode"
)

// When a site's own templates do not survive being minified at load, the
// theme falls back to minifying each page as it is rendered. The pages must
// come out the same but for whitespace, quotes and entities, and minified.
func TestMinifyFallback(t *testing.T) {
	ctx := context.Background()
	b := NewBuilder(os.DirFS(".."), Options{})
	normal, err := b.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b.themeCache == nil || b.themeCache.minifyHTML {
		t.Fatal("the default theme's templates should minify at load")
	}
	// The same theme with its templates as written: each page is
	// minified as it is rendered.
	fb := NewBuilder(os.DirFS(".."), Options{})
	fb.unminifiedTemplates = true
	fallback, err := fb.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, o := range normal.Outputs {
		want[o.Path] = o.Bytes
	}
	// The page minifier drops the quotes of attributes that need none and
	// writes characters instead of entities where it can; the template
	// minifier keeps quotes, as actions may fill them, and html/template
	// writes entities. Compare the text those make.
	noSpace := func(b []byte) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == '"' || r == '\'' {
				return -1
			}
			return r
		}, html.UnescapeString(string(b)))
	}
	withBody := map[string]bool{}
	for _, p := range append(fallback.Site.Posts, fallback.Site.Pages...) {
		withBody[p.Parsed.OutPath] = true
	}
	pages := 0
	for _, o := range fallback.Outputs {
		if !strings.HasSuffix(o.Path, ".html") {
			continue
		}
		pages++
		if noSpace(o.Bytes) != noSpace(want[o.Path]) {
			a, b := noSpace(o.Bytes), noSpace(want[o.Path])
			i := 0
			for i < len(a) && i < len(b) && a[i] == b[i] {
				i++
			}
			t.Errorf("%s differs from the normal build beyond whitespace, quotes and entities:\nfallback: %.200s\nnormal:   %.200s", o.Path, a[max(0, i-60):], b[max(0, i-60):])
		}
		if withBody[o.Path] {
			continue // a post's body is goldmark's compact HTML, spliced in as it is
		}
		again, err := minifyOutput(b.minifier, o.Path, o.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, o.Bytes) {
			t.Errorf("%s is not minified: minifying it again changes it", o.Path)
		}
	}
	if pages == 0 {
		t.Fatal("no pages")
	}
}
