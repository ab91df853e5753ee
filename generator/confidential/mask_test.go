package confidential

import (
	"testing"
	"unicode"
)

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"943 476 5919", "9•• ••• •••9"},
		{"Mrs Patel", "Mrs P••••"},
		{"Dr J. O'Brien", "Dr J. •'•••••"},
		{"SW1A 1AA", "S••• •••"},
		{"JS", "••"},
		{"j.patel84@example.com", "j.•••••••@•••••••.••m"},
		{"aged 93", "a••• ••"},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := Mask(tc.in); got != tc.want {
				t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestMaskHidesMiddle masks every finding in the corpus and checks that no
// letter or digit survives except titles and the first and last character.
func TestMaskHidesMiddle(t *testing.T) {
	d := New(Options{Places: corpusPlaces})
	for _, s := range readCorpus(t) {
		for _, f := range d.Scan([]byte(s.text), 1, nil) {
			checkMasked(t, f.Match)
		}
	}
	for _, m := range []string{"Professor Greenhalgh", "0161 496 0000", "AB 12 34 56 C", "x", "ab", "Mr Mr Mr"} {
		checkMasked(t, m)
	}
}

func checkMasked(t *testing.T, match string) {
	t.Helper()
	masked := []rune(Mask(match))
	orig := []rune(match)
	if len(masked) != len(orig) {
		t.Errorf("Mask(%q) = %q: shape changed", match, string(masked))
		return
	}
	// Titles stay visible; find their runes.
	title := make([]bool, len(orig))
	for i := 0; i < len(orig); {
		if !wordRune(orig[i]) {
			i++
			continue
		}
		j := i
		for j < len(orig) && wordRune(orig[j]) {
			j++
		}
		if titleWord([]byte(string(orig[i:j]))) != 0 {
			for k := i; k < j; k++ {
				title[k] = true
			}
		}
		i = j
	}
	first, last := -1, -1
	for i, r := range orig {
		if wordRune(r) && !title[i] {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for i, r := range orig {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			if masked[i] != r {
				t.Errorf("Mask(%q) = %q: punctuation at %d changed", match, string(masked), i)
			}
		case title[i] || i == first || i == last:
		case masked[i] != '•':
			t.Errorf("Mask(%q) = %q reveals %q at %d", match, string(masked), r, i)
		}
	}
}
