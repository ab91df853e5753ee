package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/mindlines/mindlines/generator"
)

// DefaultDebounce is how long a Watcher waits after the last event of a
// burst before it rebuilds: long enough for an editor's save (several events
// within a millisecond or two) or a git checkout to finish, short enough not
// to be noticed.
const DefaultDebounce = 10 * time.Millisecond

// Options configure a Watcher.
type Options struct {
	Debounce time.Duration // quiet time before a rebuild; DefaultDebounce when zero
	Poll     time.Duration // when positive, scan the folders at this interval instead of using fsnotify
	Logger   *slog.Logger  // watch problems; discarded when nil
}

// Watcher reports the changes in a site folder's content/ and themes/
// folders as batches of site paths.
type Watcher struct {
	root string
	opts Options
	fsw  *fsnotify.Watcher // nil when polling
	snap Snapshot          // when polling
}

// New starts watching the site folder root: the root itself (so that
// content/ or themes/ appearing later is seen) and every relevant folder
// under content/ and themes/. Folders, not files, are watched, as fsnotify
// advises, so editors that save by renaming are seen too. Running out of
// inotify watches or instances gives an error that says how to raise the
// limit.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{root: root, opts: opts}
	if opts.Poll > 0 {
		snap, err := Scan(root)
		if err != nil {
			return nil, err
		}
		w.snap = snap
		return w, nil
	}
	// A large buffer rides out a burst (a git pull, a search and replace)
	// while a rebuild runs.
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, limitError(err)
	}
	w.fsw = fsw
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, limitError(err)
	}
	for _, d := range []string{generator.ContentDir, generator.ThemesDir} {
		if _, err := w.addTree(filepath.Join(root, d)); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Close stops watching.
func (w *Watcher) Close() error {
	if w.fsw != nil {
		return w.fsw.Close()
	}
	return nil
}

// addTree watches dir and every relevant folder under it and returns the
// number of folders added. A dir that does not exist is no error: it may
// have gone again before its Create event was handled.
func (w *Watcher) addTree(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if !Relevant(w.sitePath(p)) {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return limitError(err)
		}
		n++
		return nil
	})
	return n, err
}

// sitePath turns an OS path under the root into a site path.
func (w *Watcher) sitePath(p string) string {
	rel, err := filepath.Rel(w.root, p)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

// Run watches until ctx is done, calling rebuild with the coalesced site
// paths of each burst of changes, one call at a time. Changes that arrive
// while rebuild runs make the next batch. Run returns nil when ctx is done,
// or the error that stopped the watching.
func (w *Watcher) Run(ctx context.Context, rebuild func(paths []string)) error {
	if w.fsw == nil {
		return w.poll(ctx, rebuild)
	}
	var batch Batch
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			if w.handle(ev, &batch) {
				timer.Reset(w.opts.Debounce)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: re-read everything.
				w.opts.Logger.Warn("watch: too many changes at once; rescanning the whole site")
				batch.Add(generator.ContentDir)
				batch.Add(generator.ThemesDir)
				timer.Reset(w.opts.Debounce)
				continue
			}
			return limitError(err)
		case <-timer.C:
			if batch.Len() > 0 {
				rebuild(batch.Take())
			}
		}
	}
}

// handle records one event and reports whether it was relevant. A folder
// that appears is watched, with everything under it, and then recorded as a
// whole so that the rebuild re-reads it: files created in it before the
// watch was added are not missed.
func (w *Watcher) handle(ev fsnotify.Event, batch *Batch) bool {
	sp := w.sitePath(ev.Name)
	if !Relevant(sp) {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			if _, err := w.addTree(ev.Name); err != nil {
				w.opts.Logger.Warn("watch: " + err.Error())
			}
		}
	}
	if ev.Has(fsnotify.Rename) {
		// A folder renamed away keeps its inotify watch under the old
		// name; drop it (an error only means it was a file).
		_ = w.fsw.Remove(ev.Name)
	}
	return batch.Add(sp)
}

// poll scans the site at the poll interval and rebuilds with what differs.
func (w *Watcher) poll(ctx context.Context, rebuild func(paths []string)) error {
	t := time.NewTicker(w.opts.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			snap, err := Scan(w.root)
			if err != nil {
				w.opts.Logger.Warn("watch: " + err.Error())
				continue
			}
			changed := Diff(w.snap, snap)
			w.snap = snap
			if len(changed) > 0 {
				rebuild(Coalesce(changed))
			}
		}
	}
}

// LimitError is a watch that failed because a system limit ran out.
type LimitError struct {
	Err error
	Fix string // what to do about it
}

func (e *LimitError) Error() string { return e.Err.Error() + "\n" + e.Fix }
func (e *LimitError) Unwrap() error { return e.Err }

// limitError explains the errors of running out of inotify watches
// (ENOSPC from inotify_add_watch) or instances and file descriptors (EMFILE).
func limitError(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return &LimitError{Err: fmt.Errorf("watch: out of inotify watches: %w", err),
			Fix: "raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288` " +
				"(add fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it), or use --poll 1s"}
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE):
		return &LimitError{Err: fmt.Errorf("watch: out of inotify instances or file descriptors: %w", err),
			Fix: "raise the limits with `sudo sysctl fs.inotify.max_user_instances=1024` and `ulimit -n 8192`, " +
				"close other programs that watch files, or use --poll 1s"}
	}
	return fmt.Errorf("watch: %w", err)
}
