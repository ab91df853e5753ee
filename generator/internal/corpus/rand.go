package corpus

import (
	"math/bits"
	"math/rand/v2"
	"sort"
)

// source draws every random choice of the corpus from one PCG stream, with integer
// arithmetic only, so a seed gives the same files on every platform.
//
// It does not use rand.Rand's IntN, Shuffle or Float64: IntN reduces through
// 32-bit arithmetic on 32-bit platforms (a different sequence than on 64-bit ones),
// and float weights could round differently where the compiler fuses multiply-adds.
type source struct{ pcg *rand.PCG }

func newSource(seed uint64) *source {
	// The second PCG word is fixed: the seed alone names a corpus.
	return &source{rand.NewPCG(seed, 0x6d696e646c696e65)} // "mindline"
}

// uint64n returns a uniform number in [0, n), n > 0, by Lemire's multiply-and-reject.
func (s *source) uint64n(n uint64) uint64 {
	hi, lo := bits.Mul64(s.pcg.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(s.pcg.Uint64(), n)
		}
	}
	return hi
}

// intn returns a uniform int in [0, n), n > 0.
func (s *source) intn(n int) int { return int(s.uint64n(uint64(n))) }

// between returns a uniform int in [lo, hi].
func (s *source) between(lo, hi int) int { return lo + s.intn(hi-lo+1) }

// percent reports true with probability p/100.
func (s *source) percent(p int) bool { return s.intn(100) < p }

// pick returns a uniform element of xs.
func pick[T any](s *source, xs []T) T { return xs[s.intn(len(xs))] }

// shuffle permutes xs in place (Fisher–Yates).
func shuffle[T any](s *source, xs []T) {
	for i := len(xs) - 1; i > 0; i-- {
		j := s.intn(i + 1)
		xs[i], xs[j] = xs[j], xs[i]
	}
}

// weighted draws indexes in proportion to integer weights.
type weighted struct{ cum []uint64 }

func newWeighted(ws []uint64) weighted {
	cum := make([]uint64, len(ws))
	var t uint64
	for i, w := range ws {
		t += w
		cum[i] = t
	}
	return weighted{cum}
}

// zipf weights n ranks as 1/(rank+q) (Zipf–Mandelbrot): the larger q, the flatter
// the tail. gen_corpus.py uses 1/rank^s; q is chosen to give about the same ratio
// between the first and the last rank, without floating point.
func zipf(n int, q uint64) weighted {
	ws := make([]uint64, n)
	for i := range ws {
		ws[i] = (1 << 32) / (uint64(i) + q)
	}
	return newWeighted(ws)
}

func (w weighted) draw(s *source) int {
	x := s.uint64n(w.cum[len(w.cum)-1])
	return sort.Search(len(w.cum), func(i int) bool { return w.cum[i] > x })
}
