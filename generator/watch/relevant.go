// Package watch decides which file changes can change a site, and turns the
// file events of a site folder into batches of changed site paths for
// generator.Builder.Build.
//
// The decisions are pure (Relevant, Batch, Coalesce, Diff) and tested with
// the event sequences real editors produce; Watcher is the small I/O loop
// around fsnotify (or a polling scan, for file systems that send no events).
package watch

import (
	"path"
	"sort"
	"strings"

	"github.com/mindlines/mindlines/generator"
)

// Relevant reports whether a change at the site path p (slash-separated,
// relative to the site root) can change the built site: it must be content/
// or themes/ or lie under them, and no part of it may be editor debris
// (generator.Ignored: swap files, vim's 4913 probe, ~ backups, JetBrains'
// ___jb_tmp___, dotfiles such as .git), node_modules or a build's output
// folder. The output folder (public/ by default) lies outside content/ and
// themes/, so it is never relevant.
func Relevant(p string) bool {
	p = path.Clean(p)
	if p == "." || strings.HasPrefix(p, "../") || p == ".." || path.IsAbs(p) {
		return false
	}
	parts := strings.Split(p, "/")
	if parts[0] != generator.ContentDir && parts[0] != generator.ThemesDir {
		return false
	}
	for _, part := range parts {
		if generator.Ignored(part) || part == "node_modules" {
			return false
		}
	}
	return true
}

// Batch collects the relevant paths that changed since the last rebuild.
// The zero Batch is ready to use. It is not safe for concurrent use.
type Batch struct {
	paths map[string]bool
}

// Add records a change at site path p and reports whether it was relevant.
func (b *Batch) Add(p string) bool {
	if !Relevant(p) {
		return false
	}
	if b.paths == nil {
		b.paths = map[string]bool{}
	}
	b.paths[path.Clean(p)] = true
	return true
}

// Len is the number of distinct paths recorded.
func (b *Batch) Len() int { return len(b.paths) }

// Take returns the recorded paths, coalesced, and empties the batch.
func (b *Batch) Take() []string {
	paths := make([]string, 0, len(b.paths))
	for p := range b.paths {
		paths = append(paths, p)
	}
	b.paths = nil
	return Coalesce(paths)
}

// Coalesce sorts paths, removes duplicates and drops every path that lies
// under another one in the list: a folder that changed is re-read whole,
// so its files need not be named too.
func Coalesce(paths []string) []string {
	set := make(map[string]bool, len(paths))
	for _, p := range paths {
		set[path.Clean(p)] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		if !hasAncestor(p, set) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func hasAncestor(p string, set map[string]bool) bool {
	for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
		if set[d] {
			return true
		}
	}
	return false
}
