//go:build !unix

package generator

import "os"

// directReads is false: DirFS reads through os.DirFS here.
const directReads = false

func readWhole(path string) ([]byte, error) { return os.ReadFile(path) }

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
