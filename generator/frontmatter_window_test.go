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
		// What quickYAML reads or must decline.
		"---\ntitle: \"Quoted: with a colon\"\ndate: 2021-01-01T13:39:00Z\ntags:\n  - mental-health\n  - copd\nstage: sharing\nauthor: \"Dr Priya Shah\"\nkind: reflection\n---\nBody.\n",
		"---\ntitle: It's 'fine'\ndraft: yes\npublished: off\nsummary: ~\nlastmod: 2024-13-45\ntags: [a, b c, 'd']\n---\n",
		"---\ntitle: 'it''s'\nempty:\nlist: []\nflag: NO\nother: Null\nweird: y\n---\n",
		"---\ntags:\n- a\n- b\n\n- c\nn: 1\nf: 1.5\nx: .5\nd: 2024-03-01 10:00\n---\n",
		"---\ntitle: a # comment\nb: c:d\ne: f: g\nh: [a, [b]]\ni: \"esc\\\"aped\"\n---\n",
		"---\ntitle: first\ntitle: second\n---\n",
		"---\ntitle: long\n  continued\nk:\n  - x\n   - y\n---\n",
		"---\n# a comment\ntitle: x\r\nyes: 1\n\"q\": 2\n---\n",
		"---\ntitle: tab\there\nnel: a\u0085b\nls: a\u2028b\nemoji: \U0001F600\n---\n",
		"---\nk: <<\nm: -x\np: +1\nq: [a,]\nr: [a: b]\ns: 'a' 'b'\n---\n",
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

// quickYAML must take the front matter posts usually have, or the
// comparison above would hold it to nothing.
func TestQuickYAMLTakesCommonFrontMatter(t *testing.T) {
	for _, src := range []string{
		"title: \"Improving menopause care\"\ndate: 2021-01-01T13:39:00Z\ntags:\n  - mental-health\n  - copd\nstage: sharing\nauthor: \"Dr Priya Shah\"\nkind: reflection\n",
		"title: Why I audit\ndate: 2024-03-01\ntags: [audit, QI]\ndraft: true\nsummary: 'A GP''s first audit'\n",
		"# notes\r\ntitle: x\r\nauthors:\n- ana\n- ben\n",
	} {
		if _, ok := quickYAML([]byte(src)); !ok {
			t.Errorf("quickYAML declined %q", src)
		}
	}
	for _, src := range []string{"n: 1", "t: a # c", "t: |\n  x", "t: a\n  b", "a: {b: c}", "t: \"a\\nb\""} {
		if _, ok := quickYAML([]byte(src)); ok {
			t.Errorf("quickYAML took %q, which is the decoder's to read", src)
		}
	}
}
