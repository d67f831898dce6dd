package input

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/nollmission/nollmission/pkg/period"
)

// The fast path's sums are keyed by one integer: the month and the indexes
// of the row's country, channel and category (names, shared by the workers
// of a file) and its score.
type fastKey uint64

const (
	monthBits    = 17 // months up to 9999-12 (119,999)
	countryBits  = 16
	channelBits  = 4
	categoryBits = 20
	scoreBits    = 3

	countryShift  = monthBits
	channelShift  = countryShift + countryBits
	categoryShift = channelShift + channelBits
	scoreShift    = categoryShift + categoryBits
	// usedKey marks a slot in use: no key is 0.
	usedKey fastKey = 1 << 63
)

// maxNames is how many values each column may have: a value beyond them is
// left to the general reader. Categories stop well short of what a key can
// hold: a file of more distinct categories than that is a list of free
// text, not rows to add up, and the general reader keeps each key in less
// memory than the fast path's names and sums do (bench/distinct.sh).
var maxNames = [...]int32{1 << countryBits, 1 << channelBits, 1 << 16}

func makeKey(m period.Month, country, channel, category int32, score int) fastKey {
	return usedKey | fastKey(m) | fastKey(country)<<countryShift | fastKey(channel)<<channelShift |
		fastKey(category)<<categoryShift | fastKey(score)<<scoreShift
}

func (k fastKey) month() period.Month { return period.Month(k & (1<<monthBits - 1)) }
func (k fastKey) country() int32      { return int32(k >> countryShift & (1<<countryBits - 1)) }
func (k fastKey) channel() int32      { return int32(k >> channelShift & (1<<channelBits - 1)) }
func (k fastKey) category() int32     { return int32(k >> categoryShift & (1<<categoryBits - 1)) }
func (k fastKey) score() int          { return int(k >> scoreShift & (1<<scoreBits - 1)) }

// The columns whose values are named.
const (
	countryNames = iota
	channelNames
	categoryNames
)

// names are the values of the named columns, as Read writes them (upper-case
// countries, canonical channels, normalised categories), by index: shared by
// a file's workers, which look their raw cells up in caches of their own and
// come here only for a cell they have not met.
type names struct {
	mu     sync.Mutex
	values [3][]string
	index  [3]map[string]int32
}

func newNames() *names {
	n := &names{}
	for i := range n.index {
		n.index[i] = map[string]int32{}
	}
	return n
}

// id returns the index of a value of column col, adding it; false when the
// column has as many values as a key can tell apart.
func (n *names) id(col int, value string) (int32, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if i, ok := n.index[col][value]; ok {
		return i, true
	}
	i := int32(len(n.values[col]))
	if i >= maxNames[col] {
		return 0, false
	}
	n.values[col] = append(n.values[col], value)
	n.index[col][value] = i
	return i, true
}

// ranks are the ranks of each column's values in string order, by index.
func (n *names) ranks() [3][]int32 {
	n.mu.Lock()
	defer n.mu.Unlock()
	var ranks [3][]int32
	for col, values := range n.values {
		order := make([]int32, len(values))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int { return strings.Compare(values[a], values[b]) })
		ranks[col] = make([]int32, len(values))
		for r, i := range order {
			ranks[col][i] = int32(r)
		}
	}
	return ranks
}

// cell is the sum of a key's counts.
type cell struct{ count int64 }

// blockSums are the sums of one block's rows: an open-addressing table, its
// slots in use listed so that emptying it for the next block costs what it
// held.
type blockSums struct {
	keys  []fastKey
	cells []cell
	used  []int32 // slots in use, in the order first used
	shift uint    // 64 - log2(len(keys))
	rows  int64
	total int64
	// naive counts the periods that are timestamps without an offset, and
	// naiveAtMidnight those of them at 00:00:00 (see FileStats).
	naive, naiveAtMidnight int64
}

func newBlockSums() *blockSums {
	s := &blockSums{}
	s.grow(1 << 10)
	return s
}

func (s *blockSums) grow(n int) {
	keys, cells, used := s.keys, s.cells, s.used
	s.keys, s.cells, s.used = make([]fastKey, n), make([]cell, n), make([]int32, 0, n/2)
	s.shift = uint(64 - bits.TrailingZeros(uint(n)))
	for _, i := range used {
		x := s.slot(keys[i])
		x.count += cells[i].count
	}
}

// reset empties the sums for another block.
func (s *blockSums) reset() {
	for _, i := range s.used {
		s.keys[i], s.cells[i] = 0, cell{}
	}
	s.used = s.used[:0]
	s.rows, s.total = 0, 0
	s.naive, s.naiveAtMidnight = 0, 0
}

// add counts n in one row of key k; the caller has checked that the total
// cannot overflow.
func (s *blockSums) add(k fastKey, n int64) {
	x := s.slot(k)
	x.count += n
	s.rows++
	s.total += n
}

// addNaive counts a row whose period is a timestamp without an offset,
// at midnight or not (see FileStats).
func (s *blockSums) addNaive(midnight bool) {
	s.naive++
	if midnight {
		s.naiveAtMidnight++
	}
}

// slot finds or takes k's cell.
func (s *blockSums) slot(k fastKey) *cell {
	i := int(uint64(k) * 0x9e3779b97f4a7c15 >> s.shift)
	for {
		switch s.keys[i] {
		case k:
			return &s.cells[i]
		case 0:
			if len(s.used) >= len(s.keys)/2 {
				s.grow(2 * len(s.keys))
				return s.slot(k)
			}
			s.keys[i] = k
			s.used = append(s.used, int32(i))
			return &s.cells[i]
		}
		i = (i + 1) & (len(s.keys) - 1)
	}
}

// each calls f for every key with its cell.
func (s *blockSums) each(f func(fastKey, cell)) {
	for _, i := range s.used {
		f(s.keys[i], s.cells[i])
	}
}

// fileSums are the sums of a file's blocks, merged in file order.
type fileSums struct {
	cells                  map[fastKey]*cell
	rows                   int64
	total                  int64
	naive, naiveAtMidnight int64
}

func newFileSums() *fileSums { return &fileSums{cells: map[fastKey]*cell{}} }

func (t *fileSums) merge(s *blockSums) {
	s.each(func(k fastKey, c cell) {
		x := t.cells[k]
		if x == nil {
			x = &cell{}
			t.cells[k] = x
		}
		x.count += c.count
	})
	t.rows += s.rows
	t.total += s.total
	t.naive += s.naive
	t.naiveAtMidnight += s.naiveAtMidnight
}

// emit hands the sums to emit, one Row a key, in a fixed order: by
// country, month, channel, category and score, the names in string order
// (the indexes are in the order the workers met them, which varies). The
// names are ranked once, and the keys sorted by one integer of their ranks.
func (t *fileSums) emit(n *names, emit func(*Row) error) error {
	rank := n.ranks()
	type sum struct {
		order uint64 // country rank (16 bits), month (17), channel rank (4), category rank (20), score (3)
		key   fastKey
		count int64
	}
	sums := make([]sum, 0, len(t.cells))
	for k, c := range t.cells {
		order := uint64(rank[countryNames][k.country()])<<44 | uint64(k.month())<<27 |
			uint64(rank[channelNames][k.channel()])<<23 | uint64(rank[categoryNames][k.category()])<<3 | uint64(k.score())
		sums = append(sums, sum{order, k, c.count})
	}
	slices.SortFunc(sums, func(a, b sum) int { return cmp.Compare(a.order, b.order) })
	var row Row
	for _, s := range sums { // (the workers are done: no lock for the names)
		k := s.key
		row = Row{Month: k.month(), Country: n.values[countryNames][k.country()], Channel: n.values[channelNames][k.channel()],
			Category: n.values[categoryNames][k.category()], Score: k.score(), Count: s.count}
		if err := emit(&row); err != nil {
			return err
		}
	}
	return nil
}

// rawCache maps raw bytes (a column's cells, or the tail of a line) to the
// bits of the key that the values Read makes of them give, for one worker:
// a row costs a hash and a comparison of words, not a string and a
// normalisation. A cell is told apart by its length and its first and last
// eight bytes (all of it, up to 16 bytes; longer cells are compared whole). It holds at most maxRawCells cells,
// and starts again when full, so that a column of free text cannot grow
// it without bound.
type rawCache struct {
	slots []rawSlot // a power of two, at most half in use
	shift uint      // 64 - log2(len(slots))
	n     int
}

type rawSlot struct {
	head, tail uint64  // the cell's first and last 8 bytes, zero-padded
	size       int32   // its length + 1; 0 for an empty slot
	part       fastKey // the bits of the key the raw bytes give
	raw        string  // the cell, when longer than 16 bytes
}

const maxRawCells = 4096

// cellWords returns a cell's first and last eight bytes, zero-padded; the
// cell is the first n bytes of text, which may go on after it (a short
// cell is read as a word, and the bytes after it masked off).
func cellWords(text []byte, n int) (head, tail uint64) {
	switch {
	case n >= 8:
		return binary.LittleEndian.Uint64(text), binary.LittleEndian.Uint64(text[n-8:])
	case len(text) >= 8:
		head = binary.LittleEndian.Uint64(text) & (1<<(8*n) - 1)
		return head, head
	}
	for i := n - 1; i >= 0; i-- {
		head = head<<8 | uint64(text[i])
	}
	return head, head
}

func (c *rawCache) slot(head, tail uint64, size int) int {
	return int((head*0x9e3779b97f4a7c15 ^ tail*0xbf58476d1ce4e5b9 ^ uint64(size)*0x94d049bb133111eb) >> c.shift)
}

// lookup finds the cell that is the first n bytes of text.
func (c *rawCache) lookup(text []byte, n int) (fastKey, bool) {
	if c.n == 0 {
		return 0, false
	}
	head, tail := cellWords(text, n)
	cell := text[:n]
	mask := len(c.slots) - 1
	for i := c.slot(head, tail, len(cell)); ; i = (i + 1) & mask {
		s := &c.slots[i]
		switch {
		case s.size == 0:
			return 0, false
		case int(s.size) == len(cell)+1 && s.head == head && s.tail == tail && (len(cell) <= 16 || sameMiddle(s.raw, cell)):
			return s.part, true
		}
	}
}

// sameMiddle tells whether raw and cell, of the same length over 16 bytes
// and the same first and last 8 bytes, are the same: a word at a time, in
// place (a call of memequal costs more than these few words).
func sameMiddle(raw string, cell []byte) bool {
	r := unsafe.Slice(unsafe.StringData(raw), len(raw))
	for i := 8; i < len(cell)-8; i += 8 {
		if binary.LittleEndian.Uint64(r[i:]) != binary.LittleEndian.Uint64(cell[i:]) {
			return false
		}
	}
	return true
}

func (c *rawCache) store(cell []byte, part fastKey) {
	if c.n >= maxRawCells {
		c.slots, c.n = nil, 0
	}
	if 2*(c.n+1) > len(c.slots) {
		old := c.slots
		c.slots = make([]rawSlot, max(64, 2*len(old)))
		c.shift = uint(64 - bits.TrailingZeros(uint(len(c.slots))))
		c.n = 0
		for _, s := range old {
			if s.size != 0 {
				c.put(s)
			}
		}
	}
	if _, ok := c.lookup(cell, len(cell)); ok {
		return
	}
	head, tail := cellWords(cell, len(cell))
	s := rawSlot{head: head, tail: tail, size: int32(len(cell) + 1), part: part}
	if len(cell) > 16 {
		s.raw = string(cell)
	}
	c.put(s)
}

func (c *rawCache) put(s rawSlot) {
	mask := len(c.slots) - 1
	i := c.slot(s.head, s.tail, int(s.size)-1)
	for c.slots[i].size != 0 {
		i = (i + 1) & mask
	}
	c.slots[i] = s
	c.n++
}
