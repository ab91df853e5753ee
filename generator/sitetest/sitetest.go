// Package sitetest builds small sites written as txtar archives in memory and
// asserts what their outputs contain, in the manner of Hugo's integration
// test builder. A test reads as a tiny site and what must appear where.
package sitetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mindlines/mindlines/generator"
	"golang.org/x/tools/txtar"
)

// Now is the fixed clock of test builds, so "future" never depends on the
// day a test runs.
var Now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// Site is a built (or failed) test site.
type Site struct {
	t       testing.TB
	FS      fstest.MapFS
	Builder *generator.Builder
	Result  *generator.Result
	Err     error
	files   map[string][]byte
}

// FS turns a txtar archive into a file system.
func FS(archive string) fstest.MapFS {
	a := txtar.Parse([]byte(archive))
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// Build builds the site in archive with opts; Now defaults to the fixed
// clock.
func Build(t testing.TB, archive string, opts generator.Options) *Site {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return Now }
	}
	s := &Site{t: t, FS: FS(archive)}
	s.Builder = generator.NewBuilder(s.FS, opts)
	s.Rebuild()
	return s
}

// Rebuild builds again, after the test changed s.FS, naming the changed paths
// (none means a full reload).
func (s *Site) Rebuild(changed ...string) {
	s.Result, s.Err = s.Builder.Build(context.Background(), changed...)
	s.files = map[string][]byte{}
	if s.Result != nil {
		for _, o := range s.Result.Outputs {
			s.files[o.Path] = o.Bytes
		}
	}
}

// OK fails the test if the build failed.
func (s *Site) OK() *Site {
	s.t.Helper()
	if s.Err != nil {
		s.t.Fatalf("build failed:\n%v", s.Err)
	}
	return s
}

// File returns an output's bytes, failing the test if there is none.
func (s *Site) File(path string) string {
	s.t.Helper()
	b, ok := s.files[path]
	if !ok {
		s.t.Fatalf("no output %s; outputs: %s", path, strings.Join(s.Paths(), " "))
	}
	return string(b)
}

// Has reports whether the build produced path.
func (s *Site) Has(path string) bool {
	_, ok := s.files[path]
	return ok
}

// Paths lists the outputs.
func (s *Site) Paths() []string {
	var ps []string
	if s.Result != nil {
		for _, o := range s.Result.Outputs {
			ps = append(ps, o.Path)
		}
	}
	return ps
}

// AssertFile checks each non-empty line of want against the output at path:
// a line must occur in it, or, prefixed with "! ", must not.
func (s *Site) AssertFile(path, want string) {
	s.t.Helper()
	s.OK()
	got := s.File(path)
	assertLines(s.t, path, got, want)
}

// AssertError checks each non-empty line of want against the build's error
// text, in the same way.
func (s *Site) AssertError(want string) {
	s.t.Helper()
	if s.Err == nil {
		s.t.Fatalf("build succeeded; want an error")
	}
	var list generator.ErrorList
	if !errors.As(s.Err, &list) {
		s.t.Fatalf("error is %T, not an ErrorList: %v", s.Err, s.Err)
	}
	assertLines(s.t, "error", s.Err.Error(), want)
}

// AssertWarning checks the build's warnings in the same way.
func (s *Site) AssertWarning(want string) {
	s.t.Helper()
	s.OK()
	assertLines(s.t, "warnings", s.Result.Warnings.Error(), want)
}

func assertLines(t testing.TB, name, got, want string) {
	t.Helper()
	for _, line := range strings.Split(want, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if neg, ok := strings.CutPrefix(line, "! "); ok {
			if strings.Contains(got, neg) {
				t.Errorf("%s contains %q but must not:\n%s", name, neg, excerpt(got, neg))
			}
			continue
		}
		if !strings.Contains(got, line) {
			t.Errorf("%s does not contain %q; it is:\n%s", name, line, got)
		}
	}
}

func excerpt(s, sub string) string {
	i := strings.Index(s, sub)
	lo, hi := max(0, i-200), min(len(s), i+len(sub)+200)
	return s[lo:hi]
}
