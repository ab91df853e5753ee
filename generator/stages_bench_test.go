package generator

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mindlines/mindlines/generator/internal/corpus"
)

// Benchmarks of each stage on its own, on the generated corpus
// (MINDLINES_BENCH_N posts, 300 by default), to see where a build's time
// goes. BenchmarkBuild in bench_test.go times them together.

func stageCorpus(b *testing.B) fstest.MapFS {
	b.Helper()
	n := 300
	if v, err := strconv.Atoi(os.Getenv("MINDLINES_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	fsys := fstest.MapFS{}
	for p, data := range corpus.Files(corpus.Options{N: n, Seed: 42}) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func stageNow() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }

// BenchmarkParse parses every post: front matter, markdown, links and the
// confidentiality check.
func BenchmarkParse(b *testing.B) {
	fsys := stageCorpus(b)
	s := defaultSettings()
	opt := parseOptions{md: newMarkdown(false), tz: s.TimeZone, detector: (&Builder{}).detector(nil)}
	var sources []*Source
	bytes := 0
	for p, f := range fsys {
		if strings.HasSuffix(p, ".md") && p != ContentDir+"/_index.md" {
			sources = append(sources, newSource(p, f.Data))
			bytes += len(f.Data)
		}
	}
	b.SetBytes(int64(bytes))
	for b.Loop() {
		for _, src := range sources {
			var errs, warns ErrorList
			parseFile(src, opt, &errs, &warns)
		}
	}
}

// BenchmarkAssemble assembles the site from parsed posts: the published set,
// indexes, links both ways and related posts.
func BenchmarkAssemble(b *testing.B) {
	fsys := stageCorpus(b)
	s := defaultSettings()
	opt := parseOptions{md: newMarkdown(false), tz: s.TimeZone}
	parsed := map[string]*Parsed{}
	for p, f := range fsys {
		if strings.HasSuffix(p, ".md") && p != ContentDir+"/_index.md" {
			var errs, warns ErrorList
			parsed[p] = parseFile(newSource(p, f.Data), opt, &errs, &warns)
		}
	}
	for b.Loop() {
		var errs, warns ErrorList
		assemble(assembleInput{settings: s, parsed: parsed, now: stageNow()}, &errs, &warns)
		if len(errs) > 0 {
			b.Fatal(errs.Err())
		}
	}
}

// BenchmarkRender plans and renders every output of an assembled site, on
// every core, without writing.
func BenchmarkRender(b *testing.B) {
	builder := NewBuilder(stageCorpus(b), Options{Now: stageNow})
	res, err := builder.Build(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	th := builder.themeCache
	for b.Loop() {
		builder.outputs = map[string]Output{} // render everything again
		builder.snippets.reset(0)
		builder.snippets.reset(1)
		jobs := planOutputs(res.Site, th, 1, false, false)
		if _, _, err := builder.render(context.Background(), jobs, false); err != nil {
			b.Fatal(err)
		}
	}
}
