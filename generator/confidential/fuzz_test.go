package confidential

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzScan checks that Scan never panics and that every finding points at
// its own text: Line and Col inside the input, and Match found there.
func FuzzScan(f *testing.F) {
	for _, s := range readCorpus(f) {
		f.Add(s.text)
	}
	f.Add("Mrs Patel, 84, came in.\nDOB 12/03/1954 <!-- confidential:ok -->\n+44 (0)20 7946 0000")
	f.Add("(0161) 496 0000 a@b.co @x 10.1/ patient JS. Mr")
	d := New(Options{Places: corpusPlaces})
	const firstLine = 3
	f.Fuzz(func(t *testing.T, text string) {
		lines := bytes.Split([]byte(text), []byte{'\n'})
		for _, fd := range d.Scan([]byte(text), firstLine, nil) {
			li := fd.Line - firstLine
			if li < 0 || li >= len(lines) {
				t.Fatalf("%+v: line outside the text's %d lines", fd, len(lines))
			}
			rest := text[lineOffset(lines, li):]
			if fd.Col < 1 || fd.Col-1 > len(lines[li]) {
				t.Fatalf("%+v: column outside line %q", fd, lines[li])
			}
			if fd.Match == "" || len(rest) < fd.Col-1+len(fd.Match) || rest[fd.Col-1:fd.Col-1+len(fd.Match)] != fd.Match {
				t.Fatalf("%+v: Match is not the text at its position", fd)
			}
			if m := Mask(fd.Match); utf8.ValidString(fd.Match) && utf8.RuneCountInString(m) != utf8.RuneCountInString(fd.Match) {
				t.Fatalf("Mask(%q) = %q changes the shape", fd.Match, m)
			}
		}
	})
}

func lineOffset(lines [][]byte, n int) int {
	off := 0
	for _, l := range lines[:n] {
		off += len(l) + 1
	}
	return off
}
