// Package gcpace bounds the garbage collector's headroom when the live heap
// is large. Go lets the heap grow to twice what was live at the last
// collection (GOGC=100): nothing for the few megabytes of a run over
// purchases, but a hundred megabytes more for a million distinct keys,
// whose tables are live for the whole run. After each collection the pace
// is set so that the heap may grow by the larger of 32 MiB and a quarter of
// what is live: a peak of about 1.25 times the live heap, for a few more
// collections of a heap that holds few pointers.
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

// Start paces every collection from now on, unless GOGC or GOMEMLIMIT is
// set: then the user's setting holds. A second call does nothing.
var Start = sync.OnceFunc(func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	p := &pacer{percent: 100, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
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
