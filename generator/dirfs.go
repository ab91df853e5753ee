package generator

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// DirFS is os.DirFS(dir) with a leaner ReadFile. A build reads every source
// once, and os.File's set-up for the network poller (which regular files
// never use) costs about a third of reading a small file; readWhole skips
// it where the system allows.
func DirFS(dir string) fs.FS {
	return dirFS{FS: os.DirFS(dir), dir: dir}
}

type dirFS struct {
	fs.FS
	dir string
}

func (d dirFS) ReadFile(name string) ([]byte, error) {
	if !directReads {
		// os.DirFS also refuses names it cannot place safely on this
		// system (on Windows, those with \ or a drive letter).
		return fs.ReadFile(d.FS, name)
	}
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, err := readWhole(filepath.Join(d.dir, filepath.FromSlash(name)))
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		pe.Path = name // as os.DirFS names it: relative to the folder
	}
	return b, err
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }
func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.FS, name) }
