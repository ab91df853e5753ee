package generator

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"sync"
)

// Render keys. Every output has a key: a hash of everything its template
// reads. An output whose key did not change since the last build is not
// rendered again, which is what makes a rebuild after one edit cheap. Keys
// only live in memory, so a per-process seed is fine. Forgetting an input here
// makes an incremental build differ from a full one, which the equivalence
// tests catch.
var keySeed = maphash.MakeSeed()

// keyHash gathers a key's inputs in a buffer and hashes them once: lists
// add thousands of card keys, and hashing each small write on its own cost
// more than the rest of planning a rebuild.
type keyHash struct{ buf []byte }

var keyPool = sync.Pool{New: func() any { return &keyHash{buf: make([]byte, 0, 512)} }}

// newKey starts a key; sum finishes it and recycles its buffer, so a key is
// summed once and not used after.
func newKey(kind string) *keyHash {
	k := keyPool.Get().(*keyHash)
	k.buf = k.buf[:0]
	k.str(kind)
	return k
}

func (k *keyHash) str(s string) *keyHash {
	k.buf = append(append(k.buf, s...), 0)
	return k
}

func (k *keyHash) u64(v uint64) *keyHash {
	k.buf = binary.LittleEndian.AppendUint64(k.buf, v)
	return k
}

func (k *keyHash) bytes(b []byte) *keyHash {
	k.buf = append(append(k.buf, b...), 0)
	return k
}

// cards adds what a list shows of each page, in order.
func (k *keyHash) cards(ps []*Page) *keyHash {
	k.buf = slices.Grow(k.buf, 8*(len(ps)+1))
	k.u64(uint64(len(ps)))
	for _, p := range ps {
		k.u64(p.cardKey)
	}
	return k
}

func (k *keyHash) sum() uint64 {
	v := maphash.Bytes(keySeed, k.buf)
	if cap(k.buf) <= 1<<16 { // let the odd huge list key go
		keyPool.Put(k)
	}
	return v
}

// cardKey covers what any template may show of a page when it lists it: the
// whole source file (title, summary, params…) plus what other files decide
// about it: its tags' display names and its authors' profiles. The stage
// names come from the settings, which every key covers.
func cardKey(p *Page) uint64 {
	k := newKey("card").str(p.Path).str(p.URL).bytes(p.Parsed.Hash[:])
	for _, t := range p.Tags {
		k.str(t.Name)
	}
	for _, a := range p.Authors {
		k.str(a.ID).str(a.Name)
		if a.parsed != nil {
			k.bytes(a.parsed.Hash[:])
		}
	}
	if p.Future {
		k.str("future")
	}
	return k.sum()
}

// bodyKey adds the resolved links of the body, which depend on the URLs of
// the pages it links to.
func bodyKey(p *Page) uint64 {
	k := newKey("body").u64(p.cardKey)
	for _, u := range p.linkURLs {
		k.str(u)
	}
	return k.sum()
}

// metaKey covers a page's URL and dates, which a patch never changes.
func metaKey(p *Page) uint64 {
	return newKey("meta").str(p.URL).u64(uint64(p.Date.UnixNano())).u64(uint64(p.Lastmod.UnixNano())).sum()
}
