//go:build !unix

package generator

import (
	"io/fs"
	"os"
)

// readFile reads through os.DirFS, which also refuses names it cannot
// place safely on this system (on Windows, those with \ or a drive letter).
func (d dirFS) readFile(name string) ([]byte, error) { return fs.ReadFile(d.FS, name) }

// createFile writes b to a file at path that must not exist yet, and
// removes the file if it cannot write the whole of it.
func createFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
