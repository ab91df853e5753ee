//go:build linux

package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// A sample is one timed build: one child process, measured from outside.
type sample struct {
	wall, cpu time.Duration // wall: monotonic clock; cpu: user + system
	peakKiB   int64         // largest resident set (wait4's maxrss)
}

// A result is one tool's timed runs at one corpus size. Samples of the tools at
// one size are paired by index: sample i of every tool comes from run i.
type result struct {
	n       int
	tool    string
	samples []sample
}

func (r result) walls() []float64 {
	return values(r.samples, func(s sample) float64 { return s.wall.Seconds() })
}

func (r result) cpus() []float64 {
	return values(r.samples, func(s sample) float64 { return s.cpu.Seconds() })
}

func (r result) peaks() []float64 {
	return values(r.samples, func(s sample) float64 { return float64(s.peakKiB) / 1024 })
}

func values(ss []sample, f func(sample) float64) []float64 {
	xs := make([]float64, len(ss))
	for i, s := range ss {
		xs[i] = f(s)
	}
	return xs
}

// median returns the middle value of xs (the mean of the two middle ones for an
// even count), or 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	m := len(s) / 2
	if len(s)%2 == 0 {
		return (s[m-1] + s[m]) / 2
	}
	return s[m]
}

// pairRatios returns a[i]/b[i] for each pair of runs, skipping pairs where b is 0.
// The median of these, not the ratio of the medians, is what the table quotes:
// both sides of a pair ran moments apart, so a drift in the machine's speed
// during the benchmark moves both alike and cancels out of the ratio.
func pairRatios(a, b []float64) []float64 {
	var rs []float64
	for i := range min(len(a), len(b)) {
		if b[i] > 0 {
			rs = append(rs, a[i]/b[i])
		}
	}
	return rs
}

// writeTable prints the results as a Markdown table. The ratio columns compare
// mindlines with each other tool at the same size (below 1: mindlines is faster
// or smaller).
func writeTable(w io.Writer, results []result) {
	fmt.Fprintln(w, "| N | tool | wall s, median (min–max) | cpu s, median | peak MiB, median | mindlines / tool, wall | mindlines / tool, peak |")
	fmt.Fprintln(w, "| ---: | --- | --- | ---: | ---: | ---: | ---: |")
	for _, r := range results {
		if len(r.samples) == 0 {
			continue
		}
		walls := r.walls()
		wallRatio, peakRatio := "–", "–"
		if ref, ok := mindlinesAt(results, r.n); ok && r.tool != ref.tool {
			wallRatio = ratioCell(pairRatios(ref.walls(), walls))
			peakRatio = ratioCell(pairRatios(ref.peaks(), r.peaks()))
		}
		fmt.Fprintf(w, "| %d | %s | %.3f (%.3f–%.3f) | %.3f | %.0f | %s | %s |\n",
			r.n, r.tool, median(walls), slices.Min(walls), slices.Max(walls),
			median(r.cpus()), median(r.peaks()), wallRatio, peakRatio)
	}
}

func mindlinesAt(results []result, n int) (result, bool) {
	for _, r := range results {
		if r.n == n && r.tool == "mindlines" && len(r.samples) > 0 {
			return r, true
		}
	}
	return result{}, false
}

func ratioCell(rs []float64) string {
	if len(rs) == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", median(rs))
}
