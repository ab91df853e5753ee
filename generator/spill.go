package generator

import (
	"fmt"
	"os"
	"slices"
	"sync"
)

// bodyStore keeps the rendered bodies of a streaming build's posts in an
// unlinked temporary file until their pages are rendered. The bodies are the
// bulk of what a build holds (about 6 KB a post); kept in the file they live
// in the operating system's page cache, which it can write out or drop, and
// a 100,000-post site builds in a fraction of the memory.
type bodyStore struct {
	mu  sync.Mutex
	f   *os.File
	off int64
	err error // the first failed read; the build fails with it
}

// bodyRef is where a body is in a bodyStore.
type bodyRef struct {
	store *bodyStore
	off   int64
	n     int
}

func newBodyStore() (*bodyStore, error) {
	f, err := os.CreateTemp("", "mindlines-bodies-*")
	if err != nil {
		return nil, err
	}
	// Unlinked at once: the file goes away with the process, however it ends.
	os.Remove(f.Name())
	return &bodyStore{f: f}, nil
}

func (s *bodyStore) put(b []byte) (bodyRef, error) {
	s.mu.Lock()
	off := s.off
	s.off += int64(len(b))
	s.mu.Unlock()
	if _, err := s.f.WriteAt(b, off); err != nil {
		return bodyRef{}, fmt.Errorf("keeping a rendered body: %w", err)
	}
	return bodyRef{store: s, off: off, n: len(b)}, nil
}

// read returns the body in dst's storage, grown if need be; a failed read
// gives an empty one and is kept in the store's err, which fails the build.
func (r bodyRef) read(dst []byte) []byte {
	b := slices.Grow(dst[:0], r.n)[:r.n]
	if _, err := r.store.f.ReadAt(b, r.off); err != nil {
		r.store.mu.Lock()
		if r.store.err == nil {
			r.store.err = fmt.Errorf("reading back a rendered body: %w", err)
		}
		r.store.mu.Unlock()
		return nil
	}
	return b
}

// body returns the rendered body, from the store if it was kept there.
func (p *Parsed) body() []byte {
	return p.bodyIn(nil)
}

// bodyIn is body, reading a kept body into scratch's storage rather than a
// new slice when it is large enough.
func (p *Parsed) bodyIn(scratch []byte) []byte {
	if p.spilled.store != nil {
		return p.spilled.read(scratch)
	}
	return p.Body
}

func (s *bodyStore) close() { s.f.Close() }
