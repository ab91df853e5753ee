package generator

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mindlines/mindlines/generator/internal/corpus"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

var linkifyCases = []string{
	"Visit https://nice.org.uk/guidance today.",
	"See www.nhs.uk, or (https://bnf.nice.org.uk/drugs/x/).",
	"Mail practice.manager@example.nhs.uk now.",
	"An address like a@b is not one; nor is x@y. but m@n.org is.",
	"*https://emph.example.org* and _www.under.example_ and ~ftp://files.example.org~",
	"Text at line start:\nhttps://start.example.org/path?q=1&r=2.\nwww.next.example",
	"Trailing punctuation https://x.example.org/a_(b)), then https://y.example.org/;",
	"[a link with https://inside.example.org](https://outer.example.org)",
	"Not a link: http:/broken or hxxp://nope or www. alone.",
	"Tabs\thttps://tab.example.org\tand spaces.",
	"A @mention and email@ and @domain.com should stay text.",
	"Footnote[^1] with https://ref.example.org.\n\n[^1]: See https://fn.example.org.",
}

// TestQuickLinkifyMatchesGoldmark checks that the quicker autolink front
// renders exactly what goldmark's own GFM extension renders.
func TestQuickLinkifyMatchesGoldmark(t *testing.T) {
	ours := newMarkdown(false)
	theirs := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	inputs := append([]string{}, linkifyCases...)
	for p, b := range corpus.Files(corpus.Options{N: 60, Seed: 7}) {
		if strings.HasSuffix(p, ".md") {
			inputs = append(inputs, string(b))
		}
	}
	for i, in := range inputs {
		var a, b bytes.Buffer
		if err := ours.Convert([]byte(in), &a); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Convert([]byte(in), &b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("input %d renders differently:\n%s\nours:   %s\ntheirs: %s", i, in, a.String(), b.String())
		}
	}
}

func FuzzQuickLinkify(f *testing.F) {
	for _, c := range linkifyCases {
		f.Add(c)
	}
	ours := newMarkdown(false)
	theirs := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	f.Fuzz(func(t *testing.T, in string) {
		var a, b bytes.Buffer
		ours.Convert([]byte(in), &a)
		theirs.Convert([]byte(in), &b)
		if a.String() != b.String() {
			t.Errorf("renders differently:\n%q\nours:   %q\ntheirs: %q", in, a.String(), b.String())
		}
	})
}

func TestCountWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"one", 1}, {"  one  two\nthree\t\tfour\r\n", 4}, {"\n\n", 0}, {"a b", 2}, {"é è", 2},
	} {
		if got := countWords([]byte(tc.in)); got != tc.want {
			t.Errorf("countWords(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
