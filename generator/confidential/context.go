package confidential

import "strings"

// role is what a context word says about a nearby candidate. A window of
// text yields the set of roles of the cues in it.
type role uint32

const (
	birth     role = 1 << iota // a date nearby is a date of birth
	encounter                  // a date nearby is the date a patient was seen
	event                      // a date nearby is a public event, not an encounter
	clinical                   // a titled name nearby is a patient
	colleague                  // a titled name nearby is a colleague or an author
	citation                   // numbers and names nearby belong to a reference
	code                       // a number nearby is a clinical code, not a person's
	record                     // a number nearby is a hospital or record number
	age                        // the number right after is an age
	chiLabel                   // the number nearby is a Scottish CHI number
	hcLabel                    // the number nearby is a Northern Ireland H&C number
)

// cue is one context word or phrase and what it says.
type cue struct {
	phrase string
	role   role
}

// cues is the one table of context words. Each phrase is matched as whole
// words, case-insensitively, in a small window around a candidate that stays
// inside one sentence. Punctuation inside a phrase is ignored ("D.O.B."
// matches "dob" written as "d o b"). Word forms are listed, not stemmed: a
// stem such as "consult" would also match "consultant", which means the
// opposite.
var cues = []cue{
	// Birth: these turn a date into a date of birth (High).
	{"dob", birth},           // the usual clinical abbreviation
	{"d o b", birth},         // D.O.B. with its dots
	{"date of birth", birth}, // forms and letters
	{"birth date", birth},    // the same, reversed
	{"born", birth},          // "born on 12 March 1954"
	{"birthday", birth},      // a birthday is the day and month of birth

	// Encounter: these make a day-and-month date the date of a consultation
	// (Low), which with other details can identify the patient.
	{"seen", encounter},         // "seen on 12/03/2024"
	{"saw", encounter},          // "I saw her on 3 March"
	{"attended", encounter},     // "on 3 March she attended"
	{"came in", encounter},      // "came in on 5 May"
	{"presented", encounter},    // "presented on 2 June"
	{"visited", encounter},      // home visits
	{"home visit", encounter},   // "a home visit on 4 April"
	{"consultation", encounter}, // "the consultation on 3 March"
	{"appointment", encounter},  // "her appointment on 3 March"
	{"admitted", encounter},     // "admitted on 7 July"
	{"discharged", encounter},   // "discharged on 9 July"
	{"phoned", encounter},       // telephone consultations
	{"rang", encounter},         // the same, informally
	{"reviewed", encounter},     // "reviewed on 3 March"

	// Event: these say a date belongs to something public, so an encounter
	// word in the same sentence ("I attended a teaching session on...") does
	// not make it the date a patient was seen.
	{"teaching", event},   // teaching sessions
	{"session", event},    // "the 12 March 2024 session"
	{"guidance", event},   // "NICE guidance from 3 March 2023"
	{"guideline", event},  // the same
	{"published", event},  // papers and reports
	{"conference", event}, // meetings
	{"course", event},     // courses
	{"webinar", event},    // online teaching
	{"training", event},   // training days
	{"deadline", event},   // QOF and appraisal deadlines
	{"appraisal", event},  // the GP's own appraisal
	{"meeting", event},    // practice meetings
	{"nice", event},       // NICE publications
	{"rcgp", event},       // college events and exams
	{"exam", event},       // the GP's exams, not the patient's examination
	{"lecture", event},    // talks

	// Clinical: a titled name in the same sentence as these is a patient.
	{"patient", clinical},      // the plainest signal
	{"saw", clinical},          // "I saw Mrs Patel"
	{"clinic", clinical},       // "Mr Jones in clinic"
	{"presented", clinical},    // "Mr Jones presented with"
	{"presenting", clinical},   // "presenting with"
	{"came in", clinical},      // "Mrs Patel, 84, came in"
	{"came to see", clinical},  // the same
	{"attended", clinical},     // "attended with her daughter"
	{"complained", clinical},   // symptoms
	{"complaining", clinical},  // symptoms
	{"symptoms", clinical},     // symptoms
	{"pain", clinical},         // the commonest complaint
	{"consultation", clinical}, // the encounter itself
	{"appointment", clinical},  // the same
	{"home visit", clinical},   // the same, at home
	{"diagnosed", clinical},    // diagnoses are about patients
	{"diagnosis", clinical},    // the same
	{"admitted", clinical},     // admissions
	{"discharged", clinical},   // discharges
	{"referred", clinical},     // referrals
	{"examined", clinical},     // examinations
	{"bloods", clinical},       // investigations
	{"prescribed", clinical},   // prescriptions
	{"medication", clinical},   // the same
	{"history of", clinical},   // past medical history
	{"her daughter", clinical}, // relatives come with patients
	{"his daughter", clinical}, // the same
	{"her son", clinical},      // the same
	{"his wife", clinical},     // the same
	{"her husband", clinical},  // the same
	{"carer", clinical},        // the same
	{"died", clinical},         // deaths and significant events
	{"palliative", clinical},   // end-of-life care

	// Colleague: a titled name with these next to it is a colleague or an
	// author, whom the writer may name ("Dr Patel, my trainer").
	{"my trainer", colleague},       // GP training
	{"trainer", colleague},          // the same
	{"supervisor", colleague},       // educational supervisors
	{"consultant", colleague},       // hospital colleagues
	{"registrar", colleague},        // the same
	{"surgeon", colleague},          // UK surgeons are "Mr" and "Ms"
	{"colleague", colleague},        // plainly
	{"colleagues", colleague},       // plainly
	{"gp partner", colleague},       // practice partners (not "her partner")
	{"senior partner", colleague},   // the same
	{"locum", colleague},            // locum doctors
	{"practice nurse", colleague},   // practice staff
	{"practice manager", colleague}, // the same
	{"receptionist", colleague},     // the same
	{"pharmacist", colleague},       // the same
	{"mentor", colleague},           // the same
	{"tutor", colleague},            // the same
	{"paper", colleague},            // "Prof Greenhalgh's paper"
	{"book", colleague},             // authors
	{"article", colleague},          // the same
	{"editorial", colleague},        // the same
	{"blog", colleague},             // the same
	{"podcast", colleague},          // the same
	{"wrote", colleague},            // the same
	{"writes", colleague},           // the same
	{"talk", colleague},             // speakers
	{"lecture", colleague},          // the same
	{"taught", colleague},           // teachers
	{"research", colleague},         // researchers
	{"study", colleague},            // the same
	{"work on", colleague},          // "Prof Marmot's work on"
	{"et al", colleague | citation}, // cited authors
	{"retired gp", colleague},       // a doctor described as a doctor

	// Citation: numbers in a reference are not identifiers.
	{"doi", citation},    // DOIs such as 10.1136/bmj.m1234
	{"isbn", citation},   // every ISBN-10 also passes the NHS Modulus 11 check
	{"pmid", citation},   // PubMed ids
	{"pmcid", citation},  // PubMed Central ids
	{"issn", citation},   // journal numbers
	{"volume", citation}, // volume and issue
	{"vol", citation},    // the same, abbreviated

	// Code: clinical codes are long numbers that are nobody's.
	{"snomed", code},    // SNOMED CT concept ids are 6 to 18 digits
	{"sct", code},       // the same, abbreviated
	{"concept", code},   // "concept id"
	{"qof", code},       // QOF indicators and their codes
	{"code", code},      // "the code 1234567890"
	{"codes", code},     // the same
	{"coded", code},     // the same
	{"read code", code}, // the old Read codes
	{"ctv3", code},      // the same, version 3
	{"ods", code},       // organisation codes are public

	// Record: these label a hospital or record number (High).
	{"mrn", record},                   // medical record number
	{"medical record number", record}, // the same, spelled out
	{"record number", record},         // the same
	{"hospital number", record},       // the usual UK phrase
	{"hospital no", record},           // the same, abbreviated
	{"hosp no", record},               // "hosp no RXX123456"
	{"unit number", record},           // some trusts' name for it
	{"unit no", record},               // the same, abbreviated
	{"case number", record},           // the same
	{"patient id", record},            // the same

	// Age: the number right after these is an age.
	{"aged", age},    // "aged 93"
	{"age", age},     // "age 93", "age: 93"
	{"turned", age},  // "she turned 94 last week"
	{"turns", age},   // the same
	{"she is", age},  // "she is 92." (only when the number ends the clause)
	{"he is", age},   // the same
	{"she was", age}, // the same
	{"he was", age},  // the same
	{"who is", age},  // "Mr Jones, who is 93, ..."
	{"who was", age}, // the same
	{"she s", age},   // "she's 92"
	{"he s", age},    // "he's 92"

	// Labels that decide which kind a valid 10-digit number is, since a
	// CHI number and an NHS number pass the same check.
	{"chi", chiLabel},        // Scotland
	{"chi number", chiLabel}, // the same
	{"h c", hcLabel},         // H&C number
	{"hcn", hcLabel},         // the same
}

// compileCues indexes cues by their first word, and records the first
// letter and length of each first word in shapes, so that rolesIn can pass
// over most words without a map lookup.
func compileCues(list []cue, shapes *[26]uint32) map[string][]cue {
	m := make(map[string][]cue)
	for _, c := range list {
		words := splitWords(c.phrase)
		if len(words) == 0 {
			continue
		}
		if w := words[0]; isLower(w[0]) && len(w) <= maxCueWord {
			shapes[w[0]-'a'] |= 1 << len(w)
		}
		c.phrase = strings.Join(words[1:], " ")
		m[words[0]] = append(m[words[0]], c)
	}
	return m
}

// splitWords splits s into lower-case runs of ASCII letters and digits, the
// same words rolesIn sees in text.
func splitWords(s string) []string {
	var words []string
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		words = append(words, strings.ToLower(s[i:j]))
		i = j
	}
	return words
}

// maxCueWord is the longest single word in the table; longer words in the
// text cannot be cues.
const maxCueWord = 16

// rolesIn returns the roles of the cues whose first word starts in t[a:b].
func (s *scan) rolesIn(a, b int) role {
	t := s.text
	if a < 0 {
		a = 0
	}
	if b > len(t) {
		b = len(t)
	}
	var r role
	i := a
	for i < b && i > 0 && isAlnum(t[i-1]) && isAlnum(t[i]) {
		i++ // a cut word is not a word
	}
	var buf [maxCueWord]byte
	for i < b {
		if !isAlnum(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && isAlnum(t[j]) {
			j++
		}
		if n := j - i; n <= maxCueWord && isLetter(t[i]) && s.d.cueShapes[lower(t[i])-'a']&(1<<n) != 0 {
			w := buf[:n]
			for k := range w {
				w[k] = lower(t[i+k])
			}
			for _, c := range s.d.cues[string(w)] {
				if c.phrase == "" || wordsFollow(t, j, c.phrase) {
					r |= c.role
				}
			}
		}
		i = j
	}
	return r
}

// wordsFollow reports whether the words of phrase (lower-case, separated by
// single spaces) come next in t after position i, with any punctuation or
// spaces between them but no line break.
func wordsFollow(t []byte, i int, phrase string) bool {
	for len(phrase) > 0 {
		w := phrase
		if sp := strings.IndexByte(phrase, ' '); sp >= 0 {
			w, phrase = phrase[:sp], phrase[sp+1:]
		} else {
			phrase = ""
		}
		for k := 0; i < len(t) && !isAlnum(t[i]); k++ {
			if t[i] == '\n' || k > 2 {
				return false
			}
			i++
		}
		if len(t)-i < len(w) {
			return false
		}
		for k := 0; k < len(w); k++ {
			if lower(t[i+k]) != w[k] {
				return false
			}
		}
		i += len(w)
		if i < len(t) && isAlnum(t[i]) {
			return false
		}
	}
	return true
}

// wordBefore returns the start and end of the word that ends just before i,
// skipping up to two spaces or punctuation marks ("aged: 93", "DOB - ").
func wordBefore(t []byte, i int) (int, int) {
	j := i
	for k := 0; j > 0 && !isAlnum(t[j-1]); k++ {
		if k >= 2 || t[j-1] == '\n' {
			return i, i
		}
		j--
	}
	end := j
	for j > 0 && isAlnum(t[j-1]) {
		j--
	}
	return j, end
}

// roleOf returns the roles of the single-word cue t[a:b].
func (s *scan) roleOf(a, b int) role {
	if b-a == 0 || b-a > maxCueWord || !isLetter(s.text[a]) || s.d.cueShapes[lower(s.text[a])-'a']&(1<<(b-a)) == 0 {
		return 0
	}
	var buf [maxCueWord]byte
	w := buf[:b-a]
	for k := range w {
		w[k] = lower(s.text[a+k])
	}
	var r role
	for _, c := range s.d.cues[string(w)] {
		if c.phrase == "" {
			r |= c.role
		}
	}
	return r
}

// sentenceStart returns where the sentence holding i begins, looking back
// at most max bytes. Context does not cross sentences: "Dr Patel, my
// trainer, agreed. The patient..." is two people.
func (s *scan) sentenceStart(i, max int) int {
	t := s.text
	lo := i - max
	if lo < 0 {
		lo = 0
	}
	for j := i - 1; j >= lo; j-- {
		switch t[j] {
		case '\n':
			if j > 0 && t[j-1] == '\n' {
				return j + 1
			}
		case '.', '!', '?':
			if j+1 < len(t) && isSpace(t[j+1]) && !s.abbreviation(j) {
				return j + 1
			}
		}
	}
	return lo
}

// sentenceEnd returns where the sentence holding i ends, looking ahead at
// most max bytes.
func (s *scan) sentenceEnd(i, max int) int {
	t := s.text
	hi := i + max
	if hi > len(t) {
		hi = len(t)
	}
	for j := i; j < hi; j++ {
		switch t[j] {
		case '\n':
			if j+1 < len(t) && t[j+1] == '\n' {
				return j
			}
		case '.', '!', '?':
			if (j+1 == len(t) || isSpace(t[j+1])) && !s.abbreviation(j) {
				return j
			}
		}
	}
	return hi
}

// abbreviation reports whether the full stop at j ends an abbreviation
// ("Mrs.", "Dr.", "J.", "et al.") rather than a sentence.
func (s *scan) abbreviation(j int) bool {
	if s.text[j] != '.' {
		return false
	}
	a, b := j, j
	for a > 0 && isAlnum(s.text[a-1]) {
		a--
	}
	w := s.text[a:b]
	if len(w) <= 1 {
		return true
	}
	return titleWord(w) != 0 || string(w) == "al" || string(w) == "St" || string(w) == "no" || string(w) == "No"
}
