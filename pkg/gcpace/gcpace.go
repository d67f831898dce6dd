// Package gcpace bounds the garbage collector's headroom when the live heap
// is large. Go lets the heap grow to twice what was live at the last
// collection (GOGC=100): nothing for the few megabytes of a run over
// purchases, but a hundred megabytes more for a million distinct keys,
// whose tables are live for the whole run. After each collection the pace
// is set so that the heap may grow by the larger of 32 MiB and a quarter of
// what is live: a peak of about 1.25 times the live heap, for a few more
// collections of a heap that holds few pointers.
//
// Importing the package sets the pace of the program's start (see
// startPercent).
package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

const (
	// minHeadroom is what the heap may always grow by: below 32 MiB live,
	// the default pace (GOGC=100) holds.
	minHeadroom = 32 << 20
	// minPercent is the pace for the largest heaps: a quarter of the live
	// heap, GOGC=25.
	minPercent = 25
)

// Percent is the GOGC for a live heap of live bytes.
func Percent(live uint64) int {
	if live <= minHeadroom {
		return 100
	}
	return max(minPercent, int(uint64(100)*minHeadroom/live))
}

// startPercent is the pace until the first collection. The libraries'
// initialisation allocates about 4 MiB, the default first goal, and the
// collection that followed took a third of the CPU of `nollmission
// --version` (47 ms of CPU, 31 without it). At 400 the first collection
// comes at 16 MiB, once the program is under way.
const startPercent = 400

// The start's pace is set as the package is initialised: Go does so
// before the libraries that allocate most at start, since it imports
// only the standard library's core and its path sorts before theirs
// (GODEBUG=inittrace=1 shows the order). The first collection ends it.
func init() { early() }

func early() {
	if !userSet() {
		debug.SetGCPercent(startPercent)
	}
}

// userSet reports whether GOGC or GOMEMLIMIT is set: then the user's
// setting holds.
func userSet() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }

// Start paces every collection from now on, unless GOGC or GOMEMLIMIT is
// set: then the user's setting holds. A second call does nothing. The
// start's pace holds until the first collection.
var Start = sync.OnceFunc(func() {
	if userSet() {
		return
	}
	p := &pacer{percent: startPercent, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	p.arm()
})

type pacer struct {
	percent int
	sample  []metrics.Sample
}

// sentinel is an object made only to be collected: its cleanup runs after
// each collection. It holds a pointer so that it is not one of the tiny
// objects whose cleanups may never run.
type sentinel struct{ _ *int }

func (p *pacer) arm() {
	runtime.AddCleanup(&sentinel{}, func(p *pacer) { p.pace() }, p)
}

// pace runs after a collection: it sets the pace for the live heap the
// collection found, then waits for the next.
func (p *pacer) pace() {
	metrics.Read(p.sample)
	if v := p.sample[0].Value; v.Kind() == metrics.KindUint64 {
		if percent := Percent(v.Uint64()); percent != p.percent {
			p.percent = percent
			debug.SetGCPercent(percent)
		}
	}
	p.arm()
}
