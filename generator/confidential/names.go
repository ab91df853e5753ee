package confidential

// upperWord looks at a word that starts with a capital: a title before a
// name, a postcode, a National Insurance number, a labelled record number
// such as RXX123456, or a patient's initials after "patient".
func (s *scan) upperWord(i int) int {
	t := s.text
	end := s.wordEnd(i)
	if t[i] == 'N' {
		if j := s.wordAge(i); j > 0 {
			return j
		}
	}
	if tw := titleWord(t[i:end]); tw != 0 {
		if j := s.name(i, end, tw); j > 0 {
			return j
		}
		return end
	}
	if end-i >= 2 && isLower(t[i+1]) {
		return end // an ordinary capitalised word, by far the commonest case
	}
	if j := s.postcode(i, end); j > 0 {
		return j
	}
	if j := s.niNumber(i); j > 0 {
		return j
	}
	if j := s.recordToken(i, end); j > 0 {
		return j
	}
	if j := s.initials(i, end); j > 0 {
		return j
	}
	return end
}

const (
	layTitle  = 1 // Mr, Mrs, Ms, Miss, Mx: patients and surgeons
	profTitle = 2 // Dr, Prof: nearly always colleagues and authors
)

// titleWord says whether w is a personal title.
func titleWord(w []byte) int {
	switch string(w) {
	case "Mr", "Mrs", "Ms", "Miss", "Mx":
		return layTitle
	case "Dr", "Prof", "Professor":
		return profTitle
	}
	return 0
}

// name checks a titled name at i and decides from its context whether it
// is a patient's. The order of the rules matters:
//
//  1. a colleague word right beside the name ("Dr Patel, my trainer",
//     "Prof Greenhalgh's paper", "my trainer Dr Patel") means a colleague
//     or author, not reported;
//  2. an age beside the name ("Mrs Patel, 84,") or a clinical word in the
//     sentence means a patient: High;
//  3. a colleague or citation word elsewhere in the sentence: not reported;
//  4. otherwise Mr, Mrs, Ms, Miss and Mx are Medium.
//
// Doctors and professors are reported (Medium) only with an age beside the
// name: in a GP's reflections they are colleagues or authors, and a
// clinical word nearby ("Dr Patel examined her") does not make them
// patients.
func (s *scan) name(i, end, title int) int {
	t := s.text
	j := end
	if j < len(t) && t[j] == '.' {
		j++
	}
	if j >= len(t) || t[j] != ' ' {
		return 0
	}
	j++
	// Initials: "Mrs J Patel", "Mr J. S. Jones".
	for k := 0; k < 3; k++ {
		if j+1 < len(t) && isUpper(t[j]) && (t[j+1] == '.' || t[j+1] == ' ') {
			q := j + 1
			if t[q] == '.' {
				q++
			}
			if q < len(t) && t[q] == ' ' {
				q++
			}
			if q < len(t) && isUpper(t[q]) {
				j = q
				continue
			}
		}
		break
	}
	if j >= len(t) || !isUpper(t[j]) {
		return 0
	}
	q, lowers := j+1, 0
	for q < len(t) {
		c := t[q]
		if isLower(c) {
			lowers++
		} else if hasPrefix(t[q:], "’") && q+3 < len(t) && isUpper(t[q+3]) {
			q += 3 // O’Brien with a typographic apostrophe
			continue
		} else if !isUpper(c) && !((c == '\'' || c == '-') && q+1 < len(t) && isUpper(t[q+1])) {
			break
		}
		q++
	}
	// "Mr X" and "Mrs A" are the writer's own anonymisation; "MS" and
	// "DR" in capitals are acronyms.
	if lowers == 0 || (q < len(t) && isAlnum(t[q])) || notSurname(t[j:q]) {
		return 0
	}
	a, ageEnd, v := s.ageAfterName(q)
	sentStart, sentEnd := s.sentenceStart(i, 150), s.sentenceEnd(q, 150)
	near := s.besideName(q, sentEnd)
	if pa, pb := wordBefore(t, i); pb > pa {
		near |= s.roleOf(pa, pb) // "my trainer Dr Patel", "supervisor, Dr Osei"
	}
	var conf Confidence
	switch {
	case near&colleague != 0:
	case title == profTitle:
		if ageEnd > 0 {
			conf = Medium
		}
	case ageEnd > 0:
		conf = High
	default:
		switch sent := s.rolesIn(sentStart, sentEnd); {
		case sent&clinical != 0:
			conf = High
		case sent&(colleague|citation) != 0:
		default:
			conf = Medium
		}
	}
	if conf == 0 {
		return q
	}
	s.add(i, q, PatientName, conf)
	if ageEnd > 0 {
		s.addAge(a, ageEnd, v)
		return ageEnd
	}
	return q
}

// besideName returns the roles of the words that describe a name ending
// at q: an aside set off by a comma or bracket ("Dr Patel, my trainer,"),
// or else the next two words ("Prof Greenhalgh's paper", "Dr Osei wrote").
// Only these count as "right beside": a colleague word later in the
// sentence ("Mr Nowak's bloods, which I discussed with my trainer") is
// about someone else.
func (s *scan) besideName(q, sentEnd int) role {
	t := s.text
	if q < len(t) && (t[q] == ',' || t[q] == '(' || hasPrefix(t[q:], " (")) {
		e := q + 1
		for e < sentEnd && e < q+48 && t[e] != ',' && t[e] != ')' && t[e] != ';' {
			e++
		}
		return s.rolesIn(q, e)
	}
	if hasPrefix(t[q:], "'s ") {
		q += 2
	}
	e, words := q, 0
	for e < sentEnd && words < 2 {
		for e < sentEnd && !isAlnum(t[e]) {
			e++
		}
		for e < sentEnd && isAlnum(t[e]) {
			e++
		}
		words++
	}
	return s.rolesIn(q, e)
}

// ageAfterName finds an age set off after a name: "Mrs Patel, 84," or
// "Mr Jones (93)". It returns the age's span and value, or a zero end.
func (s *scan) ageAfterName(q int) (int, int, int) {
	t := s.text
	var a int
	switch {
	case hasPrefix(t[q:], ", "):
		a = q + 2
	case hasPrefix(t[q:], " ("):
		a = q + 2
	default:
		return 0, 0, 0
	}
	v, e := digitsAt(t, a, 3)
	if e == a || t[a] == '0' || v > 120 || e >= len(t) {
		return 0, 0, 0
	}
	switch t[e] {
	case ',', ')', ' ', '.', ';':
		if t[e] == ' ' && e+1 < len(t) && !isLower(t[e+1]) {
			return 0, 0, 0
		}
		return a, e, v
	}
	return 0, 0, 0
}

// notSurname lists capitalised words that follow a title without being a
// person: "Dr Google" is where patients read about their symptoms.
func notSurname(w []byte) bool {
	switch string(w) {
	case "Google", "Who", "Men", "Right", "Foster":
		return true
	}
	return false
}

// initials checks for a patient's initials after "patient" or "pt":
// "patient JS", "Patient J.S.". A single letter ("Patient A") is the
// writer's own anonymisation, and clinical acronyms ("the patient DNA'd")
// are not initials.
func (s *scan) initials(i, end int) int {
	t := s.text
	a, b := wordBefore(t, i)
	if b != i-1 || t[b] != ' ' {
		return 0
	}
	switch string(t[a:b]) {
	case "patient", "Patient", "pt", "Pt":
	default:
		return 0
	}
	j, letters := i, 0
	var buf [3]byte
	for j < len(t) && letters < 4 {
		if !isUpper(t[j]) {
			break
		}
		if letters < len(buf) {
			buf[letters] = t[j]
		}
		letters++
		j++
		if j+1 < len(t) && t[j] == '.' && isUpper(t[j+1]) {
			j++
		} else if j < len(t) && t[j] == '.' && letters >= 2 {
			j++
			break
		}
	}
	if letters < 2 || letters > 3 || (j < len(t) && (isAlnum(t[j]) || t[j] == '\'')) {
		return 0
	}
	if s.d.acronyms[string(buf[:letters])] {
		return 0
	}
	s.add(i, j, PatientName, High)
	return j
}

// notInitials are acronyms that follow "patient" in clinical prose.
const notInitials = `AF BMI BP CKD COPD CT DNA DVT ECG ED GP HR ID IV LFT MI MRI MS NHS OT PE PT
 TIA UK UTI URTI AND THE`

// recordToken checks a letters-then-digits token labelled as a hospital
// number: "hosp no RXX123456", "MRN K1234567".
func (s *scan) recordToken(i, end int) int {
	t := s.text
	j := i
	for j < end && isUpper(t[j]) {
		j++
	}
	letters := j - i
	for j < end && isDigit(t[j]) {
		j++
	}
	digits := j - i - letters
	if j != end || letters < 1 || letters > 4 || digits < 4 || digits > 10 {
		return 0
	}
	if !s.labelled(i, record) {
		return 0
	}
	s.add(i, end, MRN, High)
	return end
}

// niNumber checks for a National Insurance number, "AB 12 34 56 C" or
// "AB123456C", with HMRC's prefix rules: the first letter is not D, F, I,
// Q, U or V; the second is not D, F, I, O, Q, U or V; BG, GB, KN, NK, NT,
// TN and ZZ are never issued; the suffix is A to D.
func (s *scan) niNumber(i int) int {
	t := s.text
	if i+9 > len(t) || !isUpper(t[i]) || !isUpper(t[i+1]) {
		return 0
	}
	switch t[i] {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return 0
	}
	switch t[i+1] {
	case 'D', 'F', 'I', 'O', 'Q', 'U', 'V':
		return 0
	}
	switch string(t[i : i+2]) {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return 0
	}
	j := i + 2
	spaced := j < len(t) && t[j] == ' '
	if spaced {
		j++
	}
	for pair := 0; pair < 3; pair++ {
		if j+2 > len(t) || !isDigit(t[j]) || !isDigit(t[j+1]) {
			return 0
		}
		j += 2
		if spaced && pair < 2 {
			if j >= len(t) || t[j] != ' ' {
				return 0
			}
			j++
		}
	}
	if spaced && j < len(t) && t[j] == ' ' {
		j++
	}
	if j >= len(t) || t[j] < 'A' || t[j] > 'D' || (j+1 < len(t) && isAlnum(t[j+1])) {
		return 0
	}
	s.add(i, j+1, NINumber, High)
	return j + 1
}

// postcode checks for a full UK postcode, "SW1A 1AA" or "SW1A1AA", by the
// Royal Mail format rules and the list of postcode areas. A district alone
// ("LS6") covers thousands of homes and is not reported.
func (s *scan) postcode(i, end int) int {
	t := s.text
	n := end - i
	switch {
	case n >= 2 && n <= 4 && end+4 <= len(t) && t[end] == ' ':
		if s.outward(t[i:end]) && inward(t[end+1:end+4]) && (end+4 == len(t) || !isAlnum(t[end+4])) {
			s.add(i, end+4, Postcode, High)
			return end + 4
		}
		if string(t[i:end]) == "GIR" && string(t[end+1:end+4]) == "0AA" {
			s.add(i, end+4, Postcode, High)
			return end + 4
		}
	case n >= 5 && n <= 7:
		if s.outward(t[i:end-3]) && inward(t[end-3:end]) {
			s.add(i, end, Postcode, High)
			return end
		}
	}
	return 0
}

// outward checks the first half of a postcode: A9, A99, A9A, AA9, AA99 or
// AA9A, with a real area and the letters each position allows.
func (s *scan) outward(o []byte) bool {
	letters := 0
	for letters < len(o) && isUpper(o[letters]) {
		letters++
	}
	if letters < 1 || letters > 2 || !s.d.areas[areaIndex(string(o[:letters]))] {
		return false
	}
	rest := o[letters:]
	if len(rest) == 0 || !isDigit(rest[0]) {
		return false
	}
	switch len(rest) {
	case 1:
		return true
	case 2:
		if isDigit(rest[1]) {
			return true
		}
		if letters == 1 {
			return contains("ABCDEFGHJKPSTUW", rest[1])
		}
		return contains("ABEHMNPRVWXY", rest[1])
	}
	return false
}

// inward checks the second half: a digit and two letters, none of C, I, K,
// M, O or V (they look too like other characters).
func inward(w []byte) bool {
	return len(w) == 3 && isDigit(w[0]) && isUpper(w[1]) && isUpper(w[2]) &&
		!contains("CIKMOV", w[1]) && !contains("CIKMOV", w[2])
}

func contains(set string, c byte) bool {
	for k := 0; k < len(set); k++ {
		if set[k] == c {
			return true
		}
	}
	return false
}

func areaIndex(a string) int {
	i := int(a[0]-'A') * 27
	if len(a) > 1 {
		i += int(a[1]-'A') + 1
	}
	return i
}

// postcodeAreas are the UK postcode areas, including the Crown dependencies
// and BF/BX (forces and non-geographic), which keeps words in capitals such
// as "HB1 2AB" or "QR1 1AA" from looking like postcodes.
const postcodeAreas = `AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW
 DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX
 IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW
 OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY
 TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE`
