// Package confidential finds patient identifiers in a post before it is
// published. It is the confidentiality check of the build: GPs write
// reflections about real consultations, and a stray NHS number, postcode or
// "Mrs Patel, 84" in a draft must not reach the site.
//
// # What it finds
//
// At High confidence, identifiers that should never be published:
//
//   - NHS numbers, Scottish CHI numbers and Northern Ireland H&C numbers:
//     10 digits (plain, 3-3-4 with spaces or hyphens) with a valid Modulus
//     11 check digit. A number whose check digit fails is never reported,
//     and neither is one labelled as a SNOMED or QOF code or an ISBN.
//   - dates of birth: a date next to "DOB", "born", "date of birth" or an
//     age, in UK formats (12/03/1954, 12.03.54, 12 March 1954) or ISO
//     (1954-03-12);
//   - exact ages of 90 and over ("aged 93", "a 94-year-old", "she is 92.",
//     "a ninety-three-year-old");
//   - full postcodes, UK phone numbers (07, 01, 02, 03, +44), e-mail
//     addresses, National Insurance numbers, and hospital numbers where
//     labelled ("MRN", "hospital number", "hosp no RXX123456");
//   - patients named with a title ("Mrs Patel, 84, came in") or by
//     initials ("patient JS"), and street addresses ("14 Acacia Avenue").
//     A doctor or professor is reported only with an age beside the name
//     ("Dr Jones, 91,"): in reflections they are nearly always colleagues.
//
// At Medium confidence, a titled name (Mr, Mrs, Ms, Miss, Mx) with no
// clinical words near it: probably a patient, possibly not.
//
// At Low confidence, hints that are harmless alone but identify in
// combination: an exact age under 90 (suggesting a life stage instead),
// the date of an encounter ("seen on 12/03/2024"), and the practice,
// hospital and ward names listed in the site settings (Options.Places).
//
// It stays quiet on what GPs write all the time: doses, blood pressures,
// lab values, years and dates of public events, clinical codes, public
// phone lines (NHS 111, 999, 116 123, 0300 numbers), references (DOIs,
// ISBNs, PMIDs, volume and page numbers, cited authors), and colleagues
// and authors with titles ("Dr Patel, my trainer", "Prof Greenhalgh's
// paper"). The words that tip a candidate one way or the other live in
// one table, in context.go.
//
// # What it cannot find
//
// It is a safety net, not a guarantee. It cannot see free-text
// descriptions that identify ("the only Portuguese-speaking farrier in the
// village"), rare conditions, combinations of individually harmless facts,
// names written without a title, identifiers split across lines, or
// anything in images. A clean scan means none of the patterns above were
// found, not that the post is anonymous.
//
// # Acknowledgements
//
// A writer who has checked a finding and knows it is not an identifier
// (a practice switchboard, a colleague's name) can say so in two ways, both
// visible in review: list the exact text under the front matter key
// "acknowledge" ([AckKey]), which drops findings whose text matches
// (ignoring case and spacing), or put the marker [AckMarker] on the line,
// which skips that line entirely.
//
// # Speed
//
// The detector runs on every build, so Scan reads the text once, skipping
// ordinary lower-case words a word at a time and looking closely only at
// words that start with a digit or a capital, and at '@', '+' and '('.
// Each candidate is checked by a small hand-written function; there are no
// regular expressions. A Detector is immutable after New and safe for
// concurrent use.
package confidential
