package generator

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// ContentDir is the folder of a site that holds everything a writer touches.
const ContentDir = "content"

// Source is one file of the site as read from disk.
type Source struct {
	Path  string // slash-separated, relative to the site root: "content/reflections/audit.md"
	Bytes []byte
	Hash  [16]byte // contentHash of Bytes
}

func newSource(p string, b []byte) *Source {
	return &Source{Path: p, Bytes: b, Hash: contentHash(b)}
}

// contentHash identifies a file's bytes for as long as a Builder lives: a
// rebuild re-parses a file whose hash changed, and keys are made from it. Two
// xxHash sums with different seeds make 128 bits; nobody chooses these bytes
// to collide, and SHA-256 of every source was 1% of a build's CPU.
func contentHash(b []byte) (h [16]byte) {
	binary.LittleEndian.PutUint64(h[:8], xxhash.Sum64(b))
	d := xxhash.NewWithSeed(0x9e3779b97f4a7c15)
	d.Write(b)
	binary.LittleEndian.PutUint64(h[8:], d.Sum64())
	return h
}

// Ignored reports whether a file or folder name is editor or system debris
// that must never be read or published: dotfiles (.DS_Store, Emacs lock files
// .#x), vim swap files and its 4913 write probe, ~ backups, Emacs #autosave#,
// JetBrains' safe-write temporaries and Helix's .bck backups.
func Ignored(name string) bool {
	switch {
	case name == "":
		return true
	case name[0] == '.', name[0] == '#', strings.HasSuffix(name, "~"), name == "4913":
		return true
	case strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, ".bck"), strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		name == "node_modules", name == "Thumbs.db", name == "desktop.ini":
		return true
	}
	return false
}

// listFiles returns the paths of every file under root in fsys, sorted,
// skipping debris. A missing root gives no files.
func listFiles(fsys fs.FS, root string) ([]string, error) {
	var paths []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && isNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		if p != root && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			paths = append(paths, p)
		}
		return nil
	})
	sort.Strings(paths)
	return paths, err
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// pathDir is path.Dir for site paths.
func pathDir(p string) string { return path.Dir(p) }

// joinSitePath resolves a relative link from a file in dir; ok is false when
// the result leaves content/.
func joinSitePath(dir, rel string) (string, bool) {
	p := path.Join(dir, rel)
	if p != ContentDir && !strings.HasPrefix(p, ContentDir+"/") {
		return p, false
	}
	return p, true
}

// unescapePath undoes percent-encoding in a link such as "my%20post.md".
func unescapePath(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	if u, err := url.PathUnescape(p); err == nil {
		return u
	}
	return p
}
