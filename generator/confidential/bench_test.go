package confidential

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// benchProse builds about size bytes of reflection-like prose from a fixed
// seed: mostly ordinary sentences, with the doses, values, years, colleagues
// and the odd identifier that real posts have, so the benchmark exercises
// the candidate checks at a realistic rate and not only the fast path.
func benchProse(size int) []byte {
	r := rand.New(rand.NewPCG(7, 11))
	sentences := []string{
		"I have been thinking about how much of general practice is about tolerating uncertainty rather than resolving it.",
		"She came in with a list, and I felt my shoulders tighten before she had even sat down.",
		"The consultation ran over by twelve minutes, and the waiting room was full by the time I called the next patient.",
		"My trainer asked what I thought was really going on, and I realised I had not asked her what she was worried about.",
		"We talked about the difference between what the guideline says and what the person in front of you needs.",
		"Looking back, the safety-netting was vague, and I would now be much more specific about when to come back.",
		"It is easy to forget how frightening a new diagnosis is when you give the same news several times a week.",
		"The practice meeting on Tuesday was mostly about the rota, but we found ten minutes for significant events.",
		"Started ramipril 2.5mg od and titrated to 10 mg; BP 148/92 at the last check.",
		"HbA1c 53 mmol/mol, eGFR 61, and she was keen to avoid another tablet.",
		"In 2019 we moved to total triage, and the shape of the day changed completely.",
		"Dr Osei, my trainer, suggested I read Gabbay J, le May A (2004) on mindlines.",
		"Prof Greenhalgh's paper on narrative-based medicine is still the one I reread.",
		"NICE guidance from March 2023 was discussed at the 12 March 2024 teaching session.",
		"Remind people about NHS 111, 999 and Samaritans on 116 123.",
		"A 72-year-old man came in with his wife, who did most of the talking.",
		"Mrs Patel, 84, came in about her knees and left talking about her grief.",
		"See doi:10.1136/bmj.m1234 and BMJ 2020;368:l6890 for the background.",
		"The SNOMED CT code 38341003 kept appearing in the template.",
		"I don't know whether I got it right, and I suspect that is the point of writing this down.",
	}
	var b strings.Builder
	b.Grow(size + 256)
	for b.Len() < size {
		for p := 2 + r.IntN(5); p > 0; p-- {
			b.WriteString(sentences[r.IntN(len(sentences))])
			b.WriteByte(' ')
		}
		b.WriteString("\n\n")
	}
	return []byte(b.String())
}

func BenchmarkScan(b *testing.B) {
	text := benchProse(400 << 10)
	d := New(Options{Places: []string{"Riverside Surgery", "St Aidan's Hospital"}})
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Scan(text, 1, nil)
	}
}

// BenchmarkScanPlain is ordinary prose with no candidates beyond capitals,
// the floor the scan loop itself costs.
func BenchmarkScanPlain(b *testing.B) {
	text := []byte(strings.Repeat("I have been thinking about how much of general practice is about tolerating uncertainty rather than resolving it. ", 4000))
	d := New(Options{})
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		d.Scan(text, 1, nil)
	}
}

// TestConcurrentScan shares one Detector between goroutines (run with -race).
func TestConcurrentScan(t *testing.T) {
	d := New(Options{Places: corpusPlaces})
	text := benchProse(32 << 10)
	want := len(d.Scan(text, 1, nil))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := len(d.Scan(text, 1, nil)); got != want {
				t.Errorf("got %d findings, want %d", got, want)
			}
		})
	}
	wg.Wait()
}
