package confidential

import (
	"bytes"
	"slices"
	"strings"
)

// AckKey is the front matter key under which a writer lists strings that
// look like identifiers but are not (a public switchboard, a colleague's
// name); the build passes that list to [Detector.Scan].
const AckKey = "acknowledge"

// AckMarker is the inline marker that makes Scan skip the whole line it is
// on. It is an HTML comment so that it stays invisible on the published page
// but visible in review.
const AckMarker = "<!-- confidential:ok -->"

// Confidence says how sure the detector is that a finding identifies a
// patient.
type Confidence int

const (
	// Low marks a hint, such as an exact age under 90, the date of an
	// encounter or a named place: harmless alone, identifying together.
	Low Confidence = iota + 1
	// Medium marks a likely identifier whose context is unclear, such as a
	// titled surname with no clinical words near it.
	Medium
	// High marks an identifier that should not be published: a valid NHS
	// number, a postcode, a patient's name in a consultation.
	High
)

// String returns "low", "medium" or "high".
func (c Confidence) String() string {
	switch c {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return "confidence(" + itoa(int(c)) + ")"
}

// Kind names what a finding is.
type Kind string

// The kinds of finding. The first group are identifiers, reported at High
// or Medium confidence; the last three are Low-confidence hints.
const (
	NHSNumber   Kind = "nhs-number"    // England and Wales, Modulus 11
	CHINumber   Kind = "chi-number"    // Scotland: DDMMYY + 4 digits, Modulus 11
	HCNumber    Kind = "hc-number"     // Northern Ireland Health and Care number
	DateOfBirth Kind = "date-of-birth" // a date with birth context
	AgeOver90   Kind = "age-over-90"   // rare ages identify
	Postcode    Kind = "postcode"      // full UK postcode, outward and inward
	Phone       Kind = "phone"         // UK mobile, landline or +44
	Email       Kind = "email"         // e-mail address
	NINumber    Kind = "ni-number"     // National Insurance number
	MRN         Kind = "mrn"           // labelled hospital or record number
	PatientName Kind = "patient-name"  // titled surname or initials in clinical context
	Address     Kind = "address"       // house number and street

	ExactAge      Kind = "exact-age"      // an exact age under 90
	EncounterDate Kind = "encounter-date" // the date a patient was seen
	PlaceName     Kind = "place-name"     // a practice, hospital or ward from Options.Places
)

// Finding is one suspected identifier in scanned text.
type Finding struct {
	Kind       Kind
	Confidence Confidence
	// Line and Col are 1-based; Line includes the firstLine offset given to
	// Scan and Col counts bytes, as go/scanner does.
	Line, Col int
	Match     string // the exact matched text
	Hint      string // what to do about it
}

// Options configure a Detector for one site.
type Options struct {
	// Places are practice, hospital or ward names listed in the site
	// settings; mentions are Low-confidence hints.
	Places []string
}

// Detector finds patient identifiers in text. Build one per site with New;
// it is immutable afterwards, so one Detector is safe for concurrent use by
// many goroutines.
type Detector struct {
	cues      map[string][]cue // context words, keyed by their first word
	cueShapes [26]uint32       // by first letter, a bit for each length of a cue's first word
	places    [256][]string    // lower-case place names by first byte, longest first
	areas     [26 * 27]bool    // postcode areas: index letter1*27 + letter2 (0 for none)
	acronyms  map[string]bool  // clinical acronyms that are not patient initials
}

// New builds a Detector for a site.
func New(opts Options) *Detector {
	d := &Detector{acronyms: make(map[string]bool)}
	d.cues = compileCues(cues, &d.cueShapes)
	for _, a := range strings.Fields(notInitials) {
		d.acronyms[a] = true
	}
	for _, a := range strings.Fields(postcodeAreas) {
		d.areas[areaIndex(a)] = true
	}
	for _, p := range opts.Places {
		p = normalise(p)
		if p == "" {
			continue
		}
		d.places[p[0]] = append(d.places[p[0]], p)
	}
	for i := range d.places {
		// Longest first, so "St Mary's Hospital" wins over "St Mary's".
		slices.SortFunc(d.places[i], func(a, b string) int { return len(b) - len(a) })
	}
	return d
}

// Scan reports findings in text, sorted by position. firstLine is the file
// line of text's first line, so that positions are real file lines when the
// caller has split off front matter.
//
// A finding whose Match equals one of acknowledged (case-insensitively, with
// white space normalised) is dropped, and so is every finding on a line that
// contains [AckMarker].
func (d *Detector) Scan(text []byte, firstLine int, acknowledged []string) []Finding {
	s := scan{d: d, text: text}
	s.run()
	if len(s.hits) == 0 {
		return nil
	}
	hits := resolve(s.hits)

	var ack map[string]bool
	if len(acknowledged) > 0 {
		ack = make(map[string]bool, len(acknowledged))
		for _, a := range acknowledged {
			ack[normalise(a)] = true
		}
	}

	out := make([]Finding, 0, len(hits))
	line, lineStart, pos := firstLine, 0, 0
	markedLine, markedChecked := false, -1
	for _, h := range hits {
		seg := text[pos:h.start]
		if nl := bytes.LastIndexByte(seg, '\n'); nl >= 0 {
			line += bytes.Count(seg, newline)
			lineStart = pos + nl + 1
		}
		pos = h.start
		if markedChecked != line {
			markedChecked = line
			markedLine = lineHasMarker(text, lineStart)
		}
		if markedLine {
			continue
		}
		m := string(text[h.start:h.end])
		if ack != nil && ack[normalise(m)] {
			continue
		}
		out = append(out, Finding{
			Kind:       h.kind,
			Confidence: h.conf,
			Line:       line,
			Col:        h.start - lineStart + 1,
			Match:      m,
			Hint:       hint(h.kind, text[h.start:h.end]),
		})
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// hit is a finding before positions are turned into lines and columns.
type hit struct {
	start, end int
	kind       Kind
	conf       Confidence
}

// resolve sorts hits by position and keeps one of any overlapping pair:
// the more confident, then the longer. Overlaps happen when two checks see
// the same bytes, such as a phone number inside an e-mail address.
func resolve(hits []hit) []hit {
	slices.SortFunc(hits, func(a, b hit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := hits[:1]
	for _, h := range hits[1:] {
		last := &out[len(out)-1]
		if h.start >= last.end {
			out = append(out, h)
			continue
		}
		if h.conf > last.conf || (h.conf == last.conf && h.end-h.start > last.end-last.start) {
			*last = h
		}
	}
	return out
}

// normalise lower-cases s and collapses runs of white space, for comparing
// acknowledgements and place names with what the text says.
func normalise(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func lineHasMarker(text []byte, lineStart int) bool {
	line := text[lineStart:]
	if end := bytes.IndexByte(line, '\n'); end >= 0 {
		line = line[:end]
	}
	return bytes.Contains(line, ackMarker)
}

var (
	newline   = []byte{'\n'}
	ackMarker = []byte(AckMarker)
)

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
