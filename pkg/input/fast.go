package input

import (
	"bytes"
	"io"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/nollmission/nollmission/pkg/channel"
	"github.com/nollmission/nollmission/pkg/period"
)

// The fast path sums the rows of a file whose lines are simple (no quotes)
// without encoding/csv, a string or an allocation per row, on every core:
// one goroutine reads blocks cut at line ends, workers parse them into
// per-block sums, and the caller's goroutine merges the sums in file order.
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

// blockSize is the size of the blocks the workers parse: large enough
// that handing one over costs nothing next to parsing it, small enough to
// stay in the cache between the reader and a worker. A line longer than a
// block goes to the general reader, so a block must be no larger than the
// record guard's limit (maxRecordBytes), which then refuses no line the
// fast path reads. (A variable for the tests, which cut small files into
// many blocks.)
var blockSize = 1 << 20

// fastPlan is what parsing one file's rows needs to know.
type fastPlan struct {
	delim     byte
	delimiter []byte      // delim, for bytes.Count
	cols      *columns    // the general reader's binding, for the lines the fast lane leaves (fastline.go)
	roles     []fieldRole // the role of each field up to the last one used
	nfields   int         // fields in the header
	country   string      // every row's country when there is no country column
	bucketer  *period.Bucketer
	hasCount  bool
	undecided bool // the text is read beneath a decoder that has not decided the encoding: a byte beyond ASCII stops a block
	names     *names
	// The indexes of the values of the columns the file does not have.
	fixedCountry, fixedChannel, fixedCategory int32
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
)

// newFastPlan returns the plan for a file, or nil when its rows need the
// general reader: a delimiter beyond ASCII, or a header that spans lines
// (then line numbers would need csv's count).
func newFastPlan(cols *columns, header []string, delimiter rune, country string, b *period.Bucketer) *fastPlan {
	if delimiter >= 0x80 || delimiter == '"' {
		return nil
	}
	for _, h := range header {
		if strings.IndexByte(h, '\n') >= 0 {
			return nil
		}
	}
	used := []struct {
		col  int
		role fieldRole
	}{{cols.period, periodField}, {cols.country, countryField}, {cols.count, countField},
		{cols.channel, channelField}, {cols.category, categoryField}, {cols.score, scoreField}}
	last := 0
	for _, u := range used {
		last = max(last, u.col)
	}
	p := &fastPlan{delim: byte(delimiter), delimiter: []byte{byte(delimiter)}, cols: cols, roles: make([]fieldRole, last+1), hasCount: cols.count != absent,
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
	line := f.Line(0) + 1 // the line after the header
	sums := newFileSums()
	text, undecided := f.fastText()
	for {
		plan.undecided = undecided
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
			text, undecided = f.decodeFrom(got.rest), false
			continue
		}
		f.resumeAt(got.rest, line, undecided)
		break
	}
	if err := sums.emit(plan.names, emit); err != nil {
		return 0, err
	}
	return sums.rows, nil
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
func (p *fastPlan) run(body io.Reader, sums *fileSums) fastResult {
	workers := max(runtime.GOMAXPROCS(0), 1)
	buffers := 2*workers + 2 // every worker busy, one block waiting for each, one being read
	free := make(chan []byte, buffers)
	jobs := make(chan block, buffers)
	done := make(chan parsed, buffers)
	stop := make(chan struct{})
	end := make(chan readEnd, 1)
	spare := make(chan *blockSums, buffers) // sums merged, to use again

	go readBlocks(body, buffers, free, jobs, stop, end)
	for range workers {
		go func() {
			w := newFastWorker(p)
			for b := range jobs {
				select {
				case <-stop:
					done <- parsed{block: b, stop: 0} // not parsed: the general reader will read it
					continue
				default:
				}
				var s *blockSums
				select {
				case s = <-spare:
					s.reset()
				default:
					s = newBlockSums()
				}
				lines, at, beyond := w.scan(b.data, s)
				done <- parsed{block: b, sums: s, lines: lines, stop: at, beyondASCII: beyond}
			}
		}()
	}

	// Merge in file order; from the first block that stops, keep the
	// blocks' text for the general reader instead.
	var rest [][]byte
	lines, next, stopped, beyond := 0, 0, false, false
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
					stopped, rest, beyond = true, [][]byte{r.data[r.stop:]}, r.beyondASCII
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
			return fastResult{lines: lines}
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
	return fastResult{lines: lines, rest: io.MultiReader(readers...), beyondASCII: beyond}
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
	sums        *blockSums // nil when the block was not parsed
	lines       int        // lines read (summed, or skipped as blank) before stop
	stop        int        // offset in data of the first line left to the general reader; -1 when none
	beyondASCII bool       // the line at stop has the first byte beyond ASCII (fastPlan.undecided)
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
