package dataset

import (
	"hash/maphash"
	"math/bits"
	"unsafe"
)

// The dataset's two hash tables, built for many distinct keys: a
// dictionary of strings and a table of cells. Each keeps its entries in
// chunks, in the order they came, and an open-addressing index of 4 bytes
// a slot over them, so that a key costs its entry and 8 to 16 bytes, and
// growing copies only the index. Go's maps cost two to three times as
// much a key (about 55 bytes for a 24-byte entry), and their growth leaves
// as much again to collect.

// chunkBits sizes the chunks: 8,192 entries.
const chunkBits = 13

// chunked is a list that grows a chunk at a time, never moving an entry.
type chunked[T any] struct {
	chunks [][]T
	n      int
}

func (c *chunked[T]) add(v T) int {
	i := c.n
	if i>>chunkBits == len(c.chunks) {
		c.chunks = append(c.chunks, make([]T, 0, 1<<chunkBits))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, v)
	c.n++
	return i
}

func (c *chunked[T]) at(i int) *T { return &c.chunks[i>>chunkBits][i&(1<<chunkBits-1)] }

// index is an open-addressing hash index (linear probing, at most half
// full, so that a probe rarely looks past a slot or two) of entry numbers:
// slot value 0 is empty, n+1 is entry n.
type index struct {
	slots []uint32
	n     int
}

// find returns the entry whose hash is h and for which same is true, or
// the slot where it would go (and -1).
func (x *index) find(h uint64, same func(entry int) bool) (entry, slot int) {
	mask := len(x.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		switch e := x.slots[i]; {
		case e == 0:
			return -1, i
		case same(int(e - 1)):
			return int(e - 1), i
		}
	}
}

// insert records entry at slot, growing (and rehashing every entry with
// hash) when more than half full. It reports false for more entries than
// 32 bits number.
func (x *index) insert(slot, entry int, hash func(entry int) uint64) bool {
	if entry >= 1<<32-1 {
		return false
	}
	x.slots[slot] = uint32(entry + 1)
	x.n++
	if 2*x.n > len(x.slots) {
		old := x.slots
		x.slots = make([]uint32, 2*len(old))
		mask := len(x.slots) - 1
		for _, e := range old {
			if e == 0 {
				continue
			}
			i := int(hash(int(e-1))) & mask
			for x.slots[i] != 0 {
				i = (i + 1) & mask
			}
			x.slots[i] = e
		}
	}
	return true
}

func newIndex() index { return index{slots: make([]uint32, 16)} }

// dict numbers distinct strings, each kept once, their bytes in an arena.
type dict struct {
	seed  maphash.Seed
	idx   index
	names chunked[string]
	arena []byte // the chunk being filled
}

func newDict() *dict { return &dict{seed: maphash.MakeSeed(), idx: newIndex()} }

// id returns the number of s, adding a copy of s when it is new (a row's
// strings may share memory with the rest of its line); false when there
// are more names than 32 bits number.
func (d *dict) id(s string) (ID, bool) {
	id, slot := d.find(s)
	if id >= 0 {
		return ID(id), true
	}
	n := d.names.add(d.clone(s))
	return ID(n), d.idx.insert(slot, n, func(e int) uint64 { return maphash.String(d.seed, *d.names.at(e)) })
}

func (d *dict) find(s string) (id, slot int) {
	return d.idx.find(maphash.String(d.seed, s), func(e int) bool { return *d.names.at(e) == s })
}

// lookup returns the number of s, and false when s is not in the dictionary.
func (d *dict) lookup(s string) (ID, bool) {
	id, _ := d.find(s)
	return ID(id), id >= 0
}

func (d *dict) name(id ID) string { return *d.names.at(int(id)) }
func (d *dict) len() int          { return d.names.n }

// arenaSize is the size of the arena's chunks; a longer string gets its
// own memory. The first chunks are smaller (from firstArena, doubling): most
// dictionaries hold a few names, and a run starts several.
const (
	arenaSize  = 64 << 10
	firstArena = 512
)

// clone copies s into the arena: strings are never changed, so the copy
// can point into it, and a million names are a few dozen allocations.
func (d *dict) clone(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) > arenaSize/8:
		return string([]byte(s))
	case len(d.arena)+len(s) > cap(d.arena):
		d.arena = make([]byte, 0, min(arenaSize, max(firstArena, 2*cap(d.arena), len(s))))
	}
	d.arena = append(d.arena, s...)
	return unsafe.String(&d.arena[len(d.arena)-len(s)], len(s))
}

// cells is a table of cells and their counts.
type cells struct {
	idx    index
	cells  chunked[Cell]
	counts chunked[int64]
}

func newCells() cells { return cells{idx: newIndex()} }

// hashCell mixes the cell's 16 bytes (wyhash's multiply-fold).
func hashCell(c Cell) uint64 {
	a := uint64(uint32(c.Month))<<32 | uint64(c.Country)
	b := uint64(c.Category)<<32 | uint64(c.Channel)<<16 | uint64(c.Kind)<<8 | uint64(c.Score)
	hi, lo := bits.Mul64(a^0xa0761d6478bd642f, b^0xe7037ed1a0b428db)
	hi, lo = bits.Mul64(hi^lo^0x8ebc6af09c88c6e3, 0x589965cc75374cc3)
	return hi ^ lo
}

// add adds n to the cell's count; false when there are more cells than 32
// bits number.
func (t *cells) add(c Cell, n int64) bool {
	e, slot := t.idx.find(hashCell(c), func(e int) bool { return *t.cells.at(e) == c })
	if e >= 0 {
		*t.counts.at(e) += n
		return true
	}
	e = t.cells.add(c)
	t.counts.add(n)
	return t.idx.insert(slot, e, func(e int) uint64 { return hashCell(*t.cells.at(e)) })
}

// each calls f with every cell and its count, in the order they came.
func (t *cells) each(f func(c Cell, n int64)) {
	for ci, chunk := range t.cells.chunks {
		counts := t.counts.chunks[ci]
		for i, c := range chunk {
			f(c, counts[i])
		}
	}
}
