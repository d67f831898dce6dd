package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const MiB = 1 << 20
	tests := []struct {
		live uint64
		want int
	}{
		{0, 100},
		{4 * MiB, 100},
		{32 * MiB, 100}, // the heap may grow by 32 MiB: the default pace
		{40 * MiB, 80},  // 32 of 40
		{64 * MiB, 50},
		{128 * MiB, 25},
		{100 << 30, 25}, // the largest: a quarter of the live heap
	}
	for _, tt := range tests {
		if got := Percent(tt.live); got != tt.want {
			t.Errorf("Percent(%d MiB) = %d, want %d", tt.live/MiB, got, tt.want)
		}
	}
}

// TestPaceFollowsTheLiveHeap: with 96 MiB live, a collection sets the pace
// to a third (32 of 96); once that is garbage, the default again.
func TestPaceFollowsTheLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	Start()
	live := make([]byte, 96<<20)
	for i := range live {
		live[i] = 1 // in use, and counted
	}
	if got, ok := paceAfterGC(func(p int) bool { return p < 100 }); !ok || got < 30 || got > 40 {
		t.Errorf("with 96 MiB live, GOGC = %d, want about 33", got)
	}
	runtime.KeepAlive(live)
	live = nil
	if got, ok := paceAfterGC(func(p int) bool { return p == 100 }); !ok {
		t.Errorf("with little live, GOGC = %d, want 100", got)
	}
}

// TestStartPaceUntilTheFirstCollection: the start's pace, then, after a
// collection, the default for a small live heap; the user's GOGC stands.
func TestStartPaceUntilTheFirstCollection(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	early()
	if got := gogc(); got != startPercent {
		t.Fatalf("at start GOGC = %d, want %d", got, startPercent)
	}
	p := &pacer{percent: startPercent, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	p.arm()
	if got, ok := paceAfterGC(func(p int) bool { return p == 100 }); !ok {
		t.Errorf("after a collection GOGC = %d, want 100", got)
	}

	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	early()
	if got := gogc(); got != 50 {
		t.Errorf("with GOGC=50 set, early makes it %d", got)
	}
}

func gogc() int {
	sample := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(sample)
	return int(sample[0].Value.Uint64())
}

// paceAfterGC collects until the GOGC the pacer sets satisfies done (its
// cleanup runs after a collection, on another goroutine), for at most a
// few seconds; false if it never does.
func paceAfterGC(done func(percent int) bool) (int, bool) {
	percent := 0
	for range 200 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		if percent = gogc(); done(percent) {
			return percent, true
		}
	}
	return percent, false
}
