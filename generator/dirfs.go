package generator

import (
	"io/fs"
	"os"
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

func (d dirFS) ReadFile(name string) ([]byte, error) { return d.readFile(name) }

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }
func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.FS, name) }
