package confidential

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// snippet is one labelled line of testdata/corpus.txt.
type snippet struct {
	line  int
	kinds map[Kind]bool
	text  string
}

func readCorpus(t testing.TB) []snippet {
	t.Helper()
	data, err := os.ReadFile("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []snippet
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		labels, text, ok := strings.Cut(line, " | ")
		if !ok {
			t.Fatalf("corpus.txt:%d: no \" | \" between labels and text", n+1)
		}
		s := snippet{line: n + 1, kinds: map[Kind]bool{}, text: text}
		if labels != "-" {
			for _, k := range strings.Split(labels, ",") {
				s.kinds[Kind(k)] = true
			}
		}
		out = append(out, s)
	}
	return out
}

// hintKinds are the Low-confidence kinds, scored on their own: they are
// suggestions, and mixing them into the identifier scores would hide
// either.
var hintKinds = map[Kind]bool{ExactAge: true, EncounterDate: true, PlaceName: true}

// tally counts true and false positives and false negatives for one kind.
type tally struct{ tp, fp, fn int }

func (c tally) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c tally) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

// TestCorpus scores the detector on the labelled corpus. A snippet counts
// for a kind if any finding of that kind is reported in it: at High or
// Medium confidence for identifiers, at any confidence for the hint kinds.
func TestCorpus(t *testing.T) {
	if *update {
		if err := os.WriteFile("testdata/corpus.txt", []byte(generateCorpus()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	corpus := readCorpus(t)
	negatives := 0
	for _, s := range corpus {
		if len(s.kinds) == 0 {
			negatives++
		}
	}
	if len(corpus) < 300 || negatives*2 < len(corpus) {
		t.Errorf("corpus has %d snippets, %d hard negatives; want at least 300, half negative", len(corpus), negatives)
	}

	d := New(Options{Places: corpusPlaces})
	tallies := map[Kind]*tally{}
	get := func(k Kind) *tally {
		if tallies[k] == nil {
			tallies[k] = &tally{}
		}
		return tallies[k]
	}
	var ids, hints tally
	for _, s := range corpus {
		got := map[Kind]bool{}
		for _, f := range d.Scan([]byte(s.text), 1, nil) {
			if bad := invalidNumber(f.Match); bad != "" && f.Kind != MRN {
				t.Errorf("corpus.txt:%d: reported %s %q, whose check digit fails", s.line, f.Kind, bad)
			}
			if hintKinds[f.Kind] || f.Confidence >= Medium {
				got[f.Kind] = true
			}
		}
		for k := range got {
			c := get(k)
			total := &ids
			if hintKinds[k] {
				total = &hints
			}
			if s.kinds[k] {
				c.tp++
				total.tp++
			} else {
				c.fp++
				total.fp++
				t.Logf("corpus.txt:%d: false %s: %s", s.line, k, s.text)
			}
		}
		for k := range s.kinds {
			if !got[k] {
				get(k).fn++
				if hintKinds[k] {
					hints.fn++
				} else {
					ids.fn++
				}
				t.Logf("corpus.txt:%d: missed %s: %s", s.line, k, s.text)
			}
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%d snippets, %d hard negatives\n%-16s %5s %5s %5s %9s %7s\n", len(corpus), negatives, "kind", "tp", "fp", "fn", "precision", "recall")
	kinds := make([]Kind, 0, len(tallies))
	for k := range tallies {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	row := func(name string, c tally) {
		fmt.Fprintf(&b, "%-16s %5d %5d %5d %9.3f %7.3f\n", name, c.tp, c.fp, c.fn, c.precision(), c.recall())
	}
	for _, k := range kinds {
		row(string(k), *tallies[k])
	}
	row("identifiers", ids)
	row("hints (low)", hints)
	t.Log("\n" + b.String())

	for _, k := range []Kind{NHSNumber, CHINumber} {
		if c := get(k); c.recall() < 1 {
			t.Errorf("%s recall %.3f, want 1", k, c.recall())
		}
	}
	if ids.precision() < 0.95 || ids.recall() < 0.95 {
		t.Errorf("identifier precision %.3f, recall %.3f; want both at least 0.95", ids.precision(), ids.recall())
	}
}

// invalidNumber returns the digits of match if they are 10 digits laid out
// as a health service number whose Modulus 11 check fails, or "".
func invalidNumber(match string) string {
	var d []byte
	for i := 0; i < len(match); i++ {
		switch c := match[i]; {
		case isDigit(c):
			d = append(d, c)
		case c == ' ' || c == '-':
		default:
			return ""
		}
	}
	if len(d) == 10 && !modulus11(d) {
		return string(d)
	}
	return ""
}
