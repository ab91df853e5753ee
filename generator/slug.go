package generator

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// letterSpellings transliterates letters that Unicode does not decompose into
// an ASCII base letter plus marks.
var letterSpellings = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i", '&': "and",
}

// Slug turns text into a lower-case ASCII URL segment: accents are
// transliterated (é → e, ß → ss), every run of other characters becomes one
// hyphen, and hyphens never lead or trail. "Quality Improvement" and
// "quality-improvement" give the same slug, which is how stages and tags match.
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	emit := func(r rune) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteRune(r)
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFKD.String(s)
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			emit(r)
		case r >= 'A' && r <= 'Z':
			emit(r + ('a' - 'A'))
		case unicode.Is(unicode.Mn, r):
			// A combining mark left by decomposition: drop it, keep the base letter.
		default:
			if t, ok := letterSpellings[r]; ok {
				for _, c := range t {
					emit(c)
				}
				continue
			}
			hyphen = true
		}
	}
	return b.String()
}
