package corpus

import (
	"bytes"
	"fmt"
	"strings"
)

// Body length bounds, in runs of non-space (markdown markers count, as in gen_corpus.py).
const minWords, maxWords = 600, 1200

// writer writes markdown bodies of word-list prose.
type writer struct {
	s        *source
	wordDraw weighted
	// words drawn per sentence, reused
	ws []string
}

func newWriter(s *source) *writer {
	return &writer{s: s, wordDraw: zipf(len(words), 2)} // "the" ~200× as likely as the rarest word
}

type link struct{ text, href string }

// body appends p's body to b. A draft that runs outside [minWords, maxWords] is
// thrown away and drawn again: simpler than steering every block to fit, and rare.
func (w *writer) body(b *bytes.Buffer, p *post, targets []*post) {
	for {
		text, n := w.draft(p, targets)
		if minWords <= n && n <= maxWords {
			b.WriteString(text)
			return
		}
	}
}

// draft writes one attempt at a body: sections of prose and other blocks until a
// drawn word target is met, then any links and footnote definitions still owed.
// It returns the text and its number of words.
func (w *writer) draft(p *post, targets []*post) (string, int) {
	s := w.s
	var links []link
	for _, q := range targets {
		links = append(links, link{strings.TrimRight(strings.ToLower(q.title), "."), relLink(s, p, q)})
	}
	links = append(links, link{pick(s, externalTexts), pick(s, externalLinks)})
	shuffle(s, links)

	footnotes := s.percent(25)
	table := s.percent(20)
	code := s.percent(5)
	sections := append([]string(nil), headings...)
	shuffle(s, sections)
	sections = sections[:s.between(3, 5)]
	target := s.between(minWords, 1150) // the last block and the tail overshoot it

	var blocks []string
	n := 0
	add := func(block string) {
		blocks = append(blocks, block)
		n += countWords(block)
	}
	nfoot := 0
	paragraph := func() {
		para := w.paragraph(&links, false)
		if footnotes && nfoot < 3 && s.percent(30) {
			nfoot++
			para = para[:len(para)-1] + fmt.Sprintf("[^%d]", nfoot) + para[len(para)-1:]
		}
		add(para)
	}

	add(w.paragraph(&links, false))
	for si := 0; n < target; {
		if si < len(sections) && (len(blocks) < 3 || s.percent(25)) {
			add("## " + sections[si])
			si++
			paragraph()
			continue
		}
		switch s.intn(13) {
		case 0, 1, 2, 3, 4, 5:
			paragraph()
		case 6, 7:
			add(w.bullets())
		case 8:
			add(w.numbered())
		case 9:
			add(w.quote())
		case 10:
			add("### " + capitalize(strings.Join(w.words(s.between(2, 4)), " ")))
			paragraph()
		case 11:
			if table {
				add(w.table())
				table = false
			}
		case 12:
			if code {
				add(pick(s, codeBlocks))
				code = false
			}
		}
		if s.percent(3) {
			add("---")
		}
	}
	// A post keeps every feature it drew, its links and, if it has footnotes, at least one.
	if table {
		add(w.table())
	}
	if code {
		add(pick(s, codeBlocks))
	}
	if len(links) > 0 || (footnotes && nfoot == 0) {
		para := w.paragraph(&links, true)
		if footnotes && nfoot == 0 {
			nfoot++
			para = para[:len(para)-1] + "[^1]" + para[len(para)-1:]
		}
		add(para)
	}
	if nfoot > 0 {
		defs := make([]string, nfoot)
		for i := range defs {
			defs[i] = fmt.Sprintf("[^%d]: %s", i+1, w.sentence(6, 16))
		}
		add(strings.Join(defs, "\n"))
	}
	return strings.Join(blocks, "\n\n") + "\n", n
}

// countWords counts runs of non-space, as strings.Fields would on the corpus's
// ASCII text, without allocating (it runs on every block of every post).
func countWords[T string | []byte](text T) int {
	n, in := 0, false
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case ' ', '\n', '\t', '\r', '\v', '\f':
			in = false
		default:
			if !in {
				n++
			}
			in = true
		}
	}
	return n
}

func (w *writer) words(k int) []string {
	w.ws = w.ws[:0]
	for range k {
		w.ws = append(w.ws, words[w.wordDraw.draw(w.s)])
	}
	return w.ws
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// sentence is lo–hi words, sometimes with a comma, ending in . ? or !
func (w *writer) sentence(lo, hi int) string {
	return w.join(w.sentenceWords(lo, hi))
}

func (w *writer) sentenceWords(lo, hi int) []string {
	s := w.s
	ws := w.words(s.between(lo, hi))
	if len(ws) > 10 && s.percent(40) {
		ws[s.between(3, len(ws)-4)] += ","
	}
	ws[0] = capitalize(ws[0])
	switch r := s.intn(100); {
	case r < 90:
		ws[len(ws)-1] += "."
	case r < 97:
		ws[len(ws)-1] += "?"
	default:
		ws[len(ws)-1] += "!"
	}
	return ws
}

func (w *writer) join(ws []string) string { return strings.Join(ws, " ") }

// paragraph is 2–6 sentences with some emphasis and code spans, placing some of
// the links still owed (all of them, one a sentence, when force is set).
func (w *writer) paragraph(links *[]link, force bool) string {
	s := w.s
	count := s.between(2, 6)
	if force {
		count = max(count, len(*links))
	}
	out := make([]string, 0, count)
	for range count {
		ws := w.sentenceWords(7, 24)
		switch r := s.intn(100); {
		case r < 12:
			j := s.between(1, len(ws)-3)
			ws[j] = "*" + strings.TrimRight(ws[j], ",") + "*"
		case r < 20:
			j := s.between(1, len(ws)-4)
			ws[j] = "**" + strings.TrimRight(ws[j], ",")
			ws[j+1] = strings.TrimRight(ws[j+1], ",") + "**"
		case r < 23:
			j := s.between(1, len(ws)-3)
			ws[j] = "`" + strings.TrimRight(ws[j], ",") + "`"
		}
		sent := w.join(ws)
		if len(*links) > 0 && (force || s.percent(35)) {
			l := (*links)[len(*links)-1]
			*links = (*links)[:len(*links)-1]
			j := s.between(1, len(ws)-4)
			sent = w.join(ws[:j]) + " [" + l.text + "](" + l.href + ") " + w.join(ws[j:])
		}
		out = append(out, sent)
	}
	return strings.Join(out, " ")
}

func (w *writer) bullets() string {
	s := w.s
	items := make([]string, 0, 8)
	for range s.between(3, 6) {
		items = append(items, "- "+w.sentence(3, 12))
	}
	if s.percent(25) {
		at := s.between(1, len(items))
		nested := "  - " + w.sentence(2, 8) + "\n  - " + w.sentence(2, 8)
		items = append(items[:at], append([]string{nested}, items[at:]...)...)
	}
	return strings.Join(items, "\n")
}

func (w *writer) numbered() string {
	items := make([]string, w.s.between(3, 5))
	for i := range items {
		items[i] = fmt.Sprintf("%d. %s", i+1, w.sentence(4, 14))
	}
	return strings.Join(items, "\n")
}

func (w *writer) quote() string {
	q := "> " + w.sentence(8, 20)
	if w.s.percent(50) {
		q += " " + w.sentence(5, 12)
	}
	return q
}

func (w *writer) table() string {
	s := w.s
	rows := []string{"| Measure | Before | After | Change |", "| --- | ---: | ---: | --- |"}
	for range s.between(3, 6) {
		a, b := s.between(5, 95), s.between(5, 95)
		change := "no change"
		if b > a {
			change = "better"
		} else if b < a {
			change = "worse"
		}
		rows = append(rows, fmt.Sprintf("| %s | %d%% | %d%% | %s |", w.join(w.words(2)), a, b, change))
	}
	return strings.Join(rows, "\n")
}
