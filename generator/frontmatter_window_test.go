package generator

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
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
		// Found by review: trailing spaces in a list, '?' in a flow list.
		"---\ntitle: T\ntags:\n  - audit \n  - yes \n  - ~ \n---\n",
		"---\ntitle: T\ntags: [why?, how]\n---\n",
		"+++\n0={#\n+++", // panics in the TOML decoder
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
		rest, wholeErr := decodeFrontMatter(bytes.NewReader(post), &raw)
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

// A decoder's panic on malformed front matter fails the file, not the build.
func TestFrontMatterDecoderPanicIsAnError(t *testing.T) {
	_, _, _, err := splitFrontMatter("content/p.md", []byte("+++\n0={#\n+++\nBody.\n"))
	if err == nil || !strings.Contains(err.Error(), "content/p.md:") || !strings.Contains(err.Error(), "could not read") {
		t.Errorf("error %v; want one naming content/p.md", err)
	}
}

// quickYAML is held to the YAML decoder on front matter built from the
// pieces where YAML 1.1 surprises: special words, numbers, dates,
// indicators, quotes, flow and block lists, odd spacing and characters.
// (The byte-level fuzz test above rarely builds such input.)
func TestQuickYAMLAgreesWithTheDecoder(t *testing.T) {
	keys := []string{"title", "tags", "draft", "y", "on", "a-b", "_k", `"q"`, "two words", "1k", strings.Repeat("k", 1025), "title "}
	values := []string{"word", "two words", "yes", "yes ", "No", "off", "~", "null", "", " ", "2024-03-01", "2024-13-45",
		"2021-01-01T13:39:00Z", "12", "1.5", ".5", ".x", "+1", "-x", "- x", "a: b", "a:b", "a #b", "a#b", "why?", "?x", ":x",
		"x:", `"a"`, `"a: b # c"`, `"a\nb"`, `"a" b`, `'it''s'`, `'a' 'b'`, `'''`, "[a, b]", "[why?, how]", "[a,]", "[]", "[ ]",
		"[a:b]", "[a, [b]]", "[a #b]", "['a', b]", "{a: b}", "|", ">", "&a x", "*a", "!!str x", "%x", "@x", "`x`", "<<",
		"a\tb", "é", "a\u0085b", "a\u2028b", "😀", "\ufeffx", "a\rb", "x # c"}
	items := []string{"- a", "- a ", "-  yes ", "-", "- ", "- - a", "- a: b", "- [a]", "- ~", "- 'q'", "-x", "- null "}
	indents := []string{"", " ", "  ", "   "}
	ends := []string{"\n", "\r\n", " \n"}
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	taken := 0
	for range 60000 {
		var b strings.Builder
		for range 1 + rng.IntN(5) {
			switch rng.IntN(10) {
			case 0:
				b.WriteString(pick([]string{"", "# c", " # c", "..."}))
			case 1, 2:
				b.WriteString(pick(keys) + ":")
				for range rng.IntN(4) {
					b.WriteString(pick(ends) + pick(indents) + pick(items))
				}
			default:
				b.WriteString(pick(keys) + ": " + pick(values))
			}
			b.WriteString(pick(ends))
		}
		src := b.String()
		quick, ok := quickYAML([]byte(src))
		if !ok {
			continue
		}
		taken++
		var raw map[string]any
		_, err := decodeFrontMatter(strings.NewReader("---\n"+src+"---\n"), &raw)
		if err != nil {
			t.Errorf("quickYAML took %q, which the decoder rejects: %v", src, err)
			continue
		}
		want := map[string]any{}
		for k, v := range raw {
			want[k] = normalizeValue(v)
		}
		if !reflect.DeepEqual(quick, want) {
			t.Errorf("quickYAML read %q as %#v; the decoder as %#v", src, quick, want)
		}
	}
	if taken < 2000 {
		t.Errorf("quickYAML took only %d of the inputs: the comparison tests too little", taken)
	}
}
