package generator

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// newMinifier chooses a minifier by media type, as Hugo's publisher does.
// Document and end tags are kept: the output stays readable and valid for any
// HTML checker, and they cost little.
func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepSpecialComments: false})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// mediaType is the media type the write stage minifies an output as; empty
// for files published as they are.
func mediaType(p string) string {
	switch path.Ext(p) {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".json", ".webmanifest":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	}
	return ""
}

// minifyOutput minifies b by the media type of path p.
func minifyOutput(m *minify.M, p string, b []byte) ([]byte, error) {
	mt := mediaType(p)
	if mt == "" {
		return b, nil
	}
	out, err := m.Bytes(mt, b)
	if err != nil {
		return nil, fmt.Errorf("minifying %s: %w", p, err)
	}
	return out, nil
}

// ManifestName is the file in an output folder that lists what mindlines
// wrote there. Only files it lists are ever removed.
const ManifestName = ".mindlines-manifest"

// WriteStats says what a write did.
type WriteStats struct {
	Written, Unchanged, Removed int
}

// WriteFolder writes outputs into dir: files whose bytes did not change are
// left alone, changed files are written to a temporary name and renamed into
// place, and files the previous build wrote that this one did not are
// removed. Nothing else in dir is touched.
func WriteFolder(dir string, outputs []Output) (WriteStats, error) {
	var stats WriteStats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return stats, err
	}
	old, err := readManifest(dir)
	if err != nil {
		return stats, err
	}
	sums := make([]string, len(outputs))
	var mu sync.Mutex
	var firstErr error
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(2, runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				o := outputs[i]
				sum := sha256.Sum256(o.Bytes)
				sums[i] = hex.EncodeToString(sum[:16])
				target := filepath.Join(dir, filepath.FromSlash(o.Path))
				if prev, ok := old[o.Path]; ok && prev.sum == sums[i] {
					if fi, err := os.Stat(target); err == nil && fi.Size() == int64(len(o.Bytes)) {
						mu.Lock()
						stats.Unchanged++
						mu.Unlock()
						continue
					}
				}
				err := writeFileAtomic(target, o.Bytes)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				stats.Written++
				mu.Unlock()
			}
		}()
	}
	for i := range outputs {
		work <- i
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return stats, firstErr
	}
	current := make(map[string]bool, len(outputs))
	for _, o := range outputs {
		current[o.Path] = true
	}
	var stale []string
	for p := range old {
		if !current[p] {
			stale = append(stale, p)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(stale)))
	for _, p := range stale {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return stats, err
		}
		stats.Removed++
		removeEmptyParents(dir, filepath.Dir(target))
	}
	return stats, writeManifest(dir, outputs, sums)
}

// removeEmptyParents removes folders left empty by removing a stale file, up
// to but never including dir.
func removeEmptyParents(dir, d string) {
	for d != dir && strings.HasPrefix(d, dir+string(filepath.Separator)) {
		if os.Remove(d) != nil { // fails unless empty
			return
		}
		d = filepath.Dir(d)
	}
}

func writeFileAtomic(target string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(target), ".mindlines-tmp-"+filepath.Base(target))
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

type manifestEntry struct {
	sum  string
	size int64
}

func readManifest(dir string) (map[string]manifestEntry, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]manifestEntry{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]manifestEntry{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.SplitN(sc.Text(), " ", 3)
		if len(fields) != 3 {
			continue
		}
		size, _ := strconv.ParseInt(fields[1], 10, 64)
		p := fields[2]
		// Never trust a manifest entry that would leave the folder.
		if !fs.ValidPath(p) {
			continue
		}
		m[p] = manifestEntry{sum: fields[0], size: size}
	}
	return m, sc.Err()
}

func writeManifest(dir string, outputs []Output, sums []string) error {
	var b strings.Builder
	b.WriteString("# mindlines manifest: the files mindlines wrote here. Do not edit.\n")
	for i, o := range outputs {
		fmt.Fprintf(&b, "%s %d %s\n", sums[i], len(o.Bytes), o.Path)
	}
	return writeFileAtomic(filepath.Join(dir, ManifestName), []byte(b.String()))
}

// CheckOutDir refuses an output folder that would let a build overwrite or
// delete the writer's own files: the source root itself, a folder inside
// content/ or themes/, or a folder that contains the source.
func CheckOutDir(source, out string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	src, dst = resolveLinksInPath(src), resolveLinksInPath(dst)
	within := func(p, dir string) bool {
		return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
	}
	switch {
	case dst == src:
		return fmt.Errorf("output folder %s is the site's source folder: choose a folder such as %s", out, filepath.Join(source, "public"))
	case within(src, dst):
		return fmt.Errorf("output folder %s contains the site's source folder: choose a folder inside it such as %s", out, filepath.Join(source, "public"))
	case within(dst, filepath.Join(src, ContentDir)):
		return fmt.Errorf("output folder %s is inside content/: choose a folder outside it such as %s", out, filepath.Join(source, "public"))
	case within(dst, filepath.Join(src, ThemesDir)):
		return fmt.Errorf("output folder %s is inside themes/: choose a folder outside it such as %s", out, filepath.Join(source, "public"))
	}
	return nil
}

// resolveLinksInPath follows symbolic links in as much of p as exists, so
// that two spellings of one folder compare equal.
func resolveLinksInPath(p string) string {
	rest := ""
	for q := p; ; q = filepath.Dir(q) {
		if r, err := filepath.EvalSymlinks(q); err == nil {
			return filepath.Join(r, rest)
		}
		if q == filepath.Dir(q) {
			return p
		}
		rest = filepath.Join(filepath.Base(q), rest)
	}
}
