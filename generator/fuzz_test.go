package generator_test

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mindlines/mindlines/generator"
)

// The fuzz tests build a tiny site around the fuzzed bytes: whatever a
// writer types, a build must not panic, and every error it reports must name
// a file of the site, so the writer knows where to look. Their seed corpora
// run in every go test; go test -fuzz=FuzzFrontMatter ./generator explores.

const fuzzPost = "content/reflections/2024-03-01-fuzzed.md"

// fuzzSite is the fixed part of every fuzzed site: settings, an author and a
// post to link to.
var fuzzSite = map[string]string{
	"content/_index.md":                        "---\ntitle: Fuzz\nbaseURL: https://example.org/\n---\nHello.\n",
	"content/authors/bo.md":                    "---\nname: Bo\n---\nA GP.\n",
	"content/reflections/2024-01-01-target.md": "---\ntitle: Target\nauthor: bo\nstage: curiosity\ntags: [audit]\n---\n\n## Results\n\nSome results.\n",
}

func buildFuzzSite(t *testing.T, post []byte) {
	fsys := fstest.MapFS{}
	for name, data := range fuzzSite {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	fsys[fuzzPost] = &fstest.MapFile{Data: post}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	b := generator.NewBuilder(fsys, generator.Options{Now: func() time.Time { return now }, Workers: 1})
	_, err := b.Build(context.Background())
	if err == nil {
		return
	}
	t.Log(err)
	var list generator.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("the error names no file: %v", err)
	}
	for _, e := range list {
		if e.Pos.Path == "" {
			t.Errorf("an error names no file: %q", e.Msg)
		} else if _, ok := fsys[e.Pos.Path]; !ok {
			t.Errorf("an error names %s, which is not a file of the site: %v", e.Pos.Path, e)
		}
	}
}

// FuzzFrontMatter fuzzes a whole post file, front matter first.
func FuzzFrontMatter(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: A post\ndate: 2024-03-01\nauthor: bo\nstage: curiosity\ntags: [audit, QI]\n---\nBody.\n",
		"---\ntitle: Colon: in the title\n---\nBody.\n",
		"---\ntitle: \"unterminated\n---\n",
		"---\ntitle: no end\n",
		"---\n---\n",
		"---",
		"",
		"\ufeff---\r\ntitle: BOM and CRLF\r\n---\r\nBody.\r\n",
		"+++\ntitle = \"TOML\"\ndate = 2024-03-01T10:00:00Z\ntags = [\"a\", \"b\"]\n+++\nBody.\n",
		"+++\ntitle = \n+++\n",
		"{\"title\": \"JSON\", \"tags\": \"a, b\", \"draft\": true}\nBody.\n",
		"{\"title\": ",
		"---\ndate: not a date\nstage: no-such-stage\nauthor: nobody\n---\n",
		"---\ndate: 2024-02-30\nlastmod: 1999-01-01\n---\n",
		"---\ntags: {a: b}\nauthors: [bo, bo, 7]\ntitle: [1, 2]\n---\n",
		"---\ntitle: !!binary aGVsbG8=\ndraft: yes\nweight: 1e400\n---\n",
		"---\n- a list\n- not a map\n---\n",
		"---\n\t title: tab\n---\n",
		"---\nslug: ../../escape\nurl: /../../x/\n---\n",
		"---\nsummary: \x00\xff\xfe\n---\n\x00",
		"---\na: &a [*a]\n---\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, post []byte) {
		buildFuzzSite(t, post)
	})
}

// FuzzMarkdownLinks fuzzes the markdown body of a post, where links to other
// posts, their headings and files beside them are resolved.
func FuzzMarkdownLinks(f *testing.F) {
	for _, seed := range []string{
		"[target](2024-01-01-target.md)",
		"[results](2024-01-01-target.md#results) and [missing](2024-01-01-target.md#nope)",
		"[nowhere](no-such-post.md) ![chart](chart.png)",
		"[up](../../outside.md) [abs](/reflections/) [web](https://nice.org.uk) <https://example.org>",
		"[self](#section)\n\n## Section\n",
		"[empty]() [space](<a b.md>) [query](2024-01-01-target.md?x=1#results)",
		"[ref][r]\n\n[r]: 2024-01-01-target.md \"title\"\n",
		"[ml-ref:0](ml-ref:0) [x](ml-ref:99)",
		"[percent](2024%2D01%2D01-target.md) [bad escape](%zz.md)",
		"Note.[^1]\n\n[^1]: [a link](2024-01-01-target.md) in a footnote.\n",
		"- [x] [done](2024-01-01-target.md)\n- [ ] todo\n",
		"| a | [b](2024-01-01-target.md) |\n|---|---|\n| ![i](x.png) | c |\n",
		"<a href=\"2024-01-01-target.md\">raw</a>",
		"[a](mailto:x@example.org) [b](javascript:alert(1)) [c](//evil.example/x.md)",
		"[[[[[[[[[[]]]]]]]]]]((((((",
		"[a](\x00.md) [b](\xff.md)",
		// The confidentiality detector reads the same text; its findings
		// must name the file too.
		"[Mrs Jones, NHS 943 476 5919](2024-01-01-target.md), born 01/02/1931, seen on 3 March.",
		"I phoned Mr Nowak on 07700 900123 <!-- confidential:ok --> at [home](mailto:nowak@example.org).",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		post := append([]byte("---\ntitle: Fuzzed\nauthor: bo\nstage: research\n---\n"), body...)
		buildFuzzSite(t, post)
	})
}
