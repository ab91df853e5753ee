package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// A real watcher on a temporary site. Tests wait for batches with a bounded
// timeout and never sleep a fixed time.

type watched struct {
	t       *testing.T
	root    string
	batches chan []string
}

func startWatcher(t *testing.T, opts Options) *watched {
	t.Helper()
	root := t.TempDir()
	write(t, root, "content/_index.md", "---\ntitle: T\n---\n")
	write(t, root, "content/reflections/x.md", "---\ntitle: X\n---\nbody\n")
	w, err := New(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	wd := &watched{t: t, root: root, batches: make(chan []string, 100)}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := w.Run(ctx, func(p []string) { wd.batches <- p }); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		w.Close()
	})
	return wd
}

func write(t *testing.T, root, p, s string) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (w *watched) path(p string) string { return filepath.Join(w.root, filepath.FromSlash(p)) }

// waitFor collects batches until every path in want has been seen, and
// fails on any path that is not relevant. It returns the batches.
func (w *watched) waitFor(want ...string) [][]string {
	w.t.Helper()
	seen := map[string]bool{}
	var got [][]string
	deadline := time.After(5 * time.Second)
	for {
		missing := false
		for _, p := range want {
			if !seen[p] {
				missing = true
			}
		}
		if !missing {
			return got
		}
		select {
		case b := <-w.batches:
			got = append(got, b)
			for _, p := range b {
				if !Relevant(p) {
					w.t.Errorf("batch has irrelevant path %q", p)
				}
				seen[p] = true
			}
		case <-deadline:
			w.t.Fatalf("timed out waiting for %q; got batches %q", want, got)
		}
	}
}

func TestWatchVimSave(t *testing.T) {
	w := startWatcher(t, Options{})
	x := w.path("content/reflections/x.md")
	write(t, w.root, "content/reflections/.x.md.swp", "swap")
	write(t, w.root, "content/reflections/4913", "")
	os.Remove(w.path("content/reflections/4913"))
	if err := os.Rename(x, x+"~"); err != nil {
		t.Fatal(err)
	}
	write(t, w.root, "content/reflections/x.md", "---\ntitle: X\n---\nnew body\n")
	os.Remove(x + "~")
	os.Remove(w.path("content/reflections/.x.md.swp"))
	w.waitFor("content/reflections/x.md")
}

func TestWatchJetBrainsSave(t *testing.T) {
	w := startWatcher(t, Options{})
	x := w.path("content/reflections/x.md")
	write(t, w.root, "content/reflections/x.md___jb_tmp___", "---\ntitle: X\n---\njb\n")
	if err := os.Rename(x, x+"___jb_old___"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(x+"___jb_tmp___", x); err != nil {
		t.Fatal(err)
	}
	os.Remove(x + "___jb_old___")
	w.waitFor("content/reflections/x.md")
}

func TestWatchNewFolders(t *testing.T) {
	w := startWatcher(t, Options{})
	// A folder tree made at once: its files may be written before the
	// watch on it exists, so the folder itself must be in a batch.
	write(t, w.root, "content/notes/deep/a.md", "a")
	w.waitFor("content/notes")
	// Now it is watched: a later file in it is seen on its own.
	write(t, w.root, "content/notes/deep/b.md", "b")
	w.waitFor("content/notes/deep/b.md")
	// themes/ did not exist at the start.
	write(t, w.root, "themes/default/templates/post.html", "x")
	w.waitFor("themes")
	write(t, w.root, "themes/default/templates/list.html", "x")
	w.waitFor("themes/default/templates/list.html")
}

func TestWatchFolderRename(t *testing.T) {
	w := startWatcher(t, Options{})
	if err := os.Rename(w.path("content/reflections"), w.path("content/notes")); err != nil {
		t.Fatal(err)
	}
	w.waitFor("content/reflections", "content/notes")
	write(t, w.root, "content/notes/y.md", "y")
	w.waitFor("content/notes/y.md")
}

func TestWatchDeleteAndCreate(t *testing.T) {
	w := startWatcher(t, Options{})
	os.Remove(w.path("content/reflections/x.md"))
	write(t, w.root, "content/reflections/x.md", "again")
	w.waitFor("content/reflections/x.md")
}

func TestWatchBurst(t *testing.T) {
	w := startWatcher(t, Options{})
	var want []string
	for i := range 200 {
		p := fmt.Sprintf("content/reflections/p%03d.md", i)
		write(t, w.root, p, "x")
		want = append(want, p)
	}
	batches := w.waitFor(want...)
	// A burst is coalesced: the exact count depends on the scheduler, but it
	// is nowhere near one rebuild per file.
	if len(batches) > 20 {
		t.Errorf("200 writes gave %d rebuilds", len(batches))
	}
}

func TestWatchIgnoresOutputAndGit(t *testing.T) {
	w := startWatcher(t, Options{})
	write(t, w.root, "public/index.html", "x")
	write(t, w.root, ".git/HEAD", "x")
	write(t, w.root, "content/reflections/z.md", "z")
	for _, b := range w.waitFor("content/reflections/z.md") {
		if slices.ContainsFunc(b, func(p string) bool { return p != "content/reflections/z.md" }) {
			t.Errorf("unexpected batch %q", b)
		}
	}
}

func TestWatchPoll(t *testing.T) {
	w := startWatcher(t, Options{Poll: 20 * time.Millisecond})
	write(t, w.root, "content/reflections/x.md", "---\ntitle: X\n---\npolled, and longer\n")
	write(t, w.root, "content/reflections/.x.md.swp", "swap")
	w.waitFor("content/reflections/x.md")
	os.Remove(w.path("content/reflections/x.md"))
	w.waitFor("content/reflections/x.md")
}
