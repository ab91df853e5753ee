package generator

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/adrg/frontmatter"
)

// splitFrontMatter gives the decoder only the front matter when it can see
// where it ends; it must read every file as the decoder reads it whole.
func FuzzFrontMatterWindow(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: A post\ndate: 2024-03-01\ntags: [audit, QI]\n---\nBody.\n",
		"---\ntitle: no end\n",
		"---\n---\n",
		"---\n---",
		"\n\n---  \ntitle: spaces\n  ---  \nBody with --- inside.\n---\nMore.\n",
		"\ufeff---\r\ntitle: BOM and CRLF\r\n---\r\nBody.\r\n",
		"+++\ntitle = \"TOML\"\n+++\nBody.\n+++\n",
		"+++\ntitle = \n+++\n",
		"---\ntitle: \"unterminated\n---\n",
		"---\n- a list\n---\n",
		"---\na: 1\n---\n\n---\nb: 2\n---\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, post []byte) {
		post = normalizeText(post)
		fm, body, _, err := splitFrontMatter("p.md", post)
		start := firstNonBlankLine(post)
		if delim := strings.TrimSpace(string(lineAt(post, start))); delim != "---" && delim != "+++" {
			return // decoded whole anyway
		}
		var raw map[string]any
		rest, wholeErr := frontmatter.Parse(bytes.NewReader(post), &raw)
		if wholeErr == nil && len(rest) == len(post) {
			return // never closed: reported without the decoder's help
		}
		if (err == nil) != (wholeErr == nil) {
			t.Fatalf("error %v; decoding the whole file: %v", err, wholeErr)
		}
		if err != nil {
			return
		}
		if !bytes.Equal(body, rest) {
			t.Errorf("body %q; decoding the whole file: %q", body, rest)
		}
		want := map[string]any{}
		for k, v := range raw {
			want[k] = normalizeValue(v)
		}
		if !reflect.DeepEqual(fm, want) {
			t.Errorf("front matter %v; decoding the whole file: %v", fm, want)
		}
	})
}
