package gunzip

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"

	"github.com/klauspost/compress/flate"
)

// Hand-built deflate streams (RFC 1951), written bit by bit, independent
// of the decoder's own tables.

type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) put(v uint64, n uint) {
	w.acc |= (v & (1<<n - 1)) << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// code writes a Huffman code, most significant bit first.
func (w *bitWriter) code(c uint16, n uint8) {
	for i := int(n) - 1; i >= 0; i-- {
		w.put(uint64(c>>uint(i))&1, 1)
	}
}

func (w *bitWriter) align() {
	if w.nacc > 0 {
		w.put(0, 8-w.nacc)
	}
}

func (w *bitWriter) bytes() []byte {
	out := append([]byte{}, w.out...)
	if w.nacc > 0 {
		out = append(out, byte(w.acc))
	}
	return out
}

var (
	tLenBase   = [29]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	tLenExtra  = [29]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	tDistBase  = [30]int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	tDistExtra = [30]uint{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	tOrder     = [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

func tFixedLens() (lit, dist []uint8) {
	lit, dist = make([]uint8, 288), make([]uint8, 32)
	for i := range lit {
		switch {
		case i < 144:
			lit[i] = 8
		case i < 256:
			lit[i] = 9
		case i < 280:
			lit[i] = 7
		default:
			lit[i] = 8
		}
	}
	for i := range dist {
		dist[i] = 5
	}
	return lit, dist
}

// canonical gives the canonical Huffman codes of lens (RFC 1951, 3.2.2).
func canonical(lens []uint8) []uint16 {
	var count, next [17]int
	for _, l := range lens {
		if l > 0 {
			count[l]++
		}
	}
	code := 0
	for l := 1; l <= 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	codes := make([]uint16, len(lens))
	for i, l := range lens {
		if l > 0 {
			codes[i] = uint16(next[l])
			next[l]++
		}
	}
	return codes
}

// coder writes one block's symbols and keeps the member's expected output.
type coder struct {
	w                   *bitWriter
	litLens, distLens   []uint8
	litCodes, distCodes []uint16
	hist                *[]byte
}

func newCoder(w *bitWriter, hist *[]byte, litLens, distLens []uint8) *coder {
	return &coder{w, litLens, distLens, canonical(litLens), canonical(distLens), hist}
}

func (c *coder) sym(s int) {
	if c.litLens[s] == 0 {
		panic("no code for the symbol")
	}
	c.w.code(c.litCodes[s], c.litLens[s])
}

func (c *coder) dsym(s int) {
	if c.distLens[s] == 0 {
		panic("no code for the distance")
	}
	c.w.code(c.distCodes[s], c.distLens[s])
}

func (c *coder) lit(b byte) {
	c.sym(int(b))
	*c.hist = append(*c.hist, b)
}

func (c *coder) eob() { c.sym(256) }

// raw writes a length and distance by their symbols and extra bits, and
// copies in hist when the distance is inside it.
func (c *coder) raw(lsym int, lextra uint64, dsym int, dextra uint64) {
	c.sym(lsym)
	c.w.put(lextra, tLenExtra[lsym-257])
	c.dsym(dsym)
	if dsym < 30 {
		c.w.put(dextra, tDistExtra[dsym])
		length, dist := tLenBase[lsym-257]+int(lextra), tDistBase[dsym]+int(dextra)
		h := *c.hist
		if dist <= len(h) {
			for range length {
				h = append(h, h[len(h)-dist])
			}
			*c.hist = h
		}
	}
}

func lengthSym(length int) (int, uint64) {
	for i := 28; i >= 0; i-- {
		if tLenBase[i] <= length {
			return 257 + i, uint64(length - tLenBase[i])
		}
	}
	panic("length")
}

func distSym(dist int) (int, uint64) {
	for i := 29; i >= 0; i-- {
		if tDistBase[i] <= dist {
			return i, uint64(dist - tDistBase[i])
		}
	}
	panic("dist")
}

func (c *coder) match(length, dist int) {
	ls, le := lengthSym(length)
	ds, de := distSym(dist)
	c.raw(ls, le, ds, de)
}

func storedBlock(w *bitWriter, hist *[]byte, final bool, data []byte) {
	w.put(b2u(final), 1)
	w.put(0, 2)
	w.align()
	w.out = binary.LittleEndian.AppendUint16(w.out, uint16(len(data)))
	w.out = binary.LittleEndian.AppendUint16(w.out, ^uint16(len(data)))
	w.out = append(w.out, data...)
	*hist = append(*hist, data...)
}

// storedBlocks writes data in stored blocks of at most 65535 bytes.
func storedBlocks(w *bitWriter, hist *[]byte, final bool, data []byte) {
	for {
		n := min(len(data), 65535)
		storedBlock(w, hist, final && n == len(data), data[:n])
		data = data[n:]
		if len(data) == 0 {
			return
		}
	}
}

func fixedBlock(w *bitWriter, hist *[]byte, final bool) *coder {
	w.put(b2u(final), 1)
	w.put(1, 2)
	lit, dist := tFixedLens()
	return newCoder(w, hist, lit, dist)
}

type clOp struct {
	sym   int
	extra uint64
}

// plainOps gives every code length as its own symbol.
func plainOps(lens []uint8) []clOp {
	ops := make([]clOp, len(lens))
	for i, l := range lens {
		ops[i] = clOp{int(l), 0}
	}
	return ops
}

// rleOps uses 16, 17 and 18 where they fit.
func rleOps(lens []uint8) []clOp {
	var ops []clOp
	for i := 0; i < len(lens); {
		run := 1
		for i+run < len(lens) && lens[i+run] == lens[i] {
			run++
		}
		switch {
		case lens[i] == 0 && run >= 11:
			n := min(run, 138)
			ops = append(ops, clOp{18, uint64(n - 11)})
			i += n
		case lens[i] == 0 && run >= 3:
			ops = append(ops, clOp{17, uint64(run - 3)})
			i += run
		case i > 0 && lens[i-1] == lens[i] && run >= 3:
			n := min(run, 6)
			ops = append(ops, clOp{16, uint64(n - 3)})
			i += n
		default:
			ops = append(ops, clOp{int(lens[i]), 0})
			i++
		}
	}
	return ops
}

// A complete code-length code: 13 symbols of 4 bits, 6 of 5.
var defaultPrecode = func() []uint8 {
	p := make([]uint8, 19)
	for i := range p {
		p[i] = 4
		if i >= 13 {
			p[i] = 5
		}
	}
	return p
}()

// dynamicHeader writes a dynamic block's header with nlit, ndist given
// (they may disagree with len(lens) to craft bad headers).
func dynamicHeader(w *bitWriter, final bool, nlit, ndist int, precode []uint8, ops []clOp) {
	w.put(b2u(final), 1)
	w.put(2, 2)
	w.put(uint64(nlit-257), 5)
	w.put(uint64(ndist-1), 5)
	nclen := 19
	for nclen > 4 && precode[tOrder[nclen-1]] == 0 {
		nclen--
	}
	w.put(uint64(nclen-4), 4)
	for _, s := range tOrder[:nclen] {
		w.put(uint64(precode[s]), 3)
	}
	codes := canonical(precode)
	extra := map[int]uint{16: 2, 17: 3, 18: 7}
	for _, op := range ops {
		w.code(codes[op.sym], precode[op.sym])
		if n, ok := extra[op.sym]; ok {
			w.put(op.extra, n)
		}
	}
}

func dynamicBlock(w *bitWriter, hist *[]byte, final bool, lit, dist []uint8, rle bool) *coder {
	lens := append(append([]uint8{}, lit...), dist...)
	ops := plainOps(lens)
	if rle {
		ops = rleOps(lens)
	}
	dynamicHeader(w, final, len(lit), len(dist), defaultPrecode, ops)
	return newCoder(w, hist, lit, dist)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// gzMember wraps a deflate stream in a gzip member (the CRC-32 and length
// of data).
func gzMember(deflate, data []byte) []byte {
	m := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}
	m = append(m, deflate...)
	m = binary.LittleEndian.AppendUint32(m, crc32.ChecksumIEEE(data))
	return binary.LittleEndian.AppendUint32(m, uint32(len(data)))
}

// randomCode gives n code lengths of a complete code no longer than
// maxLen, by splitting leaves (often the deepest, for long codes).
func randomCode(r *rand.Rand, n, maxLen int) []uint8 {
	leaves := []uint8{0}
	for len(leaves) < n {
		var cand []int
		deepest := -1
		for i, l := range leaves {
			if int(l) < maxLen {
				cand = append(cand, i)
				if deepest < 0 || l > leaves[deepest] {
					deepest = i
				}
			}
		}
		i := cand[r.IntN(len(cand))]
		if r.IntN(3) == 0 {
			i = deepest
		}
		leaves[i]++
		leaves = append(leaves, leaves[i])
	}
	return leaves
}

// randomLens gives a random complete code over size symbols, of used of
// them, with must among them.
func randomLens(r *rand.Rand, size, used, maxLen int, must ...int) []uint8 {
	lens := make([]uint8, size)
	code := randomCode(r, used, maxLen)
	perm := r.Perm(size)
	var syms []int
	for _, s := range must {
		syms = append(syms, s)
	}
	for _, s := range perm {
		if len(syms) == used {
			break
		}
		dup := false
		for _, m := range must {
			dup = dup || m == s
		}
		if !dup {
			syms = append(syms, s)
		}
	}
	for i, s := range syms {
		lens[s] = code[i]
	}
	return lens
}

// randomSymbols writes n random symbols of c's codes (matches only inside
// the member) and the end of the block.
func randomSymbols(r *rand.Rand, c *coder, n int) {
	var lits, lenSyms, distSyms []int
	for s, l := range c.litLens {
		switch {
		case l == 0 || s == 256:
		case s < 256:
			lits = append(lits, s)
		case s < 286:
			lenSyms = append(lenSyms, s)
		}
	}
	for s, l := range c.distLens {
		if l > 0 && s < 30 {
			distSyms = append(distSyms, s)
		}
	}
	for range n {
		h := len(*c.hist)
		var ok []int
		for _, d := range distSyms {
			if tDistBase[d] <= h {
				ok = append(ok, d)
			}
		}
		if len(lenSyms) > 0 && len(ok) > 0 && (len(lits) == 0 || r.IntN(2) == 0) {
			ls := lenSyms[r.IntN(len(lenSyms))]
			ds := ok[r.IntN(len(ok))]
			le := r.Uint64N(1 << tLenExtra[ls-257])
			room := min(h-tDistBase[ds], 1<<tDistExtra[ds]-1)
			c.raw(ls, le, ds, r.Uint64N(uint64(room)+1))
		} else if len(lits) > 0 {
			c.lit(byte(lits[r.IntN(len(lits))]))
		}
	}
	c.eob()
}

// randomMember builds a member of random blocks until about size bytes
// of output: stored (0 and 65535 bytes among them), fixed, and dynamic
// with random complete codes (15-bit codes, single codes, no distances).
func randomMember(r *rand.Rand, size int) (gz, data []byte) {
	w := &bitWriter{}
	var hist []byte
	for {
		final := len(hist) >= size
		switch k := r.IntN(10); {
		case k == 0:
			n := []int{0, 1, 65535, r.IntN(70000)}[r.IntN(4)]
			storedBlock(w, &hist, final, randomBytes(min(n, 65535), r.Uint64())[:min(n, 65535)])
		case k <= 2:
			randomSymbols(r, fixedBlock(w, &hist, final), 1+r.IntN(3000))
		default:
			nlit := 257 + r.IntN(30)
			used := 2 + r.IntN(nlit-1)
			if r.IntN(4) == 0 {
				used = 2 + r.IntN(20) // a deep code: 15-bit lengths
			}
			lit := randomLens(r, nlit, used, 15, 256)
			ndist := 1 + r.IntN(30)
			var dist []uint8
			switch r.IntN(6) {
			case 0: // no distance code at all
				dist = make([]uint8, ndist)
			case 1: // a single code of one bit
				dist = make([]uint8, ndist)
				dist[r.IntN(ndist)] = 1
			default:
				if ndist == 1 {
					dist = []uint8{1}
					break
				}
				dist = randomLens(r, ndist, 2+r.IntN(ndist-1), 15)
			}
			randomSymbols(r, dynamicBlock(w, &hist, final, lit, dist, r.IntN(2) == 0), 1+r.IntN(4000))
		}
		if final {
			break
		}
	}
	return gzMember(w.bytes(), hist), hist
}

// wantData: this reader reads in as data with no error, and so does Go's
// (which holds the builder to the format).
func wantData(t *testing.T, name string, in, data []byte) {
	t.Helper()
	if g, err := goAll(in); err != nil || !bytes.Equal(g, data) {
		t.Fatalf("%s: the test's stream is bad: compress/gzip says %v, %d bytes (want %d)", name, err, len(g), len(data))
	}
	got, err := gunzipAll(bytes.NewReader(in))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("%s: %v, %d bytes out, want %d (first difference at %d)", name, err, len(got), len(data), firstDifference(got, data))
	}
}

// wantErr: this reader refuses in with the error want (a *CorruptError
// matches any), handing out only a prefix of prefix; and Go refuses it.
func wantErr(t *testing.T, name string, in []byte, want error, prefix []byte) {
	t.Helper()
	if _, err := goAll(in); err == nil {
		if _, kerr := klauspostAll(in); kerr == nil {
			t.Fatalf("%s: the test's stream is good to compress/gzip and klauspost", name)
		}
	}
	got, err := gunzipAll(bytes.NewReader(in))
	checkErr(t, name, got, err, want, prefix)
}

func checkErr(t *testing.T, name string, got []byte, err, want error, prefix []byte) {
	t.Helper()
	var ce *CorruptError
	if _, isCorrupt := want.(*CorruptError); isCorrupt {
		if !errors.As(err, &ce) {
			t.Fatalf("%s: %v, want a CorruptError", name, err)
		}
	} else if !errors.Is(err, want) {
		t.Fatalf("%s: %v, want %v", name, err, want)
	}
	if prefix != nil && !bytes.HasPrefix(prefix, got) {
		t.Fatalf("%s: %d bytes out that are not the data's start", name, len(got))
	}
}

// wantCuts: in cut at every step-th byte (and every byte of the first
// and last 64) gives io.ErrUnexpectedEOF and a prefix of data.
func wantCuts(t *testing.T, name string, in, data []byte, step int) {
	t.Helper()
	for cut := 0; cut < len(in); cut++ {
		if cut > 64 && cut < len(in)-64 && cut%step != 0 {
			continue
		}
		z, err := NewReader(bytes.NewReader(in[:cut]))
		var got []byte
		if err == nil {
			got, err = io.ReadAll(z)
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("%s cut at %d of %d: %v, want io.ErrUnexpectedEOF", name, cut, len(in), err)
		}
		if !bytes.HasPrefix(data, got) {
			t.Fatalf("%s cut at %d of %d: %d bytes out that are not the data's start", name, cut, len(in), len(got))
		}
	}
}

func TestAdversarialRandomCodes(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 12))
	for i := range 24 {
		size := 1 + r.IntN(30<<10)
		if i%12 == 0 {
			size = 700 << 10 // across the input and output buffers
		}
		gz, data := randomMember(r, size)
		wantData(t, "random codes", gz, data)
		if len(gz) < 64<<10 {
			if got, err := gunzipAll(iotest.HalfReader(bytes.NewReader(gz))); err != nil || !bytes.Equal(got, data) {
				t.Fatalf("random codes, half reads: %v", err)
			}
		}
		if i%6 == 1 {
			wantCuts(t, "random codes", gz, data, max(1, len(gz)/100))
		}
	}
}

// A complete code of long codes: 226 of 8 bits and 60 of 9, and 2 of 4
// and 28 of 5 bits for distances, sent with 7-bit code-length codes: the
// longest header there is, about 290 bytes.
func longestHeaderBlock(w *bitWriter, hist *[]byte, final bool) *coder {
	lit := make([]uint8, 286)
	for i := range lit {
		lit[i] = 8
		if i >= 226 {
			lit[i] = 9
		}
	}
	lit[0], lit[256] = 9, 8
	dist := make([]uint8, 30)
	for i := range dist {
		dist[i] = 5
	}
	dist[0], dist[1] = 4, 4
	precode := make([]uint8, 19)
	precode[0], precode[1], precode[2], precode[3], precode[6] = 1, 2, 3, 4, 5
	precode[8], precode[9], precode[4], precode[5] = 7, 7, 7, 7
	lens := append(append([]uint8{}, lit...), dist...)
	dynamicHeader(w, final, len(lit), len(dist), precode, plainOps(lens))
	return newCoder(w, hist, lit, dist)
}

// Block headers (dynamic, the longest, fixed, stored) that start at every
// offset near the end of the 256 KiB input buffer, and near headerRoom
// before it.
func TestAdversarialHeadersAtInputEdge(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(13, 14))
	tail := csvLike(3000, 15)
	tails := map[string]func(w *bitWriter, hist *[]byte){
		"level 6": func(w *bitWriter, hist *[]byte) {
			var b bytes.Buffer
			fw, _ := flate.NewWriter(&b, 6)
			fw.Write(tail)
			fw.Close()
			w.out = append(w.out, b.Bytes()...)
			*hist = append(*hist, tail...)
		},
		"longest header": func(w *bitWriter, hist *[]byte) {
			c := longestHeaderBlock(w, hist, false)
			randomSymbols(r, c, 500)
			c = longestHeaderBlock(w, hist, true)
			randomSymbols(r, c, 500)
		},
		"stored": func(w *bitWriter, hist *[]byte) {
			storedBlock(w, hist, false, nil)
			storedBlock(w, hist, true, tail)
		},
	}
	lead := randomBytes(inSize+2*headerRoom, 16)
	var offsets []int
	for k := -6; k <= 9; k++ {
		offsets = append(offsets, inSize-k)
	}
	for k := -2; k <= 2; k++ {
		offsets = append(offsets, inSize-headerRoom-k)
	}
	for k := 10; k < headerRoom+300; k += 197 {
		offsets = append(offsets, inSize-k)
	}
	for name, write := range tails {
		for _, at := range offsets {
			// 10 bytes of header, stored blocks of 65535 with 5 bytes each.
			n := at - 10
			n -= 5 * ((n + 65539) / 65540)
			w := &bitWriter{}
			var hist []byte
			storedBlocks(w, &hist, false, lead[:n])
			if got := 10 + len(w.out); got != at {
				t.Fatalf("lead-in of %d, want %d", got, at)
			}
			write(w, &hist)
			gz := gzMember(w.bytes(), hist)
			got, err := gunzipAll(bytes.NewReader(gz))
			if err != nil || !bytes.Equal(got, hist) {
				t.Fatalf("%s at %d: %v, %d bytes, want %d", name, at, err, len(got), len(hist))
			}
			if at == inSize-3 || at == inSize-headerRoom+1 {
				wantData(t, name, gz, hist)
				// cut in the block header at the buffer's edge
				for cut := at + 1; cut < len(gz) && cut < at+400; cut += 23 {
					z, err := NewReader(bytes.NewReader(gz[:cut]))
					if err != nil {
						t.Fatal(err)
					}
					got, err := io.ReadAll(z)
					checkErr(t, name+" cut", got, err, io.ErrUnexpectedEOF, hist)
				}
			}
		}
	}
}

// Matches of every length up to 258 at short distances, right where the
// 512 KiB output buffer ends, each phase of it.
func TestAdversarialMatchesAtOutputEdge(t *testing.T) {
	t.Parallel()
	const limit = window + outSize // the first member's output ends its first buffer here
	lead := randomBytes(limit, 17)
	for _, d := range []int{1, 7, 8, 9, 15, 32768} {
		for _, j := range []int{0, 1, 7, 8, 258, 259, 265, 266} {
			w := &bitWriter{}
			var hist []byte
			n := limit - j - 258*40
			storedBlocks(w, &hist, false, lead[:n])
			c := fixedBlock(w, &hist, false)
			for len(hist) < limit+2000 {
				c.match(258, d)
			}
			c.lit('x')
			c.match(3+j%256, d)
			c.eob()
			c = fixedBlock(w, &hist, true)
			for range 300 {
				c.match(8+len(hist)%251, min(d, 8+len(hist)%8))
			}
			c.eob()
			gz := gzMember(w.bytes(), hist)
			got, err := gunzipAll(bytes.NewReader(gz))
			if err != nil || !bytes.Equal(got, hist) {
				t.Fatalf("distance %d, %d before the edge: %v, %d bytes, want %d (first difference at %d)", d, j, err, len(got), len(hist), firstDifference(got, hist))
			}
		}
	}
}

// Hand-built blocks at the format's corners, against Go's reader.
func TestAdversarialCorners(t *testing.T) {
	t.Parallel()
	type built struct {
		gz, data []byte
	}
	build := func(f func(w *bitWriter, hist *[]byte)) built {
		w := &bitWriter{}
		var hist []byte
		f(w, &hist)
		return built{gzMember(w.bytes(), hist), hist}
	}
	good := map[string]func(w *bitWriter, hist *[]byte){
		"stored of 0": func(w *bitWriter, h *[]byte) { storedBlock(w, h, true, nil) },
		"stored of 65535": func(w *bitWriter, h *[]byte) {
			storedBlock(w, h, false, randomBytes(65535, 1))
			storedBlock(w, h, false, nil)
			storedBlock(w, h, true, randomBytes(65535, 2))
		},
		"fixed, empty": func(w *bitWriter, h *[]byte) { fixedBlock(w, h, true).eob() },
		"fixed, 258 as 284 and 31": func(w *bitWriter, h *[]byte) {
			c := fixedBlock(w, h, true)
			c.lit('a')
			c.lit('b')
			c.raw(284, 31, 1, 0)
			c.raw(284, 31, 0, 0)
			c.eob()
		},
		"fixed, the distance to the member's start": func(w *bitWriter, h *[]byte) {
			c := fixedBlock(w, h, true)
			for i := range 300 {
				c.lit(byte(i * 7))
			}
			c.match(258, 300)
			c.match(3, 558)
			c.eob()
		},
		"distance 32768": func(w *bitWriter, h *[]byte) {
			storedBlocks(w, h, false, randomBytes(40000, 3))
			c := fixedBlock(w, h, true)
			c.match(258, 32768)
			c.raw(285, 0, 29, 8191)
			c.eob()
		},
		"litlen of EOB only (one 1-bit code), no distances": func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 257)
			lit[256] = 1
			dynamicBlock(w, h, false, lit, []uint8{0}, false).eob()
			fixedBlock(w, h, true).eob()
		},
		"a single 1-bit distance code, symbol 29": func(w *bitWriter, h *[]byte) {
			storedBlocks(w, h, false, randomBytes(30000, 4))
			lit := make([]uint8, 286)
			lit[256], lit['a'], lit[285], lit[270] = 1, 2, 3, 3
			dist := make([]uint8, 30)
			dist[29] = 1
			c := dynamicBlock(w, h, true, lit, dist, true)
			c.lit('a')
			c.raw(285, 0, 29, 5000)
			c.raw(270, 3, 29, 0)
			c.eob()
		},
		"a single 1-bit distance code, symbol 0": func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 260)
			lit[256], lit['a'], lit[259] = 1, 2, 2
			c := dynamicBlock(w, h, true, lit, []uint8{1}, false)
			c.lit('a')
			for range 100 {
				c.raw(259, 0, 0, 0)
			}
			c.eob()
		},
		"15-bit codes filling subtables": func(w *bitWriter, h *[]byte) {
			// lengths 1..14 for 14 symbols, then 2 of 15: every subtable
			// under the deepest prefix.
			lit := make([]uint8, 286)
			syms := []int{'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 257, 270, 285, 284, 256, 'z'}
			for i, s := range syms {
				lit[s] = uint8(min(i+1, 15))
			}
			dist := make([]uint8, 30)
			for i := range 14 {
				dist[i] = uint8(i + 1)
			}
			dist[14], dist[29] = 15, 15
			c := dynamicBlock(w, h, true, lit, dist, true)
			for _, s := range syms[:10] {
				c.lit(byte(s))
			}
			c.lit('z')
			c.raw(257, 0, 0, 0)
			c.raw(285, 0, 0, 0)
			c.raw(285, 0, 1, 0)
			c.raw(285, 0, 14, 63)
			c.raw(284, 17, 13, 3)
			c.raw(270, 1, 1, 0)
			c.eob()
		},
		"256 codes of 15 bits": func(w *bitWriter, h *[]byte) {
			// 1..7 bits for 7 symbols, 256 of 15 bits for the rest:
			// 127/128 + 256/32768, complete.
			lit := make([]uint8, 286)
			for i := range 256 {
				lit[i] = 15
			}
			for i, s := range []int{256, 257, 258, 270, 280, 284, 285} {
				lit[s] = uint8(i + 1)
			}
			dist := make([]uint8, 30)
			for i := range 30 {
				dist[i] = 5
			}
			dist[0], dist[1] = 4, 4
			c := dynamicBlock(w, h, true, lit, dist, true)
			for i := range 256 {
				c.lit(byte(i))
			}
			for range 50 {
				c.match(258, 256)
				c.match(120, 400)
				c.match(230, 300)
				c.match(25, 514)
			}
			c.eob()
		},
		"the longest header": func(w *bitWriter, h *[]byte) {
			r := rand.New(rand.NewPCG(5, 6))
			randomSymbols(r, longestHeaderBlock(w, h, false), 300)
			randomSymbols(r, longestHeaderBlock(w, h, true), 300)
		},
	}
	for name, f := range good {
		b := build(f)
		wantData(t, name, b.gz, b.data)
		wantCuts(t, name, b.gz, b.data, max(97, len(b.gz)/40))
		// bits after the final block are ignored
		if b.gz[len(b.gz)-9]&0x80 == 0 {
			odd := append([]byte{}, b.gz...)
			odd[len(odd)-9] |= 0x80
			compare(t, odd)
		}
	}

	corrupt := &CorruptError{}
	bad := map[string]struct {
		f    func(w *bitWriter, hist *[]byte)
		want error
	}{
		"fixed, length symbol 286": {func(w *bitWriter, h *[]byte) {
			c := fixedBlock(w, h, true)
			c.lit('a')
			c.sym(286)
			c.w.put(0, 30)
		}, corrupt},
		"fixed, length symbol 287": {func(w *bitWriter, h *[]byte) {
			c := fixedBlock(w, h, true)
			c.lit('a')
			c.sym(287)
			c.w.put(0, 30)
		}, corrupt},
		"fixed, distance symbol 30": {func(w *bitWriter, h *[]byte) {
			c := fixedBlock(w, h, true)
			c.lit('a')
			c.raw(257, 0, 30, 0)
			c.w.put(0, 30)
		}, corrupt},
		"fixed, distance symbol 31": {func(w *bitWriter, h *[]byte) {
			c := fixedBlock(w, h, true)
			c.lit('a')
			c.raw(257, 0, 31, 0)
			c.w.put(0, 30)
		}, corrupt},
		"a distance one byte before the member": {func(w *bitWriter, h *[]byte) {
			c := fixedBlock(w, h, true)
			for i := range 300 {
				c.lit(byte(i))
			}
			c.match(3, 301)
			c.eob()
		}, corrupt},
		"a distance at the first byte": {func(w *bitWriter, h *[]byte) {
			c := fixedBlock(w, h, true)
			c.match(3, 1)
			c.eob()
		}, corrupt},
		"HLIT 287": {func(w *bitWriter, h *[]byte) {
			dynamicHeader(w, true, 287, 1, defaultPrecode, plainOps(make([]uint8, 288)))
			w.put(0, 30)
		}, corrupt},
		"HLIT 288": {func(w *bitWriter, h *[]byte) {
			dynamicHeader(w, true, 288, 1, defaultPrecode, plainOps(make([]uint8, 289)))
			w.put(0, 30)
		}, corrupt},
		"HDIST 31": {func(w *bitWriter, h *[]byte) {
			dynamicHeader(w, true, 257, 31, defaultPrecode, plainOps(make([]uint8, 288)))
			w.put(0, 30)
		}, corrupt},
		"HDIST 32": {func(w *bitWriter, h *[]byte) {
			dynamicHeader(w, true, 257, 32, defaultPrecode, plainOps(make([]uint8, 289)))
			w.put(0, 30)
		}, corrupt},
		"code length 16 first": {func(w *bitWriter, h *[]byte) {
			dynamicHeader(w, true, 257, 1, defaultPrecode, []clOp{{16, 0}})
			w.put(0, 40)
		}, corrupt},
		"code lengths past the codes": {func(w *bitWriter, h *[]byte) {
			dynamicHeader(w, true, 257, 1, defaultPrecode, []clOp{{18, 127}, {18, 127}, {18, 0}})
			w.put(0, 40)
		}, corrupt},
		"no end-of-block code": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 257)
			lit['a'], lit['b'] = 1, 1
			c := dynamicBlock(w, h, true, lit, []uint8{1}, false)
			c.lit('a')
			c.w.put(0, 40)
		}, corrupt},
		"an incomplete litlen code": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 257)
			lit['a'], lit['b'], lit[256] = 2, 2, 2
			dynamicBlock(w, h, true, lit, []uint8{1}, false)
			w.put(0, 40)
		}, corrupt},
		"a single litlen code of 2 bits": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 257)
			lit[256] = 2
			dynamicBlock(w, h, true, lit, []uint8{1}, false)
			w.put(0, 40)
		}, corrupt},
		"an over-subscribed litlen code": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 257)
			lit['a'], lit['b'], lit[256] = 1, 1, 1
			dynamicBlock(w, h, true, lit, []uint8{1}, false)
			w.put(0, 40)
		}, corrupt},
		"an over-subscribed distance code": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 257)
			lit['a'], lit[256] = 1, 1
			dynamicBlock(w, h, true, lit, []uint8{1, 1, 1}, false)
			w.put(0, 40)
		}, corrupt},
		"an incomplete distance code": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 257)
			lit['a'], lit[256] = 1, 1
			dynamicBlock(w, h, true, lit, []uint8{2, 2, 2}, false)
			w.put(0, 40)
		}, corrupt},
		"a single distance code of 2 bits": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 257)
			lit['a'], lit[256] = 1, 1
			dynamicBlock(w, h, true, lit, []uint8{0, 2}, false)
			w.put(0, 40)
		}, corrupt},
		"a length with no distance code": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 258)
			lit['a'], lit[256], lit[257] = 1, 2, 2
			c := dynamicBlock(w, h, true, lit, []uint8{0}, false)
			c.lit('a')
			c.sym(257)
			c.w.put(0, 40)
		}, corrupt},
		"the unused half of a 1-bit distance code": {func(w *bitWriter, h *[]byte) {
			lit := make([]uint8, 258)
			lit['a'], lit[256], lit[257] = 1, 2, 2
			c := dynamicBlock(w, h, true, lit, []uint8{0, 1}, false)
			c.lit('a')
			c.sym(257)
			c.w.put(1, 1)
			c.w.put(0, 40)
		}, corrupt},
		"an over-subscribed code-length code": {func(w *bitWriter, h *[]byte) {
			p := append([]uint8{}, defaultPrecode...)
			p[0] = 3
			dynamicHeader(w, true, 257, 1, p, nil)
			w.put(0, 60)
		}, corrupt},
		"no code-length code": {func(w *bitWriter, h *[]byte) {
			dynamicHeader(w, true, 257, 1, make([]uint8, 19), nil)
			w.put(0, 60)
		}, corrupt},
		"block type 3": {func(w *bitWriter, h *[]byte) {
			w.put(1, 1)
			w.put(3, 2)
			w.put(0, 40)
		}, corrupt},
		"stored length and complement disagree": {func(w *bitWriter, h *[]byte) {
			w.put(1, 3)
			w.out = append(w.out, 5, 0, 0xfa, 0xfe, 1, 2, 3, 4, 5)
		}, corrupt},
	}
	for name, tt := range bad {
		b := build(tt.f)
		wantErr(t, name, b.gz, tt.want, b.data)
	}

	// No final block: the input ends after a block that is not the last
	// (with a trailer after it, the trailer reads as a corrupt block).
	w := &bitWriter{}
	var h []byte
	storedBlock(w, &h, false, []byte("abc"))
	in := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, w.bytes()...)
	wantErr(t, "no final block", in, io.ErrUnexpectedEOF, h)
}

func kraftOne(lens []uint8) bool {
	sum := 0
	for _, l := range lens {
		if l > 0 {
			sum += 1 << (15 - l)
		}
	}
	return sum == 1<<15
}

// fixLit makes the code complete by lengthening or adding 15-bit codes
// among the unused length symbols.
func fixLit(lens []uint8) {
	sum := 0
	for _, l := range lens {
		if l > 0 {
			sum += 1 << (15 - l)
		}
	}
	for s := 257; s < 286 && sum < 1<<15; s++ {
		if lens[s] == 0 {
			for l := uint8(1); l <= 15; l++ {
				if sum+(1<<(15-l)) <= 1<<15 {
					lens[s] = l
					sum += 1 << (15 - l)
					break
				}
			}
		}
	}
	if sum != 1<<15 {
		panic("fixLit")
	}
}

// Truncated input inside a fixed-Huffman distance code whose first four
// bits (1111) can only start code 30 or 31: compress/gzip and klauspost
// need all five bits and say io.ErrUnexpectedEOF, as for any input that
// ends early.
func TestAdversarialCutInFixedDistance(t *testing.T) {
	t.Parallel()
	w := &bitWriter{}
	var hist []byte
	c := fixedBlock(w, &hist, true)
	c.lit('a')
	for (w.nacc+7)%8 != 4 {
		c.lit(0xff) // 9 bits: until the last byte has room for just 4 bits
	}
	c.sym(257)    // a length of 3, then the distance's first bits
	w.put(0xf, 4) // 1111 ends the input
	in := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, w.bytes()...)
	_, goErr := goAll(in)
	_, kErr := klauspostAll(in)
	if !errors.Is(goErr, io.ErrUnexpectedEOF) || !errors.Is(kErr, io.ErrUnexpectedEOF) {
		t.Fatalf("compress/gzip: %v, klauspost: %v", goErr, kErr)
	}
	got, err := gunzipAll(bytes.NewReader(in))
	checkErr(t, "cut in a fixed distance code 1111", got, err, io.ErrUnexpectedEOF, hist)
}

// Members: empty ones, many, and boundaries at the edges of the input and
// output buffers.
func TestAdversarialMembers(t *testing.T) {
	t.Parallel()
	empty := gzMember([]byte{3, 0}, nil) // a fixed block with just its end
	var many, want []byte
	for i := range 3000 {
		many = append(many, empty...)
		if i%500 == 0 {
			m := gzipWith(t, []byte("x"), 6)
			many = append(many, m...)
			want = append(want, 'x')
		}
	}
	wantData(t, "3000 empty members", many, want)
	if got, err := gunzipAll(iotest.OneByteReader(bytes.NewReader(many))); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("empty members read a byte at a time: %v", err)
	}

	storedMember := func(data []byte) []byte {
		w := &bitWriter{}
		var h []byte
		storedBlocks(w, &h, true, data)
		return gzMember(w.bytes(), data)
	}
	lead := randomBytes(outSize+window+70000, 20)
	second := csvLike(5000, 21)
	secondGz := gzipWith(t, second, 6)
	for k := -8; k <= 8; k++ {
		// the first member ends k bytes before the input buffer's end;
		// an empty member, then a member with distances to its start.
		n := inSize - k - 18
		n -= 5 * ((n + 65539) / 65540)
		first := storedMember(lead[:n])
		if len(first) != inSize-k {
			t.Fatalf("first member of %d bytes, want %d", len(first), inSize-k)
		}
		in := append(append(append([]byte{}, first...), empty...), secondGz...)
		data := append(append([]byte{}, lead[:n]...), second...)
		got, err := gunzipAll(bytes.NewReader(in))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("member ends %d before the input's end: %v", k, err)
		}
		// the first member's output ends k bytes before the output
		// buffer's end
		n = window + outSize - k
		in = append(append(append([]byte{}, storedMember(lead[:n])...), empty...), secondGz...)
		data = append(append([]byte{}, lead[:n]...), second...)
		got, err = gunzipAll(bytes.NewReader(in))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("member's output ends %d before the output's end: %v", k, err)
		}
	}

	// A distance in the second member that reaches back into the first:
	// refused, as by Go's reader.
	w := &bitWriter{}
	var h []byte
	c := fixedBlock(w, &h, true)
	c.lit('q')
	c.match(10, 50)
	c.eob()
	in := append(storedMember(lead[:100]), gzMember(w.bytes(), h)...)
	wantErr(t, "a distance into the member before", in, &CorruptError{}, append(append([]byte{}, lead[:100]...), 'q'))

	// A bad checksum in the second of two members, and a bad length.
	two := append(gzipWith(t, second, 1), gzipWith(t, second, 9)...)
	for _, at := range []int{len(two) - 8, len(two) - 1} {
		bad := append([]byte{}, two...)
		bad[at] ^= 0x40
		wantErr(t, "a bad trailer in the second member", bad, ErrChecksum, append(append([]byte{}, second...), second...))
	}
}

// Header fields at their limits, against Go's reader.
func TestAdversarialHeaderFields(t *testing.T) {
	t.Parallel()
	body := gzipWith(t, csvLike(3000, 22), 6)
	data := csvLike(3000, 22)
	header := func(flags byte, extra []byte, name, comment []byte, hcrc int) []byte {
		h := []byte{0x1f, 0x8b, 8, flags, 1, 2, 3, 4, 0, 3}
		if flags&4 != 0 {
			h = binary.LittleEndian.AppendUint16(h, uint16(len(extra)))
			h = append(h, extra...)
		}
		if flags&8 != 0 {
			h = append(append(h, name...), 0)
		}
		if flags&16 != 0 {
			h = append(append(h, comment...), 0)
		}
		if flags&2 != 0 {
			sum := crc32.ChecksumIEEE(h)
			h = binary.LittleEndian.AppendUint16(h, uint16(int(sum)+hcrc))
		}
		return append(h, body[10:]...)
	}
	name := func(n int) []byte { return bytes.Repeat([]byte{'n'}, n) }
	tests := []struct {
		name string
		in   []byte
		want error // nil: reads data
	}{
		{"FEXTRA of 65535", header(4, randomBytes(65535, 23), nil, nil, 0), nil},
		{"FEXTRA of 0", header(4, nil, nil, nil, 0), nil},
		{"FNAME of 511", header(8, nil, name(511), nil, 0), nil},
		{"FNAME of 512", header(8, nil, name(512), nil, 0), ErrHeader},
		{"FNAME of 0", header(8, nil, nil, nil, 0), nil},
		{"FCOMMENT of 511", header(16, nil, nil, name(511), 0), nil},
		{"FCOMMENT of 512", header(16, nil, nil, name(512), 0), ErrHeader},
		{"FNAME and FCOMMENT of 511, latin-1", header(24, nil, bytes.Repeat([]byte{0xe5}, 511), name(511), 0), nil},
		{"all of them and FHCRC", header(30, randomBytes(65535, 24), name(511), name(511), 0), nil},
		{"all of them and a bad FHCRC", header(30, randomBytes(65535, 24), name(511), name(511), 1), ErrHeader},
		{"FHCRC off by 1<<16", header(2, nil, nil, nil, 1<<16), nil},
		{"FHCRC", header(2, nil, nil, nil, 0), nil},
		{"FTEXT", header(1, nil, nil, nil, 0), nil},
	}
	for _, tt := range tests {
		for _, second := range []bool{false, true} {
			in := tt.in
			want := data
			if second {
				in = append(append([]byte{}, body...), tt.in...)
				want = append(append([]byte{}, data...), data...)
			}
			if tt.want == nil {
				wantData(t, tt.name, in, want)
				got, err := gunzipAll(iotest.OneByteReader(bytes.NewReader(in)))
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("%s, a byte at a time: %v", tt.name, err)
				}
				// every cut in the header
				var hlen int
				if second {
					hlen = len(body)
				}
				hlen += len(tt.in) - len(body) + 10
				for cut := 1; cut < hlen+3; cut += 1 + cut/4 {
					z, err := NewReader(bytes.NewReader(in[:cut]))
					var got []byte
					if err == nil {
						got, err = io.ReadAll(z)
					}
					checkErr(t, tt.name+" cut", got, err, io.ErrUnexpectedEOF, want)
				}
			} else {
				wantErr(t, tt.name, in, tt.want, want)
			}
		}
	}

	// A second member's header across the input buffer's end.
	big := tests[8].in
	lead := randomBytes(inSize, 25)
	for k := 0; k < 66000; k += 3331 {
		w := &bitWriter{}
		var h []byte
		storedBlocks(w, &h, true, lead[:inSize-k-100])
		in := append(gzMember(w.bytes(), h), big...)
		got, err := gunzipAll(bytes.NewReader(in))
		if want := append(append([]byte{}, h...), data...); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("a long header %d before the input's end: %v", k, err)
		}
	}
}

var errBoom = errors.New("boom")

// dataAndError gives all of its data in one read, with err.
type dataAndError struct {
	data []byte
	err  error
}

func (r *dataAndError) Read(p []byte) (int, error) {
	n := copy(p, r.data)
	r.data = r.data[n:]
	if len(r.data) == 0 {
		return n, r.err
	}
	return n, nil
}

// noProgress returns (0, nil) for ever (up to a limit, to fail the test
// rather than hang it).
type noProgress struct {
	r     io.Reader
	after int
	calls int
}

func (r *noProgress) Read(p []byte) (int, error) {
	if r.after > 0 {
		r.after--
		return r.r.Read(p)
	}
	r.calls++
	if r.calls > 1_000_000 {
		return 0, errBoom
	}
	return 0, nil
}

// Readers that misbehave in the ways io.Reader allows.
func TestAdversarialReaders(t *testing.T) {
	t.Parallel()
	data := csvLike(600<<10, 26)
	gz := gzipWith(t, data, 6)
	two := append(append([]byte{}, gz...), gz...)
	twice := append(append([]byte{}, data...), data...)
	small := gzipWith(t, data[:20000], 1)
	tests := []struct {
		name  string
		r     io.Reader
		want  error
		whole []byte // the data read in full, or a prefix of it with an error
	}{
		{"half reads", iotest.HalfReader(bytes.NewReader(two)), nil, twice},
		{"one byte reads", iotest.OneByteReader(bytes.NewReader(small)), nil, data[:20000]},
		{"data and io.EOF", iotest.DataErrReader(bytes.NewReader(two)), nil, twice},
		{"data and io.EOF in one read", &dataAndError{two, io.EOF}, nil, twice},
		{"data and an error in one read", &dataAndError{two, errBoom}, errBoom, twice},
		{"a timeout", iotest.TimeoutReader(bytes.NewReader(two)), iotest.ErrTimeout, twice},
		{"an error mid-stream", io.MultiReader(bytes.NewReader(gz[:len(gz)/2]), iotest.ErrReader(errBoom)), errBoom, data},
		{"an error in the trailer", io.MultiReader(bytes.NewReader(gz[:len(gz)-3]), iotest.ErrReader(errBoom)), errBoom, data},
		{"an error in the second header", io.MultiReader(bytes.NewReader(two[:len(gz)+4]), iotest.ErrReader(errBoom)), errBoom, twice},
		{"an error at the second header", io.MultiReader(bytes.NewReader(gz), iotest.ErrReader(errBoom)), errBoom, twice},
		{"an error mid-stream, half reads", iotest.HalfReader(io.MultiReader(bytes.NewReader(gz[:len(gz)/3]), iotest.ErrReader(errBoom))), errBoom, data},
		{"an error in the first header", io.MultiReader(bytes.NewReader(gz[:5]), iotest.ErrReader(errBoom)), errBoom, nil},
		{"an error before anything", iotest.ErrReader(errBoom), errBoom, nil},
	}
	for _, tt := range tests {
		got, err := gunzipAll(tt.r)
		if tt.want == nil {
			if err != nil || !bytes.Equal(got, tt.whole) {
				t.Errorf("%s: %v, %d bytes, want %d", tt.name, err, len(got), len(tt.whole))
			}
			continue
		}
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
		if !bytes.HasPrefix(tt.whole, got) {
			t.Errorf("%s: %d bytes out that are not the data's start", tt.name, len(got))
		}
	}
}

// A source that returns (0, nil) for ever gives io.ErrNoProgress after
// 100 such reads, as the bufio.Reader under compress/gzip and klauspost's
// reader does, whether it starts in the header or in the deflate data
// (compress/gzip itself spins in the header).
func TestAdversarialNoProgress(t *testing.T) {
	t.Parallel()
	gz := gzipWith(t, csvLike(1000, 27), 6)
	for _, after := range []int{0, 1} {
		src := &noProgress{r: bytes.NewReader(gz[:20]), after: after}
		_, err := gunzipAll(src)
		if !errors.Is(err, io.ErrNoProgress) || src.calls != 100 {
			t.Errorf("after %d good reads: %v after %d reads of (0, nil); want io.ErrNoProgress after 100", after, err, src.calls)
		}
	}
}
