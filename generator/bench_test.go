package generator_test

import (
	"context"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mindlines/mindlines/generator"
	"github.com/mindlines/mindlines/generator/internal/corpus"
)

// benchPosts is the corpus size of the benchmarks; MINDLINES_BENCH_N sets
// another (CI runs them once with the default so they cannot rot).
func benchPosts() int {
	if n, err := strconv.Atoi(os.Getenv("MINDLINES_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 300
}

func benchSite(b *testing.B) fstest.MapFS {
	b.Helper()
	fsys := fstest.MapFS{}
	for p, data := range corpus.Files(corpus.Options{N: benchPosts(), Seed: 42}) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	return fsys
}

var benchNow = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }

// BenchmarkBuild is a full build into memory: load, parse, assemble, render.
func BenchmarkBuild(b *testing.B) {
	fsys := benchSite(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generator.NewBuilder(fsys, generator.Options{Now: benchNow}).Build(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOneEdit is a rebuild after one save, of each kind the
// watch-mode targets name: a post's body, its tags, and a new post.
func BenchmarkRebuildOneEdit(b *testing.B) {
	fsys := benchSite(b)
	builder := generator.NewBuilder(fsys, generator.Options{Now: benchNow})
	if _, err := builder.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	// The first published reflection, so that every run edits the same post.
	var post string
	for _, p := range slices.Sorted(maps.Keys(fsys)) {
		if strings.HasPrefix(p, "content/reflections/") && !strings.Contains(string(fsys[p].Data), "draft: true") {
			post = p
			break
		}
	}
	orig := fsys[post].Data
	rebuild := func(b *testing.B, edit func(i int) (path string, undo func())) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			p, undo := edit(i)
			if _, err := builder.Build(context.Background(), p); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			undo()
			if _, err := builder.Build(context.Background(), p); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	}
	restore := func() { fsys[post] = &fstest.MapFile{Data: orig} }
	b.Run("body", func(b *testing.B) {
		rebuild(b, func(i int) (string, func()) {
			fsys[post] = &fstest.MapFile{Data: append(slices.Clip(orig), "\n\nEdit "+strconv.Itoa(i)+".\n"...)}
			return post, restore
		})
	})
	b.Run("tags", func(b *testing.B) {
		rebuild(b, func(i int) (string, func()) {
			fsys[post] = &fstest.MapFile{Data: []byte(strings.Replace(string(orig), "\ntags:\n", "\ntags:\n  - benchtag"+strconv.Itoa(i)+"\n", 1))}
			return post, restore
		})
	})
	b.Run("newpost", func(b *testing.B) {
		rebuild(b, func(i int) (string, func()) {
			p := "content/reflections/2025-12-31-new-" + strconv.Itoa(i) + ".md"
			fsys[p] = &fstest.MapFile{Data: []byte("---\ntitle: A new reflection " + strconv.Itoa(i) +
				"\ndate: 2025-12-31T09:00:00Z\ntags: [prescribing]\nstage: curiosity\n---\n\nA short new reflection.\n")}
			return p, func() { delete(fsys, p) }
		})
	})
}

// BenchmarkWrite writes a built site into a folder whose files are all
// unchanged, the common case of a rebuild.
func BenchmarkWrite(b *testing.B) {
	res, err := generator.NewBuilder(benchSite(b), generator.Options{Now: benchNow}).Build(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, err := generator.WriteFolder(dir, res.Outputs); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := generator.WriteFolder(dir, res.Outputs); err != nil {
			b.Fatal(err)
		}
	}
}
