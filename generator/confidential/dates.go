package confidential

// date checks for a date with a day and a month at i ("12/03/1954",
// "12.03.54", "12 March 1954", "3rd of May", or "March 12, 1954" counting
// back to the month). A date is reported only by its context: a date of
// birth (High) when a birth word or an age is beside it, the date of an
// encounter (Low) when an encounter word is in its sentence, and nothing
// otherwise, since GPs date teaching, guidance and events all the time.
// It returns where the date ends, or 0 if there is none.
func (s *scan) date(i int) int {
	start, end := s.numericDate(i)
	if end == 0 {
		start, end = s.wordDate(i)
	}
	if end == 0 {
		return 0
	}
	t := s.text
	if k := classes[t[i]]; k == cDigit && end < len(t) && isAlnum(t[end]) {
		return 0
	}
	sentStart, sentEnd := s.sentenceStart(start, 120), s.sentenceEnd(end, 120)
	near := s.rolesIn(max(sentStart, start-48), start) | s.rolesIn(end, min(sentEnd, end+24))
	if near&birth != 0 || s.ageBeside(end) {
		s.add(start, end, DateOfBirth, High)
		return end
	}
	if r := s.rolesIn(sentStart, sentEnd); r&encounter != 0 && r&event == 0 {
		s.add(start, end, EncounterDate, Low)
	}
	return end
}

// numericDate matches d/m/yy, d/m/yyyy and the same with '.' or '-'.
func (s *scan) numericDate(i int) (int, int) {
	t := s.text
	if e := isoDate(t, i); e > 0 {
		return i, e
	}
	day, j := digitsAt(t, i, 2)
	if j-i == 0 || j >= len(t) {
		return 0, 0
	}
	sep := t[j]
	if sep != '/' && sep != '.' && sep != '-' {
		return 0, 0
	}
	month, k := digitsAt(t, j+1, 2)
	if k == j+1 || k >= len(t) || t[k] != sep {
		return 0, 0
	}
	_, e := digitsAt(t, k+1, 4)
	if n := e - k - 1; n != 2 && n != 4 {
		return 0, 0
	}
	if e < len(t) && (isAlnum(t[e]) || (t[e] == sep && e+1 < len(t) && isDigit(t[e+1]))) {
		return 0, 0 // "1.2.3.4", a version or an address, not a date
	}
	if !validDayMonth(day, month) {
		return 0, 0
	}
	return i, e
}

// isoDate matches yyyy-mm-dd, as systems print dates of birth, and
// returns its end or 0.
func isoDate(t []byte, i int) int {
	_, j := digitsAt(t, i, 4)
	if j-i != 4 || j+6 > len(t) || t[j] != '-' {
		return 0
	}
	month, k := digitsAt(t, j+1, 2)
	if k != j+3 || t[k] != '-' {
		return 0
	}
	day, e := digitsAt(t, k+1, 2)
	if e != k+3 || (e < len(t) && (isAlnum(t[e]) || t[e] == '-')) || !validDayMonth(day, month) {
		return 0
	}
	return e
}

// wordDate matches a day and a month name, with an optional year, either
// way round. Month names must be capitalised, as British English writes
// them, so "18 may" and "3 mar" are not dates.
func (s *scan) wordDate(i int) (int, int) {
	t := s.text
	day, j := digitsAt(t, i, 2)
	if j == i || (j < len(t) && isDigit(t[j])) {
		return 0, 0
	}
	dayEnd := ordinal(t, j)
	// "12 March 1954", "3rd of May"
	if p := dayEnd; p+1 < len(t) && t[p] == ' ' {
		p++
		if hasPrefix(t[p:], "of ") {
			p += 3
		}
		if month, me := monthAt(t, p); month > 0 && validDayMonth(day, month) {
			return i, yearAfter(t, me)
		}
	}
	// "March 12, 1954", "on March 3rd"
	a, b := wordBefore(t, i)
	if b == i-1 && t[b] == ' ' {
		if month, me := monthAt(t, a); month > 0 && me == b && validDayMonth(day, month) {
			e := dayEnd
			if e+6 < len(t) && t[e] == ',' && t[e+1] == ' ' {
				if y := yearAfter(t, e+1); y > e+1 {
					return a, y
				}
			}
			return a, yearAfter(t, e)
		}
	}
	return 0, 0
}

// digitsAt reads up to max digits at i and returns their value and end.
func digitsAt(t []byte, i, max int) (int, int) {
	v, j := 0, i
	for j < len(t) && j-i < max && isDigit(t[j]) {
		v = v*10 + int(t[j]-'0')
		j++
	}
	return v, j
}

// ordinal skips "st", "nd", "rd" or "th" after a day number.
func ordinal(t []byte, j int) int {
	if j+2 <= len(t) {
		switch string(t[j : j+2]) {
		case "st", "nd", "rd", "th":
			if j+2 == len(t) || !isAlnum(t[j+2]) {
				return j + 2
			}
		}
	}
	return j
}

// yearAfter extends a date ending at e over " 1954" or " '54".
func yearAfter(t []byte, e int) int {
	if e+5 <= len(t) && t[e] == ' ' {
		if _, y := digitsAt(t, e+1, 4); y == e+5 && (y == len(t) || !isAlnum(t[y])) {
			return y
		}
		if t[e+1] == '\'' {
			if _, y := digitsAt(t, e+2, 2); y == e+4 && (y == len(t) || !isAlnum(t[y])) {
				return y
			}
		}
	}
	return e
}

// monthAt returns the month (1-12) whose capitalised name or abbreviation
// starts at i, and where it ends (after an abbreviation's full stop).
func monthAt(t []byte, i int) (int, int) {
	if i >= len(t) || !isUpper(t[i]) {
		return 0, i
	}
	j := i + 1
	for j < len(t) && isLower(t[j]) {
		j++
	}
	if j < len(t) && isAlnum(t[j]) {
		return 0, i
	}
	m := 0
	switch string(t[i:j]) {
	case "January", "Jan":
		m = 1
	case "February", "Feb":
		m = 2
	case "March", "Mar":
		m = 3
	case "April", "Apr":
		m = 4
	case "May":
		m = 5
	case "June", "Jun":
		m = 6
	case "July", "Jul":
		m = 7
	case "August", "Aug":
		m = 8
	case "September", "Sept", "Sep":
		m = 9
	case "October", "Oct":
		m = 10
	case "November", "Nov":
		m = 11
	case "December", "Dec":
		m = 12
	default:
		return 0, i
	}
	if j-i <= 4 && j < len(t) && t[j] == '.' {
		j++
	}
	return m, j
}

// ageBeside reports whether an age follows a date ending at e, as in
// "12/03/1954 (70)" or "12.03.54, aged 70": a date with an age beside it
// is a date of birth.
func (s *scan) ageBeside(e int) bool {
	t := s.text
	j := e
	for k := 0; k < 2 && j < len(t) && (t[j] == ' ' || t[j] == ','); k++ {
		j++
	}
	if j < len(t) && t[j] == '(' {
		j++
		if _, d := digitsAt(t, j, 3); d > j && d < len(t) && (t[d] == ')' || t[d] == 'y' || t[d] == ' ') {
			return true
		}
	}
	a := j
	for j < len(t) && isLetter(t[j]) {
		j++
	}
	return j > a && s.roleOf(a, j)&age != 0
}

// age checks for an exact age at i: "a 94-year-old", "94 years old",
// "94yo", "94 y/o", or "aged 93" looking back. Ages of 90 and over are
// High (few people are that old, so the age identifies); younger exact ages
// are Low hints. Ranges and thresholds ("aged 40-74", "aged 75 and over")
// describe populations, not a patient, and are left alone.
func (s *scan) age(i, end int) int {
	t := s.text
	v, j := digitsAt(t, i, 4)
	if j-i > 3 || t[i] == '0' || v == 0 || v > 120 {
		return 0
	}
	start, e := i, ageSuffix(t, j)
	if e == 0 {
		if j != end || ageRange(t, j) {
			return 0
		}
		start, e = s.ageBefore(i, j)
		if e == 0 {
			return 0
		}
	}
	s.addAge(start, e, v)
	return e
}

// ageBefore checks the words before a bare number from i to j for what
// makes it an age, and returns the span to report:
//
//   - "aged 93", "age: 72", "turned 94": an age word right before;
//   - "she is 92.", "he was 93 and": a person and a verb right before,
//     with the number ending the clause, so "he was 92 minutes late" is not
//     an age;
//   - "Patient X, 93, attended": a capitalised name or pseudonym with the
//     number set off by commas or brackets, in a clinical sentence.
func (s *scan) ageBefore(i, j int) (int, int) {
	t := s.text
	a, b := wordBefore(t, i)
	if b == a {
		return 0, 0
	}
	if s.roleOf(a, b)&age != 0 {
		return a, j
	}
	if a0, b0 := wordBefore(t, a); b0 > a0 && b0 == a-1 && s.rolesIn(a0, b)&age != 0 && clauseEnds(t, j) {
		return a0, j
	}
	set := b == i-2 && t[b] == ',' || b == i-1 && t[b] == '('
	if set && isUpper(t[a]) && j < len(t) && (t[j] == ',' || t[j] == ')') &&
		s.rolesIn(s.sentenceStart(i, 120), s.sentenceEnd(j, 120))&clinical != 0 {
		return i, j
	}
	return 0, 0
}

// clauseEnds reports whether the text after j ends a clause: punctuation,
// the end, or " years", " and", " but".
func clauseEnds(t []byte, j int) bool {
	if j == len(t) {
		return true
	}
	switch t[j] {
	case '.', ',', ';', ':', ')', '!', '?', '\n':
		return true
	}
	r := t[j:]
	return hasPrefix(r, " years") || hasPrefix(r, " and ") || hasPrefix(r, " but ")
}

func (s *scan) addAge(start, end, v int) {
	if v >= 90 {
		s.add(start, end, AgeOver90, High)
	} else {
		s.add(start, end, ExactAge, Low)
	}
}

// ageSuffix returns the end of "-year-old", " years old", "yo", " y/o" and
// the like after an age ending at j, or 0. A plural "year-olds" is a
// population, so it does not count.
func ageSuffix(t []byte, j int) int {
	p := j
	if p < len(t) && (t[p] == '-' || t[p] == ' ') {
		p++
	}
	q := p
	for q < len(t) && isLower(t[q]) {
		q++
	}
	switch string(t[p:q]) {
	case "year", "years", "yr", "yrs":
		if q+4 <= len(t) && (t[q] == '-' || t[q] == ' ') && string(t[q+1:q+4]) == "old" {
			if q+4 == len(t) || !isAlnum(t[q+4]) {
				return q + 4
			}
			return 0
		}
		if hasPrefix(t[q:], " of age") {
			return q + 7
		}
	case "yo":
		if q == len(t) || !isAlnum(t[q]) {
			return q
		}
	case "y":
		if hasPrefix(t[q:], "/o") {
			return q + 2
		}
		if hasPrefix(t[q:], ".o.") {
			return q + 3
		}
	}
	return 0
}

// ageRange reports whether the age ending at j starts a range or a
// threshold: "40-74", "40–74", "75+", "18 to 25", "75 and over".
func ageRange(t []byte, j int) bool {
	if j >= len(t) {
		return false
	}
	switch t[j] {
	case '+':
		return true
	case '-':
		return j+1 < len(t) && isDigit(t[j+1])
	}
	r := t[j:]
	for _, p := range [...]string{"\u2013", " to ", " and over", " or over", " and above", " or older", " and older", " years and over", " years or over", " or above", " and under", " or under", " or less"} {
		if hasPrefix(r, p) {
			return true
		}
	}
	return false
}

// wordAge checks for an age of 90 or more written in words: "a
// ninety-three-year-old", "aged ninety-four", "Ninety years old". Younger
// ages in words are too common in other senses ("thirty minutes") to be
// worth a hint.
func (s *scan) wordAge(i int) int {
	t := s.text
	if !hasPrefix(t[i+1:], "inety") {
		return 0
	}
	v, j := 90, i+6
	if j+1 < len(t) && (t[j] == '-' || t[j] == ' ') {
		k := j + 1
		for n, unit := range [...]string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"} {
			if hasPrefix(t[k:], unit) && (k+len(unit) == len(t) || !isAlnum(t[k+len(unit)])) {
				v, j = 91+n, k+len(unit)
				break
			}
		}
	}
	if j < len(t) && isAlnum(t[j]) {
		return 0 // "nineties", "ninetyish"
	}
	if e := ageSuffix(t, j); e > 0 {
		s.addAge(i, e, v)
		return e
	}
	if a, b := wordBefore(t, i); b > a && s.roleOf(a, b)&age != 0 {
		s.addAge(a, j, v)
		return j
	}
	return 0
}
