package generator

import (
	"bufio"
	"encoding/binary"
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

	"github.com/cespare/xxhash/v2"
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

// FolderWriter writes a build into an output folder it owns. Write may be
// called from many goroutines while a build renders; a changed file goes to a
// temporary name beside its target and only Commit renames the files into
// place, removes files the previous build wrote that this one did not and
// records the new manifest. Abort removes the temporary files, so a build
// that fails while rendering leaves the folder as it was. Files whose bytes
// did not change are not written at all, and nothing the manifest does not
// list is ever removed.
type FolderWriter struct {
	dir string
	old map[string]manifestEntry

	mu      sync.Mutex
	sums    map[string]manifestEntry
	pending map[string]string // target -> temporary file
	created []string          // files that did not exist, written in place
	stats   WriteStats
	dirs    sync.Map // folders known to exist, to save a stat per file
}

// NewFolderWriter prepares to write into dir, which is created by the first
// file written into it.
func NewFolderWriter(dir string) (*FolderWriter, error) {
	old, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	return &FolderWriter{dir: dir, old: old, sums: map[string]manifestEntry{}, pending: map[string]string{}}, nil
}

// Write stages one output.
func (w *FolderWriter) Write(o Output) error {
	// xxHash, not a cryptographic hash: nobody chooses these bytes to
	// collide, and SHA-256 of every output was 2.5% of a build's CPU.
	// With the size, a changed file that hashes as the old one is a
	// one-in-2^64 event. (Manifests of older versions hold SHA-256 sums,
	// which never match: their first build writes every file again.)
	sum := binary.BigEndian.AppendUint64(nil, xxhash.Sum64(o.Bytes))
	e := manifestEntry{sum: hex.EncodeToString(sum), size: int64(len(o.Bytes))}
	target := filepath.Join(w.dir, filepath.FromSlash(o.Path))
	unchanged := false
	if prev, ok := w.old[o.Path]; ok && prev == e {
		if fi, err := os.Stat(target); err == nil && fi.Mode().IsRegular() && fi.Size() == e.size {
			unchanged = true
		}
	}
	var tmp string
	created := false
	if !unchanged {
		if dir := filepath.Dir(target); !w.known(dir) {
			// Most folders are new and their parent known: one mkdir, not
			// MkdirAll's stats first.
			if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return err
				}
			}
			w.dirs.Store(dir, true)
		}
		// A file that is not there yet is written in place: nobody can see
		// it half-written in place of an older version, and Abort removes
		// it. One that is there is replaced by a rename in Commit.
		switch err := createFile(target, o.Bytes); {
		case err == nil:
			created = true
		case errors.Is(err, fs.ErrExist):
			tmp = filepath.Join(filepath.Dir(target), ".mindlines-tmp-"+filepath.Base(target))
			if err := os.WriteFile(tmp, o.Bytes, 0o644); err != nil {
				os.Remove(tmp)
				return err
			}
		default:
			return err
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sums[o.Path] = e
	switch {
	case unchanged:
		w.stats.Unchanged++
	case created:
		w.created = append(w.created, target)
		w.stats.Written++
	default:
		w.pending[target] = tmp
	}
	return nil
}

func (w *FolderWriter) known(dir string) bool {
	_, ok := w.dirs.Load(dir)
	return ok
}

// Abort removes what Write staged.
func (w *FolderWriter) Abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, tmp := range w.pending {
		os.Remove(tmp)
	}
	for _, f := range w.created {
		os.Remove(f)
		removeEmptyParents(w.dir, filepath.Dir(f))
	}
	w.pending, w.created = map[string]string{}, nil
}

// Commit puts the staged files in place, removes stale files and writes the
// manifest.
func (w *FolderWriter) Commit() (WriteStats, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	targets := make([]string, 0, len(w.pending))
	for t := range w.pending {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	for _, t := range targets {
		if err := os.Rename(w.pending[t], t); err != nil {
			return w.stats, err
		}
		delete(w.pending, t)
		w.stats.Written++
	}
	var stale []string
	for p := range w.old {
		if _, ok := w.sums[p]; !ok {
			stale = append(stale, p)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(stale)))
	for _, p := range stale {
		target := filepath.Join(w.dir, filepath.FromSlash(p))
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return w.stats, err
		}
		w.stats.Removed++
		removeEmptyParents(w.dir, filepath.Dir(target))
	}
	return w.stats, writeManifest(w.dir, w.sums)
}

// WriteFolder writes a whole set of outputs into dir with a FolderWriter.
func WriteFolder(dir string, outputs []Output) (WriteStats, error) {
	w, err := NewFolderWriter(dir)
	if err != nil {
		return WriteStats{}, err
	}
	err = parallel(len(outputs), max(2, runtime.GOMAXPROCS(0)), func(i int) error { return w.Write(outputs[i]) })
	if err != nil {
		w.Abort()
		return WriteStats{}, err
	}
	return w.Commit()
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

func writeManifest(dir string, sums map[string]manifestEntry) error {
	paths := make([]string, 0, len(sums))
	for p := range sums {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	b.WriteString("# mindlines manifest: the files mindlines wrote here. Do not edit.\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "%s %d %s\n", sums[p].sum, sums[p].size, p)
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
