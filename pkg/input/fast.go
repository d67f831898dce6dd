package input

import (
	"bytes"
	"cmp"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/period"
)

// The fast path sums the rows of a file whose rows are simple (no quotes,
// the columns of a transactions file: period, country, count) without
// encoding/csv, a string or an allocation per row, on every core: one
// goroutine reads blocks cut at line ends, workers parse them into per-block
// sums, and the caller's goroutine merges the sums in file order.
//
// It reads the same text as the general reader (after decompression,
// decoding and the record guard), and it never reports bad data itself: a
// line it does not fully understand (a quote, a value that does not parse, a
// ragged row that is not blank, a sum that would overflow) stops it there,
// and the general reader goes on from the start of that line, with its line
// number. So every error, and every row after it, is the general reader's,
// and the first error in file order is the one reported.

// blockSize is the size of the blocks the workers parse: large enough
// that handing one over costs nothing next to parsing it, small enough to
// stay in the cache between the reader and a worker. (A variable for the
// tests, which cut small files into many blocks.)
var blockSize = 1 << 20

const (
	// fastWindow is the span of months a block's sums keep in an array; a
	// month outside it goes to a map.
	fastWindow = 36
)

// fastPlan is what parsing one file's rows needs to know.
type fastPlan struct {
	delim                byte
	delimiter            []byte // delim, for bytes.Count
	hasCountry, hasCount bool
	roles                []fieldRole // the role of each field up to the last one used
	nfields              int         // fields in the header
	minFields            int         // the fewest fields a row may have (the header's trailing empty names may be missing)
	country              string      // every row's country when there is no country column
	bucketer             *period.Bucketer
}

type fieldRole uint8

const (
	ignored fieldRole = iota
	periodField
	countryField
	countField
)

// newFastPlan returns the plan for a file, or nil when its rows need the
// general reader: columns the fast path does not parse (channel, category,
// score), or a header that spans lines (then line numbers would need csv's
// count).
func newFastPlan(cols *columns, header []string, delimiter rune, country string, b *period.Bucketer) *fastPlan {
	if cols.channel != absent || cols.category != absent || cols.score != absent || delimiter >= 0x80 || delimiter == '"' {
		return nil
	}
	for _, h := range header {
		if strings.IndexByte(h, '\n') >= 0 {
			return nil
		}
	}
	last := max(cols.period, cols.country, cols.count)
	p := &fastPlan{delim: byte(delimiter), delimiter: []byte{byte(delimiter)}, roles: make([]fieldRole, last+1),
		hasCountry: cols.country != absent, hasCount: cols.count != absent, nfields: cols.nfields, country: country, bucketer: b}
	p.roles[cols.period] = periodField
	if cols.country != absent {
		p.roles[cols.country] = countryField
	}
	if cols.count != absent {
		p.roles[cols.count] = countField
	}
	p.minFields = cols.nfields
	for p.minFields > 1 && strings.TrimSpace(cols.header[p.minFields-1]) == "" {
		p.minFields--
	}
	return p
}

// sumRows is the fast path as the CSV reader offers it (records.go's
// summer): the rows after the header, summed, up to the first line it
// leaves to the general reader, from which Next goes on. A file whose rows
// need the general reader is left to it whole.
func (r *csvRecords) sumRows(cols *columns, header []string, country string, cfg Config, emit func(*Row) error) (int64, error) {
	f := r.f
	plan := newFastPlan(cols, header, f.Dialect().Delimiter, country, cfg.Bucketer)
	if plan == nil {
		return 0, nil
	}
	headerLine := f.Line(0)
	got := plan.run(f.body)
	if err := emitSums(got.sums, emit); err != nil {
		return 0, err
	}
	if got.rest == nil {
		r.summedAll = true
	} else {
		f.resume(got.rest, headerLine+1+got.lines)
	}
	return got.sums.rows, nil
}

// emitSums hands the sums to emit, one Row a cell, in a fixed order.
func emitSums(t *tally, emit func(*Row) error) error {
	type sum struct {
		country string
		month   period.Month
		cell
	}
	var sums []sum
	t.each(func(country string, m period.Month, x cell) { sums = append(sums, sum{country, m, x}) })
	slices.SortFunc(sums, func(a, b sum) int {
		return cmp.Or(strings.Compare(a.country, b.country), cmp.Compare(a.month, b.month))
	})
	// The fields Read sets for a row without channel, category or score.
	row := Row{Channel: channel.Unspecified}
	for _, s := range sums {
		row.Month, row.Country, row.Count = s.month, s.country, s.count
		if err := emit(&row); err != nil {
			return err
		}
	}
	return nil
}

// fastResult is what the fast path read: the sums, and where the general
// reader is to go on.
type fastResult struct {
	sums  *tally
	lines int       // the lines read, from the first after the header
	rest  io.Reader // the text from the first line not read; nil at the end of the file
}

// run reads body to its end or to the first line the fast path leaves to
// the general reader.
func (p *fastPlan) run(body io.Reader) fastResult {
	workers := max(runtime.GOMAXPROCS(0), 1)
	buffers := 2*workers + 2 // every worker busy, one block waiting for each, one being read
	free := make(chan []byte, buffers)
	jobs := make(chan block, buffers)
	done := make(chan parsed, buffers)
	stop := make(chan struct{})
	end := make(chan readEnd, 1)
	spare := make(chan *tally, buffers) // tallies merged, to use again

	go readBlocks(body, buffers, free, jobs, stop, end)
	for range workers {
		go func() {
			for b := range jobs {
				select {
				case <-stop:
					done <- parsed{block: b, stop: 0} // not parsed: the general reader will read it
					continue
				default:
				}
				var t *tally
				select {
				case t = <-spare:
					t.reset()
				default:
					t = newTally()
				}
				lines, at := p.scan(b.data, t)
				done <- parsed{block: b, sums: t, lines: lines, stop: at}
			}
		}()
	}

	// Merge in file order; from the first block that stops, keep the
	// blocks' text for the general reader instead.
	sums := newTally()
	var rest [][]byte
	lines, next, stopped := 0, 0, false
	early := map[int]parsed{}
	var last *readEnd
	for last == nil || next < last.blocks {
		select {
		case r := <-done:
			early[r.seq] = r
		case e := <-end:
			last = &e
		}
		for r, ok := early[next]; ok; r, ok = early[next] {
			delete(early, next)
			next++
			switch {
			case stopped:
				rest = append(rest, r.data)
			case r.sums == nil || sums.total > math.MaxInt64-r.sums.total:
				// Summed with the blocks before, this one could overflow:
				// the general reader finds the row that does.
				stopped, rest = true, [][]byte{r.data}
				close(stop)
			default:
				sums.merge(r.sums)
				lines += r.lines
				if r.stop >= 0 {
					stopped, rest = true, [][]byte{r.data[r.stop:]}
					close(stop)
					continue
				}
				select {
				case spare <- r.sums:
				default: // as many spare as blocks will do
				}
				free <- r.buf // never blocks: there are only so many buffers
			}
		}
	}
	putBlocks(free) // the reader is done: the blocks left are no one's
	if !stopped {
		close(stop)
		if len(last.carry) == 0 && last.err == nil && !last.more {
			return fastResult{sums: sums, lines: lines}
		}
	}
	readers := make([]io.Reader, 0, len(rest)+2)
	for _, b := range rest {
		readers = append(readers, bytes.NewReader(b))
	}
	readers = append(readers, bytes.NewReader(last.carry))
	switch {
	case last.err != nil:
		readers = append(readers, errorReader{last.err})
	case last.more:
		readers = append(readers, body)
	}
	return fastResult{sums: sums, lines: lines, rest: io.MultiReader(readers...)}
}

// block is a run of whole lines, in its buffer.
type block struct {
	seq  int
	buf  []byte
	data []byte
}

// parsed is a block and what its lines add up to.
type parsed struct {
	block
	sums  *tally // nil when the block was not parsed
	lines int    // lines read (summed, or skipped as blank) before stop
	stop  int    // offset in data of the first line left to the general reader; -1 when none
}

// readEnd is how reading ended: after blocks blocks, with carry (the start
// of a line) read but not handed over, and then the error, or more to read
// from the body, or the end of the file.
type readEnd struct {
	blocks int
	carry  []byte
	err    error
	more   bool
}

// readBlocks fills buffers from body and hands them over cut after their
// last line break; the rest (the start of a line) begins the next buffer.
// At most buffers buffers exist, so neither channel send can block.
func readBlocks(body io.Reader, buffers int, free chan []byte, jobs chan<- block, stop <-chan struct{}, end chan<- readEnd) {
	defer close(jobs)
	var carry []byte
	seq, allocated := 0, 0
	for {
		var buf []byte
		select {
		case <-stop:
			end <- readEnd{blocks: seq, carry: carry, more: true}
			return
		case buf = <-free:
		default:
			if allocated < buffers {
				buf, allocated = getBlock(), allocated+1
				break
			}
			select {
			case <-stop:
				end <- readEnd{blocks: seq, carry: carry, more: true}
				return
			case buf = <-free:
			}
		}
		n := copy(buf, carry)
		var err error
		for n < len(buf) && err == nil {
			var k int
			k, err = body.Read(buf[n:])
			n += k
		}
		data := buf[:n]
		cut := bytes.LastIndexByte(data, '\n') + 1
		eof := err == io.EOF
		if eof {
			cut, err = n, nil // the last line needs no line break
		}
		if cut == 0 && err == nil && n == len(buf) {
			// A line longer than a block: the record guard refuses far
			// shorter ones, but whatever it is, the general reader reads it.
			end <- readEnd{blocks: seq, carry: data, more: true}
			return
		}
		carry = append(carry[:0], data[cut:]...)
		if cut > 0 {
			jobs <- block{seq: seq, buf: buf, data: data[:cut]}
			seq++
		}
		if err != nil || eof {
			end <- readEnd{blocks: seq, carry: carry, err: err}
			return
		}
	}
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

// scan sums the lines of data into t, up to the first line it leaves to the
// general reader (stop, an offset in data; -1 when it read them all), and
// counts the lines it read.
func (p *fastPlan) scan(data []byte, t *tally) (lines, stop int) {
	quote := bytes.IndexByte(data, '"') // csv's quoting: left to csv
	if quote < 0 {
		quote = len(data)
	}
	var cells [4][]byte // by fieldRole
	for start := 0; start < len(data); lines++ {
		line, next := data[start:], len(data)
		if end := bytes.IndexByte(line, '\n'); end >= 0 {
			line, next = line[:end], start+end+1
		}
		if quote < next {
			return lines, start
		}
		// As csv reads a line: a \r before the line break (or the end of
		// the file) is dropped, and an empty line is no record.
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if len(line) > 0 && !p.row(line, t, &cells) {
			return lines, start
		}
		start = next
	}
	return lines, -1
}

// row adds one line to t, or tells that the general reader must read it.
// A blank row (only delimiters and spaces) is skipped, as Read skips it.
func (p *fastPlan) row(line []byte, t *tally, cells *[4][]byte) bool {
	rest, fields := line, 0
	for _, role := range p.roles {
		fields++
		i := bytes.IndexByte(rest, p.delim)
		if i < 0 {
			cells[role], rest = rest, nil
			break
		}
		cells[role], rest = rest[:i], rest[i+1:]
	}
	if rest != nil {
		fields += 1 + bytes.Count(rest, p.delimiter)
	}
	if fields != p.nfields && !p.fits(line, fields) {
		return blankLine(line, p.delim) // cells may be stale: not read
	}

	// This runs once a row: the country table and the month window are
	// written out here, where calls would not be inlined.
	cell := cells[periodField]
	if len(cell) > 0 && (isSpace(cell[0]) || isSpace(cell[len(cell)-1])) {
		cell = trimSpace(cell)
	}
	m, err := p.bucketer.Month(text(cell))
	if err != nil {
		return blankLine(line, p.delim)
	}
	var c int
	switch country := cells[countryField]; {
	case !p.hasCountry:
		c = t.countryIndexOf(p.country)
	case len(country) == 2 && country[0]-'A' < 26 && country[1]-'A' < 26 && t.codes[int(country[0]-'A')*26+int(country[1]-'A')] > 0:
		c = int(t.codes[int(country[0]-'A')*26+int(country[1]-'A')] - 1) // an ISO code met before
	default:
		var ok bool
		if c, ok = t.countryIndex(country); !ok {
			return false
		}
	}
	n := int64(1)
	if p.hasCount {
		var reason string
		if n, reason = parseCountBytes(cells[countField]); reason != "" {
			return false
		}
	}
	if t.total > math.MaxInt64-n {
		return false
	}
	if i := c*fastWindow + int(m-t.lo); t.windowed && uint(m-t.lo) < fastWindow && uint(i) < uint(len(t.cells)) {
		x := &t.cells[i]
		x.count += n
		x.rows++
		t.rows++
		t.total += n
		return true
	}
	t.add(c, m, n, 1)
	return true
}

// fits tells whether a row of the given number of fields fits the header as
// Read's fit does: missing fields may only be the header's trailing empty
// ones, extra fields must be blank.
func (p *fastPlan) fits(line []byte, fields int) bool {
	if fields < p.nfields {
		return fields >= p.minFields
	}
	// The fields beyond the header's must be blank.
	for range p.nfields {
		line = line[bytes.IndexByte(line, p.delim)+1:]
	}
	return blankLine(line, p.delim)
}

// blankLine tells a line of delimiters and white space only: a row Read
// skips. It looks at ASCII only; anything else is for the general reader.
func blankLine(line []byte, delim byte) bool {
	for _, c := range line {
		if c != delim && !isSpace(c) {
			return false
		}
	}
	return true
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// isSpace is the ASCII white space of strings.TrimSpace.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// trimSpace trims ASCII white space; a cell whose ends are other Unicode
// white space does not parse, and goes to the general reader.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// text views b as a string without copying it: Bucketer.Month and
// parseCount take strings, and a copy would be the only allocation per row.
// It is safe because neither keeps the string (their errors copy what they
// quote, and the fast path drops their errors), and b's buffer is reused
// only after they return.
func text(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// parseCountBytes is parseCount for a cell of bytes, without a detour for
// the usual plain digits.
func parseCountBytes(cell []byte) (int64, string) {
	digits := trimSpace(cell)
	if len(digits) == 0 || len(digits) > 18 { // 18 digits cannot overflow
		return parseCount(text(cell))
	}
	n := int64(0)
	for _, c := range digits {
		if c < '0' || c > '9' {
			return parseCount(text(cell))
		}
		n = n*10 + int64(c-'0')
	}
	return n, ""
}

// tally is the sums of a block (or a file) by country and month: in an array
// over a window of months for each country, and in a map beyond it.
type tally struct {
	names    []string       // country names, by index
	codes    [26 * 26]int32 // index+1 of the two-letter codes met; 0 for the others
	index    map[string]int // name to index, once there are many
	last     int            // the index found last: rows come in runs
	windowed bool           // the window is set (at the first row)
	lo       period.Month   // the window's first month
	cells    []cell         // [country*fastWindow + month-lo]
	far      map[farKey]*cell
	rows     int64
	total    int64
}

type cell struct{ count, rows int64 }

type farKey struct {
	country int
	month   period.Month
}

func newTally() *tally { return &tally{} }

// reset empties t for another block; it keeps its countries (their indexes
// and codes) and its window, which the next block most likely needs too.
func (t *tally) reset() {
	clear(t.cells)
	t.far = nil
	t.rows, t.total = 0, 0
}

// countryIndex finds a country cell's index, as Read writes the country:
// trimmed and in upper case. It refuses an empty cell and one with bytes
// beyond ASCII (Unicode spaces and case are the general reader's).
func (t *tally) countryIndex(cell []byte) (int, bool) {
	cell = trimSpace(cell)
	if len(cell) == 2 && isUpper(cell[0]) && isUpper(cell[1]) {
		// An ISO code, as nearly every row has: row finds it in the
		// table from now on.
		code := int(cell[0]-'A')*26 + int(cell[1]-'A')
		i := t.countryIndexOf(text(cell))
		t.codes[code] = int32(i + 1)
		return i, true
	}
	if len(cell) == 0 {
		return 0, false
	}
	lower := false
	for _, c := range cell {
		if c >= 0x80 {
			return 0, false
		}
		lower = lower || 'a' <= c && c <= 'z'
	}
	if !lower {
		return t.countryIndexOf(text(cell)), true
	}
	var buf [16]byte
	name := append(buf[:0], cell...)
	for i, c := range name {
		if 'a' <= c && c <= 'z' {
			name[i] = c - ('a' - 'A')
		}
	}
	return t.countryIndexOf(text(name)), true
}

// countryIndexOf finds or adds a country; name may view a buffer, and is
// copied when added.
func (t *tally) countryIndexOf(name string) int {
	if t.last < len(t.names) && t.names[t.last] == name {
		return t.last
	}
	i, ok := t.find(name)
	if !ok {
		i = len(t.names)
		owned := strings.Clone(name)
		t.names = append(t.names, owned)
		if t.index != nil || len(t.names) > 8 {
			if t.index == nil {
				t.index = make(map[string]int, 16)
				for j, n := range t.names[:i] {
					t.index[n] = j
				}
			}
			t.index[owned] = i
		}
		if t.windowed {
			t.cells = append(t.cells, make([]cell, fastWindow)...)
		}
	}
	t.last = i
	return i
}

func (t *tally) find(name string) (int, bool) {
	if t.index != nil {
		i, ok := t.index[name]
		return i, ok
	}
	for i, n := range t.names {
		if n == name {
			return i, true
		}
	}
	return 0, false
}

// add counts n in rows rows for country c in month m.
func (t *tally) add(c int, m period.Month, n, rows int64) {
	t.rows += rows
	t.total += n
	x := t.cell(c, m)
	x.count += n
	x.rows += rows
}

func (t *tally) cell(c int, m period.Month) *cell {
	if i := int(m - t.lo); t.windowed && uint(i) < fastWindow {
		return &t.cells[c*fastWindow+i]
	}
	if !t.windowed {
		// The first row: the window starts a year before its month.
		t.windowed, t.lo = true, m-12
		t.cells = make([]cell, len(t.names)*fastWindow, max(len(t.names), 8)*fastWindow)
		return &t.cells[c*fastWindow+12]
	}
	if t.far == nil {
		t.far = map[farKey]*cell{}
	}
	x := t.far[farKey{c, m}]
	if x == nil {
		x = &cell{}
		t.far[farKey{c, m}] = x
	}
	return x
}

// merge adds u's sums to t's.
func (t *tally) merge(u *tally) {
	u.each(func(country string, m period.Month, x cell) {
		t.add(t.countryIndexOf(country), m, x.count, x.rows)
	})
}

// each calls f for every cell that had a row.
func (t *tally) each(f func(country string, m period.Month, x cell)) {
	if t.windowed {
		for c, name := range t.names {
			for i, x := range t.cells[c*fastWindow : (c+1)*fastWindow] {
				if x.rows > 0 {
					f(name, t.lo+period.Month(i), x)
				}
			}
		}
	}
	for k, x := range t.far {
		f(t.names[k.country], k.month, *x)
	}
}
