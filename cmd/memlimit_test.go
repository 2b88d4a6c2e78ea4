package cmd

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMemoryLimitFollowsLiveHeap counts collections: with a live heap far
// above the limit's floor, allocating garbage must cost a number of GC
// cycles proportional to the garbage over the live heap, not one cycle per
// few allocations (this measures 6 cycles; a fixed 16 MiB limit, 61).
func TestMemoryLimitFollowsLiveHeap(t *testing.T) {
	defer debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	stop := followLiveHeap(16 << 20)
	defer stop()
	live := make([][]byte, 64)
	for i := range live {
		live[i] = make([]byte, 1<<20) // 64 MiB live, four times the floor
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var sink []byte
	for i := 0; i < 8192; i++ { // 512 MiB of garbage
		sink = make([]byte, 64<<10)
	}
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(live)
	runtime.KeepAlive(sink)
	cycles := after.NumGC - before.NumGC
	t.Logf("%d GC cycles for 512 MiB of garbage over a 64 MiB live heap", cycles)
	assert.Less(t, cycles, uint32(24))
}
