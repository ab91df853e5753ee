package generator_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mindlines/mindlines/generator"
)

func TestWriteFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := []generator.Output{
		{Path: "index.html", Bytes: []byte("home")},
		{Path: "a/index.html", Bytes: []byte("a")},
		{Path: "old/index.html", Bytes: []byte("old")},
	}
	if _, err := generator.WriteFolder(dir, first); err != nil {
		t.Fatal(err)
	}
	// A file the writer put there itself is never removed.
	mine := filepath.Join(dir, "CNAME")
	os.WriteFile(mine, []byte("example.org"), 0o644)
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "a/index.html"), past, past)

	second := []generator.Output{
		{Path: "index.html", Bytes: []byte("home, changed")},
		{Path: "a/index.html", Bytes: []byte("a")},
	}
	stats, err := generator.WriteFolder(dir, second)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Written != 1 || stats.Unchanged != 1 || stats.Removed != 1 {
		t.Errorf("stats = %+v, want 1 written, 1 unchanged, 1 removed", stats)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "a/index.html")); !fi.ModTime().Equal(past) {
		t.Error("an unchanged file was rewritten")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "home, changed" {
		t.Errorf("index.html = %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "old")); !os.IsNotExist(err) {
		t.Error("the stale file's folder is still there")
	}
	if _, err := os.Stat(mine); err != nil {
		t.Error("a file mindlines did not write was removed")
	}
}

func TestFolderWriterAbort(t *testing.T) {
	dir := t.TempDir()
	if _, err := generator.WriteFolder(dir, []generator.Output{{Path: "index.html", Bytes: []byte("v1")}}); err != nil {
		t.Fatal(err)
	}
	w, err := generator.NewFolderWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(generator.Output{Path: "index.html", Bytes: []byte("v2")})
	w.Write(generator.Output{Path: "new/index.html", Bytes: []byte("new")})
	w.Abort()
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "v1" {
		t.Errorf("after Abort index.html = %q, want v1", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !os.IsNotExist(err) {
		t.Error("after Abort a new file's folder is still there")
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "*", ".mindlines-tmp-*"))
	top, _ := filepath.Glob(filepath.Join(dir, ".mindlines-tmp-*"))
	if len(entries)+len(top) > 0 {
		t.Errorf("temporary files left: %v %v", entries, top)
	}
}

func TestCheckOutDir(t *testing.T) {
	src := t.TempDir()
	for _, tc := range []struct {
		out string
		ok  bool
	}{
		{filepath.Join(src, "public"), true},
		{filepath.Join(t.TempDir(), "site"), true},
		{src, false},
		{filepath.Dir(src), false},
		{filepath.Join(src, "content"), false},
		{filepath.Join(src, "content", "x"), false},
		{filepath.Join(src, "themes", "mine", "out"), false},
	} {
		err := generator.CheckOutDir(src, tc.out)
		if (err == nil) != tc.ok {
			t.Errorf("CheckOutDir(%s) = %v, want ok=%v", tc.out, err, tc.ok)
		}
	}
}
