//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseArgs(t *testing.T) {
	c, err := parseArgs([]string{"-n", "10, 200", "-runs", "3", "-warmup", "0", "-peers", "eleventy,hugo,eleventy", "-out", "/x", "-mindlines", "/bin/m", "-profile", "p"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.sizes, []int{10, 200}) || c.runs != 3 || c.warmup != 0 || c.out != "/x" ||
		!slices.Equal(c.peers, []string{"eleventy", "hugo"}) || c.mindlines != "/bin/m" || c.profile != "p" || c.seed != 42 {
		t.Errorf("parsed %+v", c)
	}

	c, err = parseArgs(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.sizes, []int{1000, 10000}) || c.runs != 7 || c.warmup != 1 || !slices.Equal(c.peers, []string{"hugo", "eleventy"}) {
		t.Errorf("defaults %+v", c)
	}
	if c, _ := parseArgs([]string{"-peers", ""}, io.Discard); len(c.peers) != 0 {
		t.Errorf("-peers '': %q", c.peers)
	}

	for _, args := range [][]string{
		{"-n", "0"}, {"-n", "1000,x"}, {"-runs", "0"}, {"-warmup", "-1"},
		{"-peers", "gatsby"}, {"-out", ""}, {"extra"}, {"-nosuchflag"}, {"-h"},
	} {
		var stderr bytes.Buffer
		if _, err := parseArgs(args, &stderr); !errors.Is(err, errUsage) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		} else if !strings.Contains(stderr.String(), "usage:") {
			t.Errorf("%q: no usage printed:\n%s", args, stderr.String())
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}

func TestPairRatios(t *testing.T) {
	// Pairs, not medians: each ratio is taken within one run.
	got := pairRatios([]float64{1, 2, 6, 5}, []float64{2, 8, 0, 10})
	if want := []float64{0.5, 0.25, 0.5}; !slices.Equal(got, want) {
		t.Errorf("pairRatios = %v, want %v", got, want)
	}
	if median(got) != 0.5 {
		t.Errorf("median of the ratios = %v", median(got))
	}
}

func samples(walls []float64, peakMiB int64) []sample {
	var ss []sample
	for _, w := range walls {
		d := time.Duration(w * float64(time.Second))
		ss = append(ss, sample{wall: d, cpu: 2 * d, peakKiB: peakMiB * 1024})
	}
	return ss
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	writeTable(&b, []result{
		{n: 1000, tool: "mindlines", samples: samples([]float64{0.1, 0.2, 0.3}, 50)},
		// Per-run ratios 0.2, 0.4, 0.2: median 0.2, where the ratio of the medians is 0.4.
		{n: 1000, tool: "hugo", samples: samples([]float64{0.5, 0.5, 1.5}, 200)},
		{n: 1000, tool: "eleventy"}, // skipped: no samples
	})
	want := `| N | tool | wall s, median (min–max) | cpu s, median | peak MiB, median | mindlines / tool, wall | mindlines / tool, peak |
| ---: | --- | --- | ---: | ---: | ---: | ---: |
| 1000 | mindlines | 0.200 (0.100–0.300) | 0.400 | 50 | – | – |
| 1000 | hugo | 0.500 (0.500–1.500) | 1.000 | 200 | 0.20× | 0.25× |
`
	if got := b.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestWithoutProfileEnv(t *testing.T) {
	got := withoutProfileEnv([]string{"A=1", "MINDLINES_CPUPROFILE=x", "MINDLINES_MEMPROFILE=y", "MINDLINES_CPUPROFILEX=z"})
	if want := []string{"A=1", "MINDLINES_CPUPROFILEX=z"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// fakeMindlines writes a shell script standing in for mindlines: it checks its
// arguments, writes a page into --out and, if asked, a file at $MINDLINES_CPUPROFILE.
func fakeMindlines(t *testing.T, exit int) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mindlines")
	script := `#!/bin/sh
[ "$1 $2 $3" = "build --quiet --source" ] && [ "$5" = --out ] && [ -f "$4/content/_index.md" ] || { echo "bad args: $*" >&2; exit 2; }
[ -z "$(ls -A "$6")" ] || { echo "out not empty" >&2; exit 2; }
echo page > "$6/index.html"
[ -n "$MINDLINES_CPUPROFILE" ] && echo not-a-profile > "$MINDLINES_CPUPROFILE"
echo "fake failure" >&2
exit ` + string(rune('0'+exit)) + "\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gencorpus")
	}
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"-n", "20,30", "-runs", "3", "-warmup", "1", "-peers", "", "-out", out, "-mindlines", fakeMindlines(t, 0)}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	for _, want := range []string{"Machine: ", "| 20 | mindlines |", "| 30 | mindlines |", "seed 42"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
	if n := strings.Count(stderr.String(), "N=20 run "); n != 3 {
		t.Errorf("%d timed runs at N=20, want 3:\n%s", n, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "corpus", "n30", "content", "_index.md")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, "out")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("build outputs left behind: %v", err)
	}
}

func TestRunBuildFails(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gencorpus")
	}
	args := []string{"-n", "5", "-runs", "1", "-peers", "", "-out", t.TempDir(), "-mindlines", fakeMindlines(t, 1)}
	err := run(context.Background(), args, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "mindlines build failed") || !strings.Contains(err.Error(), "fake failure") {
		t.Errorf("err = %v, want the failed build and its stderr", err)
	}
}
