//go:build linux

// Command mindlines-bench compares full-build times of mindlines with its peers
// (Hugo, Eleventy, Jekyll) on generated reflection blogs, and prints the figures
// as a Markdown table.
//
//	go run ./cmd/mindlines-bench [-n 1000,10000] [-runs 7] [-warmup 1] [-seed 42]
//	    [-out /dev/shm/mindlines-bench] [-peers hugo,eleventy] [-mindlines PATH] [-profile DIR]
//
// It builds ./cmd/mindlines (unless -mindlines names a binary), writes one corpus
// per N with generator/internal/corpus (through its gencorpus command, as an
// internal package cannot be imported from here) into OUT/corpus/nN, kept and
// reused while the generator gives the same files, and times whole processes:
//
//	mindlines build --quiet --source OUT/corpus/nN --out OUT/out/mindlines
//	SKIP_PREPARE=1 FRESH=1 QUIET=1 run_peer.sh PEER OUT/corpus/nN/content OUT/out/PEER
//
// run_peer.sh is the peers' harness in shared/bench beside the repository
// (../shared/bench/run_peer.sh), or in the folder $MINDLINES_PEERS names; its
// README tells how to install the peers. A peer that is not installed is skipped
// with a note: hugo and jekyll must be on PATH, Eleventy under $ANCHORS/eleventy
// (default /tmp/anchors/eleventy).
//
// Method, and why:
//
//   - Runs are paired: run i builds with mindlines, then with each peer, and the
//     ratio columns are the median of the per-run ratios. This machine's speed
//     drifts over minutes (shared/bench/PEERS.md, "Noise"); a drift moves both
//     sides of a pair alike, so it cancels out of the ratio.
//   - Each build writes into a new, empty folder, deleted after the build and
//     outside the timed region. Put -out on tmpfs (the default, /dev/shm, when it
//     exists): on the project machine's journal-less ext4, files created soon
//     after many were deleted are several times slower to create, which would
//     charge one tool for the previous one's clean-up. On another filesystem the
//     report says so.
//   - Wall time is read from the monotonic clock around the child; cpu (user +
//     system) and peak resident set from wait4, as /usr/bin/time does. The first
//     -warmup rounds are not counted: they bring the corpus into the page cache.
//   - Medians are quoted, with min–max for wall time to show the spread.
//
// With -profile DIR, one more, untimed, mindlines build per N runs with
// MINDLINES_CPUPROFILE=DIR/cpu-N.prof and MINDLINES_MEMPROFILE=DIR/mem-N.prof,
// and the report ends with the top 25 functions of each CPU profile
// (go tool pprof -top -nodecount=25).
//
// Progress goes to stderr, the report to stdout. Linux only: it reads
// /proc/cpuinfo, and wait4's maxrss is in KiB on Linux.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "mindlines-bench:", err)
		os.Exit(1)
	}
}

// errUsage reports bad flags, already explained on stderr.
var errUsage = errors.New("usage")

// config is what the flags ask for.
type config struct {
	sizes     []int
	runs      int
	warmup    int
	seed      uint64
	out       string
	peers     []string
	mindlines string // a built binary; empty: build ./cmd/mindlines
	profile   string // folder for profiles; empty: none
}

var knownPeers = []string{"hugo", "hugo-nohook", "eleventy", "jekyll"}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("mindlines-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/mindlines-bench [flags]\n\nTimes mindlines against its peers on generated corpora; see the package documentation.\n\nFlags:")
		fs.PrintDefaults()
	}
	sizes := fs.String("n", "1000,10000", "corpus sizes in posts, comma-separated")
	fs.IntVar(&c.runs, "runs", 7, "timed runs per tool and size")
	fs.IntVar(&c.warmup, "warmup", 1, "untimed runs per tool and size before the timed ones")
	fs.Uint64Var(&c.seed, "seed", 42, "corpus seed")
	fs.StringVar(&c.out, "out", defaultOut(), "folder for corpora and build outputs (tmpfs recommended)")
	peers := fs.String("peers", "hugo,eleventy", "peers to compare with, comma-separated ("+strings.Join(knownPeers, ", ")+"); empty for none")
	fs.StringVar(&c.mindlines, "mindlines", "", "mindlines binary to time (default: build ./cmd/mindlines)")
	fs.StringVar(&c.profile, "profile", "", "also write CPU and memory profiles of one extra mindlines build per size to this folder")
	if err := fs.Parse(args); err != nil {
		return c, errUsage // flag has explained it, -h included
	}
	bad := func(format string, a ...any) (config, error) {
		fmt.Fprintf(stderr, "mindlines-bench: "+format+"\n", a...)
		fs.Usage()
		return c, errUsage
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q", fs.Arg(0))
	}
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return bad("-n: %q is not a number of posts", f)
		}
		c.sizes = append(c.sizes, n)
	}
	if c.runs < 1 || c.warmup < 0 {
		return bad("-runs must be at least 1 and -warmup at least 0")
	}
	for _, p := range strings.Split(*peers, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !slices.Contains(knownPeers, p) {
			return bad("-peers: unknown peer %q (known: %s)", p, strings.Join(knownPeers, ", "))
		}
		if !slices.Contains(c.peers, p) {
			c.peers = append(c.peers, p)
		}
	}
	if c.out == "" {
		return bad("-out must name a folder")
	}
	return c, nil
}

// defaultOut is on tmpfs where there is one (see the package documentation).
func defaultOut() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		return "/dev/shm/mindlines-bench"
	}
	return filepath.Join(os.TempDir(), "mindlines-bench")
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseArgs(args, stderr)
	if err != nil {
		return err
	}
	if c.out, err = filepath.Abs(c.out); err != nil {
		return err
	}
	root := moduleRoot(ctx)
	if root == "" {
		return errors.New("not inside the mindlines module: run it from the repository")
	}
	tmp, err := os.MkdirTemp("", "mindlines-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	gencorpus := filepath.Join(tmp, "gencorpus")
	if err := goBuild(ctx, root, gencorpus, "./generator/internal/corpus/gencorpus"); err != nil {
		return err
	}
	bin := c.mindlines
	if bin == "" {
		bin = filepath.Join(tmp, "mindlines")
		fmt.Fprintln(stderr, "building ./cmd/mindlines")
		if err := goBuild(ctx, root, bin, "./cmd/mindlines"); err != nil {
			return fmt.Errorf("%w\nfix the build, or pass -mindlines PATH", err)
		}
	}
	if bin, err = filepath.Abs(bin); err != nil {
		return err
	}
	if c.profile != "" {
		if c.profile, err = filepath.Abs(c.profile); err != nil {
			return err
		}
		if err := os.MkdirAll(c.profile, 0o755); err != nil {
			return err
		}
	}
	runPeer, peers, notes := findPeers(root, c.peers)
	load := loadAverage()
	outs := filepath.Join(c.out, "out")
	defer os.RemoveAll(outs)

	var results []result
	var profiles bytes.Buffer
	for _, n := range c.sizes {
		site := filepath.Join(c.out, "corpus", fmt.Sprintf("n%d", n))
		// gencorpus reuses the folder if it already holds this corpus.
		gen := exec.CommandContext(ctx, gencorpus, "-n", strconv.Itoa(n), "-seed", strconv.FormatUint(c.seed, 10), site)
		gen.Stdout, gen.Stderr = stderr, stderr
		if err := gen.Run(); err != nil {
			return fmt.Errorf("N=%d: writing the corpus: %v", n, err)
		}
		content := filepath.Join(site, "content")
		// mindlines' own profile variables must not leak into timed runs.
		tools := []tool{mindlinesTool(bin, site, withoutProfileEnv(os.Environ()))}
		for _, p := range peers {
			if err := preparePeer(ctx, runPeer, p, content); err != nil {
				notes = append(notes, fmt.Sprintf("%s skipped at N=%d: %v", p, n, err))
				continue
			}
			tools = append(tools, peerTool(runPeer, p, content))
		}
		rs, err := benchSize(ctx, c, n, tools, outs, stderr)
		if err != nil {
			return err
		}
		results = append(results, rs...)
		if c.profile != "" {
			if err := profileRun(ctx, bin, site, filepath.Join(outs, "profile"), c.profile, n, &profiles); err != nil {
				return err
			}
		}
	}

	fmt.Fprintln(stdout, "## mindlines-bench")
	fmt.Fprintln(stdout)
	writeMachine(stdout, c.out, bin, load)
	fmt.Fprintf(stdout, "Corpus: generator/internal/corpus, seed %d. %d timed runs after %d warm-up, paired (mindlines, then each peer, per run).\n", c.seed, c.runs, c.warmup)
	for _, note := range notes {
		fmt.Fprintln(stdout, "Note:", note)
	}
	fmt.Fprintln(stdout)
	writeTable(stdout, results)
	if profiles.Len() > 0 {
		fmt.Fprintln(stdout)
		stdout.Write(profiles.Bytes())
	}
	return nil
}

// moduleRoot returns the folder of the main module's go.mod, or "" outside one.
func moduleRoot(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return ""
	}
	return filepath.Dir(gomod)
}

// goBuild builds the main package pkg of the module at root into bin.
func goBuild(ctx context.Context, root, bin, pkg string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("could not build %s: %v%s", pkg, err, tail(out))
	}
	return nil
}

// findPeers locates run_peer.sh and keeps the requested peers whose tool is
// installed, with a note for each one that is not.
func findPeers(root string, want []string) (runPeer string, peers, notes []string) {
	if len(want) == 0 {
		return "", nil, nil
	}
	dir := os.Getenv("MINDLINES_PEERS")
	if dir == "" && root != "" {
		dir = filepath.Join(root, "..", "shared", "bench")
	}
	runPeer = filepath.Join(dir, "run_peer.sh")
	if fi, err := os.Stat(runPeer); dir == "" || err != nil || fi.IsDir() {
		return "", nil, []string{"no peers: run_peer.sh not found (set MINDLINES_PEERS to the folder that holds it)"}
	}
	anchors := os.Getenv("ANCHORS")
	if anchors == "" {
		anchors = "/tmp/anchors"
	}
	for _, p := range want {
		var missing string
		switch p {
		case "hugo", "hugo-nohook", "jekyll":
			name := strings.TrimSuffix(p, "-nohook")
			if _, err := exec.LookPath(name); err != nil {
				missing = name + " is not on PATH"
			}
		case "eleventy":
			if _, err := os.Stat(filepath.Join(anchors, "eleventy", "node_modules", ".bin", "eleventy")); err != nil {
				missing = "Eleventy is not installed under " + filepath.Join(anchors, "eleventy")
			}
		}
		if missing != "" {
			notes = append(notes, fmt.Sprintf("%s skipped: %s (see %s)", p, missing, filepath.Join(dir, "README.md")))
			continue
		}
		peers = append(peers, p)
	}
	return runPeer, peers, notes
}

// preparePeer sets up the peer's site folder for one corpus, so the timed runs
// (SKIP_PREPARE=1) do not copy or link anything.
func preparePeer(ctx context.Context, runPeer, peer, content string) error {
	cmd := exec.CommandContext(ctx, runPeer, "--prepare", peer, content)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("run_peer.sh --prepare failed (%v)%s", err, tail(out))
	}
	return nil
}

// benchSize times every tool at one corpus size: warm-up rounds, then paired runs.
func benchSize(ctx context.Context, c config, n int, tools []tool, outs string, progress io.Writer) ([]result, error) {
	results := make([]result, len(tools))
	for i, t := range tools {
		results[i] = result{n: n, tool: t.name}
	}
	for round := range c.warmup + c.runs {
		timed := round >= c.warmup
		if timed {
			fmt.Fprintf(progress, "N=%d run %d/%d:", n, round-c.warmup+1, c.runs)
		} else {
			fmt.Fprintf(progress, "N=%d warm-up %d/%d:", n, round+1, c.warmup)
		}
		for i, t := range tools {
			s, err := timeOnce(ctx, t, filepath.Join(outs, t.name))
			if err != nil {
				fmt.Fprintln(progress)
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return nil, fmt.Errorf("N=%d: %w", n, err)
			}
			fmt.Fprintf(progress, " %s %.3fs", t.name, s.wall.Seconds())
			if timed {
				results[i].samples = append(results[i].samples, s)
			}
		}
		fmt.Fprintln(progress)
	}
	return results, nil
}
