// Command gencorpus writes a benchmark corpus (see package corpus) into a site folder:
//
//	go run ./generator/internal/corpus/gencorpus -n 10000 [-seed 42] DIR
//
// It writes DIR/content and DIR/corpus.stamp, which names the corpus by its size,
// seed and a hash of its files. If DIR already holds that corpus it is left alone,
// so running a benchmark again does not delete and rewrite thousands of files;
// if it holds another one, that is replaced. A non-empty DIR without a stamp is
// refused, never deleted. It prints one line: the summary.
//
// It is a command, not code in cmd/mindlines-bench, because an internal package
// can only be imported from below generator/.
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/mindlines/mindlines/generator/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of posts, drafts included")
	seed := flag.Uint64("seed", 42, "seed; the same -n and -seed give the same files")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -n N [-seed S] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	line, err := ensure(flag.Arg(0), corpus.Options{N: *n, Seed: *seed})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Println(line)
}

const stampFile = "corpus.stamp"

// ensure makes dir hold the corpus opts describes and returns its summary line.
func ensure(dir string, opts corpus.Options) (string, error) {
	files := corpus.Files(opts)
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	stamp := fmt.Sprintf("n=%d seed=%d sha256=%x\n", opts.N, opts.Seed, h.Sum(nil))
	stampPath := filepath.Join(dir, stampFile)
	old, err := os.ReadFile(stampPath)
	switch {
	case err == nil && string(old) == stamp:
		return "reused " + dir + ": " + stamp[:len(stamp)-1], nil
	case err == nil:
		// Another corpus of ours: replace it.
		if err := os.RemoveAll(dir); err != nil {
			return "", err
		}
	default:
		// Never delete a folder this command did not make.
		if ents, _ := os.ReadDir(dir); len(ents) > 0 {
			return "", fmt.Errorf("%s is not empty and holds no %s; choose another folder", dir, stampFile)
		}
	}
	sum, err := corpus.Write(dir, opts)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(stampPath, []byte(stamp), 0o644); err != nil {
		return "", err
	}
	return fmt.Sprintf("wrote %s: %d posts (%d drafts), %d words, %d bytes", dir, sum.Posts, sum.Drafts, sum.Words, sum.Bytes), nil
}
