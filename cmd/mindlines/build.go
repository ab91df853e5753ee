package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"time"

	"github.com/mindlines/mindlines/generator"
)

type buildFlags struct {
	source, out, baseURL  string
	drafts, future, quiet bool
}

var buildCmd = &command{
	Name:      "build",
	UsageLine: "mindlines build [--source DIR] [--out DIR] [--drafts] [--future] [--base-url URL] [--quiet]",
	Short:     "build the site into a folder",
	Long: `Build reads the site in the source folder (its content/ and optional themes/),
checks every post, and writes the site to the output folder. Nothing is written
unless every check passes, so a failed build leaves the previous output as it
was. Files that did not change are left alone; files an earlier build wrote
that this one does not are removed; nothing else in the folder is touched.`,
	Flag: func(fs *flag.FlagSet) any {
		f := &buildFlags{}
		fs.StringVar(&f.source, "source", ".", "the site `folder`, holding content/")
		fs.StringVar(&f.out, "out", "", "the output `folder` (default <source>/public)")
		fs.BoolVar(&f.drafts, "drafts", false, "publish drafts too")
		fs.BoolVar(&f.future, "future", false, "publish posts dated in the future too")
		fs.StringVar(&f.baseURL, "base-url", "", "the site's absolute `URL`, overriding baseURL in content/_index.md")
		fs.BoolVar(&f.quiet, "quiet", false, "print only errors")
		return f
	},
	Run: runBuild,
}

func runBuild(ctx context.Context, c *command, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	f := c.Flag(fs).(*buildFlags)
	rest, err := parseFlags(c, fs, args, stderr)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "mindlines build: unexpected argument %q\n", rest[0])
		return errUsage
	}
	if f.out == "" {
		f.out = filepath.Join(f.source, "public")
	}
	defer tuneGC()()
	if stop := startProfiles(stderr); stop != nil {
		defer stop()
	}
	start := time.Now()
	if fi, err := os.Stat(filepath.Join(f.source, generator.ContentDir)); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s has no content/ folder: run mindlines in a site folder or give --source", f.source)
	}
	if err := generator.CheckOutDir(f.source, f.out); err != nil {
		return err
	}
	level := slog.LevelInfo
	if os.Getenv("MINDLINES_DEBUG") != "" {
		level = slog.LevelDebug // timings of each stage, for performance work
	}
	if f.quiet {
		level = slog.LevelError
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	w, err := generator.NewFolderWriter(f.out)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	b := generator.NewBuilder(generator.DirFS(f.source), generator.Options{
		Drafts: f.drafts, Future: f.future, BaseURL: f.baseURL, Logger: logger,
		Sink: w.Write,
	})
	res, err := b.Build(ctx)
	if err != nil {
		w.Abort()
		return reportBuildError(err, stderr)
	}
	if !f.quiet {
		for _, w := range res.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
	}
	stats, err := w.Commit()
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "built %s pages from %s posts in %s (%d files written, %d unchanged, %d removed) into %s\n",
			thousands(res.HTMLPages()), thousands(len(res.Site.Posts)), roundDuration(time.Since(start)),
			stats.Written, stats.Unchanged, stats.Removed, f.out)
	}
	return nil
}

// reportBuildError prints every problem of a failed build, one per line.
func reportBuildError(err error, stderr io.Writer) error {
	var list generator.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "mindlines: build failed with %d %s; the output folder was not changed\n", len(list), plural(len(list), "problem", "problems"))
		return errReported
	}
	return err
}

// tuneGC trades memory the build can spare for less garbage collection. A
// streaming build holds little (post bodies wait in a temporary file; about
// 70 MB is live at the end of a 10,000-post build), so while the live heap
// is small the collector may let the heap grow to four times what is live,
// which takes about 4% off a 10,000-post build for 45 MB more at peak. Once
// more than 192 MiB is live it goes back to three times: a 100,000-post
// build at four times spent its parse at the soft limit of 1.5 GiB,
// returning memory to the system and faulting it back, and took half as
// long again. The limit keeps a very large site well under 2 GiB. GOGC and
// GOMEMLIMIT in the environment take precedence. The returned func stops
// the watch.
func tuneGC() (stop func()) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1536 << 20)
	}
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	debug.SetGCPercent(300)
	done := make(chan struct{})
	go func() {
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(live)
			if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > 192<<20 {
				debug.SetGCPercent(200)
				return
			}
		}
	}()
	return func() { close(done) }
}

// startProfiles writes CPU and heap profiles when MINDLINES_CPUPROFILE or
// MINDLINES_MEMPROFILE name a file; a hidden aid for performance work.
func startProfiles(stderr io.Writer) func() {
	cpu, mem := os.Getenv("MINDLINES_CPUPROFILE"), os.Getenv("MINDLINES_MEMPROFILE")
	if cpu == "" && mem == "" {
		return nil
	}
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			cpuFile = f
		}
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem != "" {
			if f, err := os.Create(mem); err == nil {
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func roundDuration(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}
