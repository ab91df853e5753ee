package confidential

// Byte classes steer the scan. The table is built once and only read.
const (
	cOther = iota // punctuation, space, control
	cLower        // a-z
	cUpper        // A-Z
	cDigit        // 0-9
	cHigh         // bytes of multi-byte UTF-8 letters: part of a word
	cAt           // '@' starts an e-mail check
	cPlus         // '+' starts a +44 phone check
	cParen        // '(' may start "(0161) 496 0000"
)

var classes = func() (c [256]uint8) {
	for b := 'a'; b <= 'z'; b++ {
		c[b] = cLower
	}
	for b := 'A'; b <= 'Z'; b++ {
		c[b] = cUpper
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = cDigit
	}
	for b := 0x80; b < 0x100; b++ {
		c[b] = cHigh
	}
	c['@'] = cAt
	c['+'] = cPlus
	c['('] = cParen
	return c
}()

// wordBytes marks the bytes the scan skips over inside a word: ASCII
// letters and digits, and the bytes of multi-byte UTF-8 characters.
var wordBytes = func() (w [256]bool) {
	for b, k := range classes {
		w[b] = k == cLower || k == cUpper || k == cDigit || k == cHigh
	}
	return w
}()

func isAlnum(c byte) bool  { k := classes[c]; return k == cLower || k == cUpper || k == cDigit }
func isDigit(c byte) bool  { return c-'0' < 10 }
func isUpper(c byte) bool  { return c-'A' < 26 }
func isLower(c byte) bool  { return c-'a' < 26 }
func isLetter(c byte) bool { return isUpper(c) || isLower(c) }
func isSpace(c byte) bool  { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func lower(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// scan is the state of one Scan call.
type scan struct {
	d    *Detector
	text []byte
	hits []hit
}

func (s *scan) add(start, end int, k Kind, c Confidence) {
	s.hits = append(s.hits, hit{start: start, end: end, kind: k, conf: c})
}

// run walks the text once. Most bytes are lower-case letters of ordinary
// words, which are skipped a word at a time; only the first byte of a word
// (a digit, a capital, a letter that starts a listed place) or one of '@',
// '+' and '(' leads to a closer look, and each look is a small hand-written
// check that returns where scanning resumes.
func (s *scan) run() {
	t := s.text
	n := len(t)
	for i := 0; i < n; {
		c := t[i]
		k := classes[c]
		if k == cOther || k == cAt || k == cPlus || k == cParen {
			switch k {
			case cAt:
				i = s.email(i)
			case cPlus:
				i = s.plus(i)
			case cParen:
				i = s.paren(i)
			default:
				i++
			}
			continue
		}
		if s.d.places[lower(c)] != nil {
			s.place(i)
		}
		var next int
		switch k {
		case cLower:
			next = i + 1
			if c == 'h' || c == 'w' || c == 'd' || c == 'n' {
				next = s.lowerWord(i)
			}
		case cUpper:
			next = s.upperWord(i)
		case cDigit:
			next = s.digitWord(i)
		default:
			next = i + 1
		}
		// Always finish the word, so the next look starts at a word start.
		for next < n && wordBytes[t[next]] {
			next++
		}
		i = next
	}
}

// wordEnd returns the end of the run of ASCII letters and digits at i.
func (s *scan) wordEnd(i int) int {
	t := s.text
	for i < len(t) && isAlnum(t[i]) {
		i++
	}
	return i
}

// lowerWord skips links and DOIs whole, since their paths are full of
// numbers that are nobody's ("https://doi.org/10.1136/bmj.m1234").
func (s *scan) lowerWord(i int) int {
	t := s.text
	switch t[i] {
	case 'h':
		if hasPrefix(t[i:], "http://") || hasPrefix(t[i:], "https://") {
			return s.skipLink(i)
		}
	case 'w':
		if hasPrefix(t[i:], "www.") {
			return s.skipLink(i)
		}
	case 'd':
		if hasPrefix(t[i:], "doi:") || hasPrefix(t[i:], "doi.org/") {
			return s.skipLink(i)
		}
	case 'n':
		if j := s.wordAge(i); j > 0 {
			return j
		}
	}
	return i + 1
}

// skipLink returns the end of a link or DOI: the next space or the closing
// bracket of a Markdown link.
func (s *scan) skipLink(i int) int {
	t := s.text
	for i < len(t) && !isSpace(t[i]) && t[i] != ')' && t[i] != ']' && t[i] != '>' && t[i] != '"' {
		i++
	}
	return i
}

// place reports a place from Options.Places that starts at i.
func (s *scan) place(i int) {
	t := s.text
	if i > 0 && isAlnum(t[i-1]) {
		return
	}
	for _, p := range s.d.places[lower(t[i])] {
		if len(t)-i < len(p) {
			continue
		}
		j, ok := i, true
		for k := 0; k < len(p) && ok; k++ {
			if p[k] == ' ' {
				// One space in the setting matches any run of white space.
				if j >= len(t) || !isSpace(t[j]) {
					ok = false
					break
				}
				for j < len(t) && isSpace(t[j]) {
					j++
				}
				continue
			}
			if j >= len(t) || lower(t[j]) != p[k] {
				ok = false
				break
			}
			j++
		}
		if ok && (j == len(t) || !isAlnum(t[j])) {
			s.add(i, j, PlaceName, Low)
			return
		}
	}
}

func hasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}
