package cmd

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// followLiveHeap keeps Go's soft memory limit at least twice the live heap,
// and never below floor, re-checking after every collection. A fixed limit
// below the live heap (one template of 20,000 resources, a report of
// 40,000 findings) makes the collector run back to back: each cycle costs
// as much as the live heap and frees almost nothing, so the run slowed
// down quadratically (a 20,000-resource template: 3 s of CPU without the
// limit, 11 s with it). With the limit at twice the live heap, a cycle
// frees at least as much as it marks, and the floor still keeps a scan of
// many small templates near its peak RSS of ~125 MB. The returned func
// stops following (tests).
func followLiveHeap(floor int64) (stop func()) {
	var stopped atomic.Bool
	debug.SetMemoryLimit(floor)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		// A finalizer on a fresh object runs once after the next
		// collection: the usual way to hear about each GC cycle.
		s := &gcSentinel{}
		runtime.SetFinalizer(s, func(*gcSentinel) {
			if stopped.Load() {
				return
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetMemoryLimit(max(floor, 2*int64(sample[0].Value.Uint64())))
			}
			arm()
		})
	}
	arm()
	return func() { stopped.Store(true) }
}

// gcSentinel is big enough, and holds a pointer, so that it is allocated
// on its own (finalizers on tiny pointer-free objects may never run).
type gcSentinel struct {
	_ *int
	_ [8]int64
}
