package input

import (
	"bytes"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/period"
)

// The fast path sums the rows of a file whose lines are simple (no quotes)
// without encoding/csv, a string or an allocation per row, on every core:
// workers read blocks of the text in turn and parse them into per-block
// sums, and the caller's goroutine merges the sums in file order (run).
// Every kind of row takes it: purchases, complaints with their channel and
// category, survey answers with their score, and count rows of each.
//
// It reads the text the general reader reads (after decompression and
// decoding; fastsource.go), and it never reports bad data itself: a line it
// does not fully understand (a quote, a value that does not parse, a ragged
// row that is not blank, a sum that would overflow) stops it there, and the
// general reader goes on from the start of that line, with its line number.
// So every error, and every row after it, is the general reader's, and the
// first error in file order is the one reported. How a line is read is in
// fastline.go, the sums in fastsums.go.

// blockSize is the size of the blocks the workers read and parse: large
// enough that handing one over costs nothing next to parsing it, small
// enough to stay in the core's cache from the read to the parse. A line
// longer than a
// block goes to the general reader, so a block must be no larger than the
// record guard's limit (maxRecordBytes), which then refuses no line the
// fast path reads. (A variable for the tests, which cut small files into
// many blocks.)
var blockSize = 1 << 18

// fastPlan is what parsing one file's rows needs to know.
type fastPlan struct {
	delim byte
	// periodCountry: the first fields are the period and the country, and
	// more follow.
	periodCountry bool
	// tails: the period is the first field and each other field is a
	// country, channel, category or score. The tail of a line, after its
	// period, then gives the same key bits wherever it is met, and is
	// looked up whole (fastWorker.tailLine). Every byte of a line is then in
	// a cell the general reader's parse checks, which refuses bytes that are
	// not UTF-8 (values.go): the slow lane's lines need no UTF-8 check of
	// their own, and the fast lane reads only cells the slow lane read
	// before, and a period, which is ASCII when it parses.
	tails      bool
	cols       *columns    // the general reader's binding, for the lines the fast lane leaves (fastline.go)
	roles      []fieldRole // the role of each field up to the last one used
	nfields    int         // fields in the header
	restDelims int         // the delimiters a line has after the last field used
	country    string      // every row's country when there is no country column
	bucketer   *period.Bucketer
	undecided  bool // the text is read beneath a decoder that has not decided the encoding: a byte beyond ASCII stops a block
	checkUTF8  bool // the text is read beneath a decoder that has decided on UTF-8: a line that is not UTF-8 stops a block
	names      *names
	// watched are the columns the checks of the first rows still read
	// (firstRows.watched): a line with a value in one is the general
	// reader's.
	watched []int
	// The indexes of the values of the columns the file does not have, and
	// the key with them, to which a row's cells add theirs.
	fixedCountry, fixedChannel, fixedCategory int32
	baseKey                                   fastKey
}

type fieldRole uint8

const (
	ignored fieldRole = iota
	periodField
	countryField
	countField
	channelField
	categoryField
	scoreField
	watchedField // a column the checks of the first rows read: empty, or the general reader's line
)

// newFastPlan returns the plan for a file, or nil when its rows need the
// general reader: a delimiter beyond ASCII, or a record read last (the
// header, or the last of the first rows the general reader checks) that
// spans lines (then line numbers would need
// csv's count).
func newFastPlan(cols *columns, last []string, delimiter rune, country string, b *period.Bucketer) *fastPlan {
	if delimiter >= 0x80 || delimiter == '"' {
		return nil
	}
	for _, h := range last {
		if strings.IndexByte(h, '\n') >= 0 {
			return nil
		}
	}
	used := []struct {
		col  int
		role fieldRole
	}{{cols.period, periodField}, {cols.country, countryField}, {cols.count, countField},
		{cols.channel, channelField}, {cols.category, categoryField}, {cols.score, scoreField}}
	lastUsed := 0
	for _, u := range used {
		lastUsed = max(lastUsed, u.col)
	}
	p := &fastPlan{delim: byte(delimiter), cols: cols, roles: make([]fieldRole, lastUsed+1),
		nfields: cols.nfields, country: country, bucketer: b, names: newNames()}
	for _, u := range used {
		if u.col != absent {
			p.roles[u.col] = u.role
		}
	}
	// The values Read gives a row of a file without the column.
	var ok [3]bool
	p.fixedCountry, ok[0] = p.names.id(countryNames, country)
	p.fixedChannel, ok[1] = p.names.id(channelNames, channel.Unspecified)
	p.fixedCategory, ok[2] = p.names.id(categoryNames, "")
	if !ok[0] || !ok[1] || !ok[2] {
		return nil
	}
	p.restDelims = p.nfields - len(p.roles) - 1
	p.periodCountry = cols.period == 0 && cols.country == 1 && cols.nfields > 2
	// (Not for a tail of a country and a score alone: a table lookup each
	// is cheaper.)
	p.tails = cols.period == 0 && len(p.roles) == p.nfields && (cols.channel != absent || cols.category != absent)
	for _, role := range p.roles[1:] {
		if role != countryField && role != channelField && role != categoryField && role != scoreField {
			p.tails = false
		}
	}
	p.baseKey = usedKey
	if cols.country == absent {
		p.baseKey |= fastKey(p.fixedCountry) << countryShift
	}
	if cols.channel == absent {
		p.baseKey |= fastKey(p.fixedChannel) << channelShift
	}
	if cols.category == absent {
		p.baseKey |= fastKey(p.fixedCategory) << categoryShift
	}
	return p
}

// watch has the lines with a value in a watched column (firstRows.watched)
// left to the general reader, whose checks decide on it: the fast lane
// reads such a column's cells, and takes only empty ones.
func (p *fastPlan) watch(watched []int) {
	if len(watched) == 0 {
		return
	}
	p.watched = watched
	for _, i := range watched {
		for len(p.roles) <= i {
			p.roles = append(p.roles, ignored)
		}
		p.roles[i] = watchedField
	}
	p.restDelims = p.nfields - len(p.roles) - 1
	p.tails = false // a tail lane would not read the watched cells
}

// sumRows is the fast path as the CSV reader offers it (records.go's
// summer): the rows after the one read last (the header, or the last of
// the first rows, which the general reader checks), summed, up to the first line it leaves
// to the general reader, from which Next goes on. total is the count of
// the kind the general reader has added up so far (the files read before
// this one and the rows of this one it emitted): the sums may not take it
// beyond int64. A file whose rows need the general reader is left to it
// whole.
func (r *csvRecords) sumRows(cols *columns, last []string, total int64, country string, watched []int, cfg Config, emit func(*Row) error) (summed, error) {
	f := r.f
	plan := newFastPlan(cols, last, f.Dialect().Delimiter, country, cfg.Bucketer)
	if plan == nil || f.guard.holds() {
		return summed{}, nil
	}
	plan.watch(watched)
	line := f.Line(0) + 1 // the line after the record read last
	sums := newFileSums()
	sums.total = total
	text := f.fastText()
	for {
		plan.undecided, plan.checkUTF8 = text.undecided, text.utf8Since > 0
		got := plan.run(text, sums)
		line += got.lines
		if got.rest == nil {
			r.summedAll = true
			break
		}
		if got.beyondASCII {
			// The first byte beyond ASCII, read beneath the decoder: from
			// its line on, the text goes through a decoder that decides
			// there, as the file's own would have.
			text = fastText{r: f.decodeFrom(got.rest, line)}
			continue
		}
		f.resumeAt(got.rest, line, text)
		break
	}
	if err := sums.emit(plan.names, emit); err != nil {
		return summed{}, err
	}
	return summed{rows: sums.rows, naive: sums.naive, naiveAtMidnight: sums.naiveAtMidnight}, nil
}

// fastResult is where the fast path stopped: the lines it read into the
// sums, and where the general reader is to go on.
type fastResult struct {
	lines int       // the lines read, from the first after the header
	rest  io.Reader // the text from the first line not read; nil at the end of the file
	// beyondASCII: the first line not read has the first byte beyond ASCII
	// of text read beneath an undecided decoder (fastPlan.undecided).
	beyondASCII bool
}

// run adds the rows of body to sums, to its end or to the first line the
// fast path leaves to the general reader.
//
// Each worker reads the next block of body itself (in turn, under a lock),
// then parses it: the block's bytes are in the cache of the core that parses
// them, and decompression (the read, for a compressed file) goes on in one
// worker while the others parse. A block is cut anywhere: its whole lines
// are the worker's, and the line across each cut (the end of one block and
// the start of the next) is the merging goroutine's, which merges the blocks
// in file order.
func (p *fastPlan) run(t fastText, sums *fileSums) fastResult {
	workers := max(runtime.GOMAXPROCS(0), 1)
	buffers := 2*workers + 2 // every worker busy, and as many blocks waiting to merge
	free := make(chan []byte, buffers)
	for range buffers {
		free <- nil // allocated when first used
	}
	done := make(chan block, buffers) // never blocks: there are only so many buffers
	spare := make(chan *blockSums, buffers)
	stop := make(chan struct{})
	var src blockSource = &streamBlocks{body: t.r}
	if t.file != nil {
		src = &fileBlocks{head: t.head, file: t.file, offset: t.offset}
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newFastWorker(p)
			for {
				var buf []byte
				select {
				case buf = <-free:
				case <-stop:
					return
				}
				b, ok := src.next(buf, stop)
				if !ok {
					free <- buf
					return
				}
				select {
				case <-stop: // not parsed: the general reader will read it
				default:
					var s *blockSums
					select {
					case s = <-spare:
						s.reset()
					default:
						s = newBlockSums()
					}
					w.parseBlock(&b, s)
				}
				done <- b
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	// Merge in file order; from the first line the fast path leaves, keep
	// the blocks' text for the general reader instead.
	m := merger{w: newFastWorker(p), sums: sums, seamSums: newBlockSums()}
	early := map[int]block{}
	next := 0
	for b := range done {
		early[b.seq] = b
		for b, ok := early[next]; ok; b, ok = early[next] {
			delete(early, next)
			next++
			if m.ended {
				continue // read after the end of the text (fileBlocks): nothing
			}
			if m.stopped {
				m.rest = append(m.rest, b.data)
				continue
			}
			if m.add(b) {
				close(stop)
				continue // its text is the general reader's
			}
			m.ended = b.err != nil
			if b.sums != nil {
				select {
				case spare <- b.sums:
				default:
				}
			}
			if len(b.buf) != blockSize {
				b.buf = nil // the text read ahead (fileBlocks): not a block's buffer
			}
			free <- b.buf // merged: its lines across the cut are copied
		}
	}
	putBlocks(free) // the blocks left are no one's
	if !m.stopped {
		return fastResult{lines: m.lines}
	}
	readers := make([]io.Reader, 0, len(m.rest)+1)
	for _, b := range m.rest {
		readers = append(readers, bytes.NewReader(b))
	}
	if r := src.rest(); r != nil {
		readers = append(readers, r)
	}
	return fastResult{lines: m.lines, rest: io.MultiReader(readers...), beyondASCII: m.beyondASCII}
}

// A blockSource hands out the blocks of the text to the workers, in file
// order (their seq), each to be read by the worker it is handed to.
type blockSource interface {
	// next reads the next block into buf (allocated when nil); false when
	// the text has been read, or the merger has stopped.
	next(buf []byte, stop <-chan struct{}) (block, bool)
	// rest is the text after the blocks handed out, once the workers are
	// done: what they did not read, or the error that ended reading; nil
	// at the end of the text.
	rest() io.Reader
}

// streamBlocks reads the blocks of a stream in turn, under a lock: a worker
// that waits for it parses meanwhile, so one core decompresses a gzipped
// file while the others parse.
type streamBlocks struct {
	mu   sync.Mutex
	body io.Reader
	seq  int
	err  error // what ended reading: io.EOF at the end of body
}

func (s *streamBlocks) rest() io.Reader {
	switch {
	case s.err == nil:
		return s.body
	case s.err != io.EOF:
		return errorReader{s.err}
	}
	return nil
}

func (s *streamBlocks) next(buf []byte, stop <-chan struct{}) (block, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-stop:
		return block{}, false
	default:
	}
	if s.err != nil {
		return block{}, false
	}
	if buf == nil {
		buf = getBlock()
	}
	n := 0
	var err error
	for n < len(buf) && err == nil {
		var k int
		k, err = s.body.Read(buf[n:])
		n += k
	}
	s.err = err
	b := block{seq: s.seq, buf: buf, data: buf[:n], err: err, stop: -1}
	s.seq++
	return b, true
}

// fileBlocks reads the blocks of a regular file at their offsets, each
// worker its own, without waiting for the others: block 0 is the text read
// ahead (head), block k the file's blockSize bytes from
// offset+(k-1)*blockSize.
type fileBlocks struct {
	head   []byte
	file   *os.File
	offset int64
	seq    atomic.Int64 // the next block to hand out
	ended  atomic.Bool  // a block came short: the file ends there
	mu     sync.Mutex
	err    error // the first error that ended reading, io.EOF at the end of the file
}

func (s *fileBlocks) next(buf []byte, stop <-chan struct{}) (block, bool) {
	select {
	case <-stop:
		return block{}, false
	default:
	}
	if s.ended.Load() {
		return block{}, false
	}
	// A block handed out is read and merged (or, after a stop, kept for the
	// general reader): the blocks handed out are always the first ones.
	seq := s.seq.Add(1) - 1
	if seq == 0 {
		return block{seq: 0, buf: s.head, data: s.head, stop: -1}, true
	}
	if buf == nil {
		buf = getBlock()
	}
	n, err := s.file.ReadAt(buf, s.offset+(seq-1)*int64(blockSize))
	if n < len(buf) && err == nil {
		err = io.ErrNoProgress // ReadAt promises an error with a short read
	}
	if err != nil {
		s.ended.Store(true)
		s.mu.Lock()
		if s.err == nil || s.err == io.EOF && err != io.EOF {
			s.err = err
		}
		s.mu.Unlock()
	}
	return block{seq: int(seq), buf: buf, data: buf[:n], err: err, stop: -1}, true
}

func (s *fileBlocks) rest() io.Reader {
	switch {
	case s.err == nil:
		return io.NewSectionReader(s.file, s.offset+(s.seq.Load()-1)*int64(blockSize), math.MaxInt64-s.offset)
	case s.err != io.EOF:
		return errorReader{s.err}
	}
	return nil
}

// block is a run of the text, as read, and what its whole lines add up to.
type block struct {
	seq  int
	buf  []byte
	data []byte
	err  error // what ended reading after data; nil when there is more
	// data[:head] ends the line the block before left (up to its line
	// break), data[tail:] starts the line the next block ends; head is -1
	// when data has no line break.
	head, tail  int
	sums        *blockSums // the lines between; nil when not parsed
	lines       int        // lines read (summed, or skipped as blank) before stop
	stop        int        // offset in data of the first line left to the general reader; -1 when none
	beyondASCII bool       // the line at stop has the first byte beyond ASCII (fastPlan.undecided)
}

// parseBlock adds the whole lines of b to s.
func (w *fastWorker) parseBlock(b *block, s *blockSums) {
	b.head = bytes.IndexByte(b.data, '\n') + 1
	if b.head == 0 {
		b.head, b.tail = -1, 0
		return
	}
	b.tail = bytes.LastIndexByte(b.data, '\n') + 1
	lines, stop, beyond := w.scan(b.data[b.head:b.tail], s)
	b.sums, b.lines, b.beyondASCII = s, lines, beyond
	if stop >= 0 {
		b.stop = b.head + stop
	}
}

// merger merges the blocks in file order, reading the lines across their
// cuts, up to the first line the fast path leaves.
type merger struct {
	w        *fastWorker // reads the lines across cuts
	sums     *fileSums
	seamSums *blockSums
	seam     []byte // the start of a line, from the end of the block before
	lines    int

	ended       bool // the block with the end of the text has been merged
	stopped     bool
	rest        [][]byte // the text from the first line left, when stopped
	beyondASCII bool
}

// add merges the next block; true when the fast path stops there.
func (m *merger) add(b block) bool {
	if b.head < 0 {
		// No line break: the line across the cut goes on.
		if len(m.seam)+len(b.data) > blockSize {
			return m.stopAt(b, 0, false) // a line longer than a block: the general reader's
		}
		m.seam = append(m.seam, b.data...)
		if b.err == nil {
			return false
		}
		return m.last(b)
	}
	// The line across the cut.
	if len(m.seam)+b.head > blockSize {
		return m.stopAt(b, 0, false) // a line longer than a block: the general reader's
	}
	m.seam = append(m.seam, b.data[:b.head]...)
	if m.seamLine(b, m.seam) {
		return true
	}
	// The block's whole lines.
	if m.sums.total > math.MaxInt64-b.sums.total {
		// Summed with the blocks before, this one could overflow: the
		// general reader finds the row that does.
		return m.stopAt(b, b.head, false)
	}
	m.sums.merge(b.sums)
	m.lines += b.lines
	if b.stop >= 0 {
		return m.stopAt(b, b.stop, b.beyondASCII)
	}
	m.seam = append(m.seam[:0], b.data[b.tail:]...)
	if b.err != nil {
		return m.last(b)
	}
	return false
}

// seamLine reads the line across a cut; true when it stops there (the
// rest then starts with the line, and goes on with b's text after it).
func (m *merger) seamLine(b block, line []byte) bool {
	m.seamSums.reset()
	lines, stop, beyond := m.w.scan(line, m.seamSums)
	if stop < 0 && m.sums.total <= math.MaxInt64-m.seamSums.total {
		m.sums.merge(m.seamSums)
		m.lines += lines
		m.seam = m.seam[:0]
		return false
	}
	m.stopped, m.beyondASCII = true, beyond && stop >= 0
	m.rest = [][]byte{bytes.Clone(line)}
	if b.head >= 0 {
		m.rest = append(m.rest, b.data[b.head:])
	}
	return true
}

// last reads the line the last block leaves without a line break.
func (m *merger) last(b block) bool {
	if b.err != io.EOF {
		// A read error: the general reader reads up to it, and reports it.
		m.stopped = true
		m.rest = [][]byte{bytes.Clone(m.seam)}
		return true
	}
	if len(m.seam) == 0 {
		return false
	}
	return m.seamLine(block{head: -1}, m.seam)
}

// stopAt stops the fast path at offset at of b's text (after the line
// across the cut before it).
func (m *merger) stopAt(b block, at int, beyondASCII bool) bool {
	m.stopped, m.beyondASCII = true, beyondASCII
	m.rest = nil
	if at == 0 && len(m.seam) > 0 {
		m.rest = [][]byte{bytes.Clone(m.seam)}
	}
	m.rest = append(m.rest, b.data[at:])
	return true
}

// blockPool keeps the blocks of files read before: one file after another
// (the files of a glob) reuses them instead of clearing new ones.
var blockPool sync.Pool

func getBlock() []byte {
	if b, ok := blockPool.Get().(*[]byte); ok && len(*b) == blockSize {
		return *b
	}
	return make([]byte, blockSize)
}

// putBlocks returns the blocks of a finished run to the pool.
func putBlocks(free chan []byte) {
	for {
		select {
		case b := <-free:
			blockPool.Put(&b)
		default:
			return
		}
	}
}

// errorReader replays the error that ended reading, after the text before it.
type errorReader struct{ err error }

func (e errorReader) Read([]byte) (int, error) { return 0, e.err }
