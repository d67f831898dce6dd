// Package progressbar shows how far a long read has got: a line on a
// terminal's stderr, redrawn in place, that appears only once reading has
// taken a second (most reads end before, and print nothing) and is erased
// when reading ends, so that nothing of it is left in the output.
package progressbar

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
)

const (
	// Delay is how long a read runs before the bar appears.
	Delay = time.Second
	// interval is how often the bar is redrawn.
	interval = 200 * time.Millisecond
	// width is the bar's width in characters.
	width = 24
)

// IsTerminal tells whether w is a terminal (a pipe, a file or a buffer is
// not): only there is a line redrawn in place worth showing.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Bar counts the bytes read and draws them, from a goroutine of its own.
type Bar struct {
	w     io.Writer
	total int64 // bytes to read; 0 when unknown (standard input)
	done  atomic.Int64
	start time.Time
	stop  chan struct{}
	ended sync.WaitGroup
	drawn int // the width of the line last drawn; 0 when none is
}

// Start starts a bar for reading total bytes (0 when unknown) that draws on
// w after delay; Stop ends it.
func Start(w io.Writer, total int64, delay time.Duration) *Bar {
	b := &Bar{w: w, total: total, start: time.Now(), stop: make(chan struct{})}
	b.ended.Add(1)
	go b.run(delay)
	return b
}

func (b *Bar) run(delay time.Duration) {
	defer b.ended.Done()
	wait := time.NewTimer(delay)
	defer wait.Stop()
	select {
	case <-b.stop:
		return
	case <-wait.C:
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		b.draw()
		select {
		case <-b.stop:
			return
		case <-tick.C:
		}
	}
}

func (b *Bar) draw() {
	line := Line(b.done.Load(), b.total, time.Since(b.start))
	pad := max(b.drawn-len(line), 0) // blank out the rest of a longer line before
	fmt.Fprintf(b.w, "\r%s%s", line, strings.Repeat(" ", pad))
	b.drawn = len(line)
}

// Stop ends the bar and erases its line, if it drew one.
func (b *Bar) Stop() {
	close(b.stop)
	b.ended.Wait()
	if b.drawn > 0 {
		fmt.Fprintf(b.w, "\r%s\r", strings.Repeat(" ", b.drawn))
	}
}

// Reader counts what is read from r. A file read at random places (as
// Parquet is) stays one: its ReadAt and Stat are r's, and what ReadAt reads
// is counted too; hiding them would make its reader copy it first.
func (b *Bar) Reader(r io.ReadCloser) io.ReadCloser {
	c := &counted{r, b}
	if f, ok := r.(randomAccess); ok {
		return &countedFile{c, f}
	}
	return c
}

type randomAccess interface {
	io.ReaderAt
	Stat() (fs.FileInfo, error)
}

type countedFile struct {
	*counted
	f randomAccess
}

func (c *countedFile) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.f.ReadAt(p, off)
	c.bar.done.Add(int64(n))
	return n, err
}

func (c *countedFile) Stat() (fs.FileInfo, error) { return c.f.Stat() }

type counted struct {
	io.ReadCloser
	bar *Bar
}

func (c *counted) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.bar.done.Add(int64(n))
	return n, err
}

// Line is the bar for done of total bytes (total 0: unknown) read in
// elapsed: "reading [=========>          ]  45%  297 of 660 MB  1.1 GB/s".
func Line(done, total int64, elapsed time.Duration) string {
	rate := ""
	if s := elapsed.Seconds(); s > 0 {
		rate = "  " + Bytes(int64(float64(done)/s)) + "/s"
	}
	if total <= 0 {
		return "reading  " + Bytes(done) + rate
	}
	done = min(done, total)
	filled := int(done * width / total)
	arrow := ""
	if filled < width {
		arrow = ">"
	}
	bar := strings.Repeat("=", filled) + arrow + strings.Repeat(" ", width-filled-len(arrow))
	return fmt.Sprintf("reading [%s] %3d%%  %s of %s%s", bar, done*100/total, Bytes(done), Bytes(total), rate)
}

// Bytes writes a byte count in decimal units, as disks and networks count
// them: 850 B, 297 MB, 1.1 GB.
func Bytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	prefix, v := 0, float64(n)
	for v >= unit && prefix < 4 {
		v /= unit
		prefix++
	}
	name := []string{"", "kB", "MB", "GB", "TB"}[prefix]
	if v < 9.95 { // would round to 10.0
		return fmt.Sprintf("%.1f %s", v, name)
	}
	return fmt.Sprintf("%.0f %s", v, name)
}
