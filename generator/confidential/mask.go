package confidential

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mask hides a match for printing in CI logs while keeping its shape:
// spaces and punctuation stay, titles stay, and of the rest only the first
// character (for three or more) and the last (for eight or more, which keeps
// a long number's check digit visible for matching it up) survive:
// "943 476 5919" becomes "9•• ••• •••9" and "Mrs Patel" becomes "Mrs P••••".
// It never reveals more than the first and last character of a token.
func Mask(match string) string {
	type span struct{ start, end int }
	var tokens []span
	for i := 0; i < len(match); {
		r, n := utf8.DecodeRuneInString(match[i:])
		if !wordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(match) {
			r, n := utf8.DecodeRuneInString(match[j:])
			if !wordRune(r) {
				break
			}
			j += n
		}
		tokens = append(tokens, span{i, j})
		i = j
	}
	hidden := 0
	keep := make([]bool, len(tokens))
	for k, tk := range tokens {
		if titleWord([]byte(match[tk.start:tk.end])) != 0 {
			keep[k] = true
			continue
		}
		hidden += utf8.RuneCountInString(match[tk.start:tk.end])
	}
	var b strings.Builder
	b.Grow(len(match) * 3)
	pos, seen := 0, 0
	for k, tk := range tokens {
		b.WriteString(match[pos:tk.start])
		if keep[k] {
			b.WriteString(match[tk.start:tk.end])
		} else {
			for _, r := range match[tk.start:tk.end] {
				seen++
				if (seen == 1 && hidden >= 3) || (seen == hidden && hidden >= 8) {
					b.WriteRune(r)
				} else {
					b.WriteRune('•')
				}
			}
		}
		pos = tk.end
	}
	b.WriteString(match[pos:])
	return b.String()
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
