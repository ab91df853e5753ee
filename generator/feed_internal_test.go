package generator

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// TestGeneratedXMLIsMinimal checks that the feeds and sitemap are written
// minimal, which is why the write stage does not run the minifier over them:
// it would change nothing.
func TestGeneratedXMLIsMinimal(t *testing.T) {
	b := NewBuilder(os.DirFS(".."), Options{})
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := newMinifier()
	checked := 0
	for _, j := range planOutputs(res.Site, b.themeCache, 1, false, false) {
		if mediaType(j.path) != "application/xml" {
			continue
		}
		if !j.compact {
			t.Errorf("%s is not marked compact", j.path)
		}
		var buf bytes.Buffer
		if err := j.render(&buf); err != nil {
			t.Fatal(err)
		}
		min, err := minifyOutput(m, j.path, buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(min, buf.Bytes()) {
			i := 0
			for i < len(min) && i < buf.Len() && min[i] == buf.Bytes()[i] {
				i++
			}
			t.Errorf("%s: the minifier shortens it from %d to %d bytes, first at byte %d: %q", j.path, buf.Len(), len(min), i, buf.Bytes()[max(0, i-30):min2(buf.Len(), i+30)])
		}
		checked++
	}
	if checked < 3 {
		t.Fatalf("checked %d XML files", checked)
	}
}

func min2(a, b int) int { return min(a, b) }

func TestXMLEscape(t *testing.T) {
	var b bytes.Buffer
	xmlEscapeTo(&b, "a & b < c > d \"q\" \x00 é", false)
	if got, want := b.String(), "a &amp; b &lt; c &gt; d \"q\" \uFFFD é"; got != want {
		t.Errorf("text: got %q, want %q", got, want)
	}
	b.Reset()
	xmlEscapeTo(&b, "say \"hi\"\n", true)
	if got, want := b.String(), "say &#34;hi&#34;&#10;"; got != want {
		t.Errorf("attribute: got %q, want %q", got, want)
	}
}
