package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestDirFSReadsAsOSDirFS(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"content/a.md":          []byte("---\ntitle: A\n---\nBody.\n"),
		"content/empty.md":      nil,
		"content/deep/big.html": bytes.Repeat([]byte("0123456789abcdef"), 40000),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := DirFS(dir)
	if err := fstest.TestFS(fsys, "content/a.md", "content/empty.md", "content/deep/big.html"); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := fs.ReadFile(fsys, name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("ReadFile(%s) = %d bytes, %v; want %d bytes", name, len(got), err, len(want))
		}
	}
	_, err := fs.ReadFile(fsys, "content/missing.md")
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != "content/missing.md" {
		t.Errorf("missing file: %v; want a not-exist error naming content/missing.md", err)
	}
	if _, err := fs.ReadFile(fsys, "../outside"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("path outside the folder: %v; want ErrInvalid", err)
	}
}

func TestCreateFileNeverReplaces(t *testing.T) {
	p := filepath.Join(t.TempDir(), "index.html")
	if err := createFile(p, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := createFile(p, []byte("second")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("creating an existing file: %v; want ErrExist", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "first" {
		t.Errorf("the existing file now reads %q", got)
	}
	if err := createFile(filepath.Join(p, "under-a-file"), nil); err == nil {
		t.Error("created a file under a file")
	}
}
