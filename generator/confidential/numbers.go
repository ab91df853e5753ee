package confidential

// digitWord looks at a word that starts with a digit: a date, a 10-digit
// health service number, a phone number, a labelled record number, an age
// or a house number. Whatever it recognises, even an invalid number, it
// consumes whole, so the pieces are not looked at again.
func (s *scan) digitWord(i int) int {
	t := s.text
	end := s.wordEnd(i)
	if i >= 2 && isDigit(t[i-2]) {
		switch t[i-1] {
		case '.', '/', ':', ';', ',', '-':
			// The middle of "10.1136", "2019;368:l6890", "1,000" or "45-67".
			return end
		}
	}
	if j := s.doi(i); j > 0 {
		return j
	}
	if j := s.date(i); j > 0 {
		return j
	}
	if j := s.number(i); j > 0 {
		return j
	}
	if j := s.age(i, end); j > 0 {
		return j
	}
	if j := s.address(i, end); j > 0 {
		return j
	}
	return end
}

// doi skips a bare DOI such as 10.1136/bmj.m1234 (all DOIs start "10.").
func (s *scan) doi(i int) int {
	t := s.text
	if !hasPrefix(t[i:], "10.") {
		return 0
	}
	j := i + 3
	for j < len(t) && isDigit(t[j]) {
		j++
	}
	if j-i-3 < 4 || j >= len(t) || t[j] != '/' {
		return 0
	}
	return s.skipLink(i)
}

// digitGroups is a run of digit groups joined by single spaces or hyphens,
// as numbers are written: "943 476 5919", "0161 496 0000", "07700-900123".
type digitGroups struct {
	n      int     // groups
	size   [6]int  // digits in each group
	end    [6]int  // offset just past each group
	sep    [6]byte // separator before each group after the first
	digits [16]byte
	nd     int // digits in all, possibly more than len(digits)
}

func (s *scan) groups(i int) digitGroups {
	t := s.text
	var g digitGroups
	j := i
	for g.n < len(g.size) {
		start := j
		for j < len(t) && isDigit(t[j]) {
			if g.nd < len(g.digits) {
				g.digits[g.nd] = t[j]
			}
			g.nd++
			j++
		}
		g.size[g.n], g.end[g.n] = j-start, j
		g.n++
		if g.n < len(g.size) && j+1 < len(t) && (t[j] == ' ' || t[j] == '-') && isDigit(t[j+1]) {
			g.sep[g.n] = t[j]
			j++
			continue
		}
		break
	}
	return g
}

// number checks digit groups for a phone number, a labelled record number
// and a 10-digit NHS, CHI or H&C number, trying each leading run of groups
// so that "NHS 943 476 5919 2 weeks ago" still finds the number.
func (s *scan) number(i int) int {
	t := s.text
	g := s.groups(i)
	total := 0
	for k := 0; k < g.n; k++ {
		total += g.size[k]
		e := g.end[k]
		if e < len(t) && isAlnum(t[e]) {
			return 0 // "5919a" or "2mg": not a number on its own
		}
		if total > len(g.digits) {
			return e
		}
		d := g.digits[:total]
		switch {
		case k == 0 && total >= 5 && total <= 12 && s.labelled(i, record):
			s.add(i, e, MRN, High)
			return e
		case total == 11 && d[0] == '0':
			if phoneDigits(d) {
				s.add(i, e, Phone, High)
			}
			return e
		case total == 10 && tenShape(g, k):
			if kind := s.healthNumber(i, d); kind != "" {
				s.add(i, e, kind, High)
			}
			return e
		}
	}
	if g.n == 1 && total >= 5 {
		return g.end[0] // a long number that is nothing of ours, such as a SNOMED code
	}
	return 0
}

// tenShape reports whether groups 0..k are laid out as health service
// numbers are written: 10 digits, 3-3-4 with one kind of separator, or 6-4
// (CHI numbers are sometimes split after the date).
func tenShape(g digitGroups, k int) bool {
	switch k {
	case 0:
		return true
	case 1:
		return g.size[0] == 6
	case 2:
		return g.size[0] == 3 && g.size[1] == 3 && g.sep[1] == g.sep[2]
	}
	return false
}

// labelled reports whether a cue with role r comes shortly before i in the
// same sentence ("MRN: 4412785", "hosp no RXX123456").
func (s *scan) labelled(i int, r role) bool {
	return s.rolesIn(s.sentenceStart(i, 32), i)&r != 0
}

// healthNumber returns the kind of a 10-digit number with a valid Modulus 11
// check digit, or "" if the check fails or the number is labelled as a code
// or a reference. All three schemes share the check; the ranges tell them
// apart: H&C numbers are 320 000 0000 to 399 999 9999, CHI numbers start
// with a DDMMYY date of birth (so below 320), and NHS numbers are the rest.
func (s *scan) healthNumber(i int, d []byte) Kind {
	if !modulus11(d) {
		return ""
	}
	ctx := s.rolesIn(s.sentenceStart(i, 48), i)
	if ctx&(code|citation) != 0 {
		return ""
	}
	if n := int(d[0]-'0')*100 + int(d[1]-'0')*10 + int(d[2]-'0'); n >= 320 && n <= 399 {
		return HCNumber
	}
	if validDDMMYY(d[:6]) && (d[0] <= '3' || ctx&chiLabel != 0) {
		return CHINumber
	}
	return NHSNumber
}

// modulus11 checks the last of 10 digits as NHS, CHI and H&C numbers do:
// weights 10 down to 2 on the first nine, the check is 11 minus the sum
// modulo 11, 11 becomes 0, and 10 is never issued.
func modulus11(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	sum := 0
	for k := 0; k < 9; k++ {
		sum += int(d[k]-'0') * (10 - k)
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c != 10 && c == int(d[9]-'0')
}

// validDDMMYY reports whether six digits are a calendar date with a
// two-digit year (29 February is allowed: the century is unknown).
func validDDMMYY(d []byte) bool {
	day := int(d[0]-'0')*10 + int(d[1]-'0')
	month := int(d[2]-'0')*10 + int(d[3]-'0')
	return validDayMonth(day, month)
}

func validDayMonth(day, month int) bool {
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month]
}

// phoneDigits reports whether 11 digits starting with 0 are a UK mobile
// (07) or geographic or national (01, 02, 03) number that could be a
// person's. Public lines are allowed: 0300 numbers are reserved for public
// bodies and charities (0300 123 1234-style national helplines), and 08
// numbers are freephone and business lines. Short public numbers (NHS 111,
// 999, 112, 116 123 Samaritans, 116 117) are too short to match at all.
func phoneDigits(d []byte) bool {
	if d[1] != '1' && d[1] != '2' && d[1] != '3' && d[1] != '7' {
		return false
	}
	return string(d[:4]) != "0300"
}

// plus checks for an international number: +44 7700 900123, +44 (0)20 7946 0000.
func (s *scan) plus(i int) int {
	t := s.text
	if !hasPrefix(t[i:], "+44") {
		return i + 1
	}
	j := i + 3
	if j < len(t) && t[j] == ' ' {
		j++
	}
	if hasPrefix(t[j:], "(0)") {
		j += 3
		if j < len(t) && t[j] == ' ' {
			j++
		}
	}
	if j >= len(t) || !isDigit(t[j]) {
		return i + 1
	}
	g := s.groups(j)
	e := g.end[g.n-1]
	if e < len(t) && isAlnum(t[e]) || g.nd > len(g.digits) {
		return e
	}
	d := g.digits[:g.nd]
	switch {
	case g.nd == 10 && phoneDigits(append([]byte{'0'}, d...)):
		s.add(i, e, Phone, High)
	case g.nd == 11 && d[0] == '0' && phoneDigits(d):
		s.add(i, e, Phone, High)
	}
	return e
}

// paren checks for a bracketed area code: (0161) 496 0000.
func (s *scan) paren(i int) int {
	t := s.text
	j := i + 1
	if j >= len(t) || t[j] != '0' {
		return i + 1
	}
	for j < len(t) && isDigit(t[j]) {
		j++
	}
	area := j - i - 1
	if area < 3 || area > 5 || j+2 >= len(t) || t[j] != ')' || t[j+1] != ' ' || !isDigit(t[j+2]) {
		return i + 1
	}
	g := s.groups(j + 2)
	e := g.end[g.n-1]
	if area+g.nd != 11 || (e < len(t) && isAlnum(t[e])) {
		return i + 1
	}
	d := make([]byte, 0, 11)
	d = append(d, t[i+1:j]...)
	d = append(d, g.digits[:g.nd]...)
	if phoneDigits(d) {
		s.add(i, e, Phone, High)
	}
	return e
}

// email checks the text around an '@' for an e-mail address. A handle such
// as "@NHSEngland" has no local part and is left alone.
func (s *scan) email(at int) int {
	t := s.text
	a := at
	for a > 0 && (isAlnum(t[a-1]) || t[a-1] == '.' || t[a-1] == '_' || t[a-1] == '%' || t[a-1] == '+' || t[a-1] == '-') {
		a--
	}
	for a < at && !isAlnum(t[a]) {
		a++
	}
	if a == at {
		return at + 1
	}
	b, dots, label := at+1, 0, 0
	lastLetters := true
	for b < len(t) {
		c := t[b]
		if isAlnum(c) || c == '-' {
			if label == 0 {
				lastLetters = true
			}
			if !isLetter(c) {
				lastLetters = false
			}
			label++
			b++
			continue
		}
		if c == '.' && label > 0 && b+1 < len(t) && isAlnum(t[b+1]) {
			dots++
			label = 0
			b++
			continue
		}
		break
	}
	if dots == 0 || label < 2 || !lastLetters {
		return at + 1
	}
	s.add(a, b, Email, High)
	return b
}

// address checks for a house number and a street: "14 Acacia Avenue",
// "22a Mill Lane". The street is one to three capitalised words ending in a
// street word; a number followed by capitalised words without one ("5 Year
// Forward View") is not an address.
func (s *scan) address(i, end int) int {
	t := s.text
	j := i
	for j < end && isDigit(t[j]) {
		j++
	}
	if j-i > 4 || t[i] == '0' {
		return 0
	}
	if j < end {
		if end-j != 1 || !isLetter(t[j]) {
			return 0
		}
		j = end
	}
	p := j
	for w := 0; w < 4; w++ {
		if p+1 >= len(t) || t[p] != ' ' || !isUpper(t[p+1]) {
			return 0
		}
		q := p + 2
		for q < len(t) && (isLower(t[q]) || (t[q] == '\'' || t[q] == '-') && q+1 < len(t) && isLetter(t[q+1])) {
			q++
		}
		if q < len(t) && isAlnum(t[q]) {
			return 0
		}
		if w >= 1 && streetWord(t[p+1:q]) {
			s.add(i, q, Address, High)
			return q
		}
		p = q
	}
	return 0
}

// streetWord reports whether w ends a street name. "Park", "View" and
// "Green" are left out: "the 5 Year Forward View" is a plan, not a home.
func streetWord(w []byte) bool {
	switch string(w) {
	case "Street", "St", "Road", "Rd", "Lane", "Avenue", "Ave", "Close",
		"Crescent", "Drive", "Gardens", "Grove", "Terrace", "Place", "Court",
		"Way", "Mews", "Square", "Row", "Walk", "Rise", "Hill", "Parade":
		return true
	}
	return false
}
