package live

import (
	"context"
	"testing"
	"time"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// account500 is the performance target's account: 500 resources, every
// API call 50 ms away.
var account500 = livetest.Fake{Tables: 150, Functions: 200, LoadBalancers: 75, TargetGroups: 75}

const benchRegion = "eu-north-1"

func auditAndJudge(tb testing.TB, f *livetest.Front, e *rules.Engine) (*Inventory, *rules.ScanResult) {
	inv, err := Audit(context.Background(), options(f, benchRegion))
	require.NoError(tb, err)
	return inv, Evaluate(context.Background(), e, inv, EvalOptions{})
}

// BenchmarkAudit500 audits and judges an account of 500 resources with
// 50 ms of latency on every API call (go test -bench Audit500
// ./scanners/live). The collectors run concurrently per service and
// Region, Parallel (8) calls each.
func BenchmarkAudit500(b *testing.B) {
	f := newFront(b)
	f.Latency = 50 * time.Millisecond
	f.FakeRegion(benchRegion, account500)
	e, err := rules.New(rules.Options{})
	require.NoError(b, err)
	b.ResetTimer()
	for b.Loop() {
		f.Reset()
		inv, res := auditAndJudge(b, f, e)
		if res.Resources != account500.Resources() {
			b.Fatalf("audited %d resources, want %d", res.Resources, account500.Resources())
		}
		b.ReportMetric(float64(inv.Calls), "requests/op")
	}
}

// TestAudit500ResourcesIsFast is the same account as a test, with a bound
// (15 s) far above the few seconds it takes, so it only fails when the
// audit stops running its collectors concurrently.
func TestAudit500ResourcesIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds")
	}
	f := newFront(t)
	f.Latency = 50 * time.Millisecond
	f.FakeRegion(benchRegion, account500)
	e, err := rules.New(rules.Options{})
	require.NoError(t, err)
	start := time.Now()
	inv, res := auditAndJudge(t, f, e)
	took := time.Since(start)
	t.Logf("500 resources, %d requests at 50 ms each: %s", inv.Calls, took.Round(time.Millisecond))
	assert.Equal(t, account500.Resources(), res.Resources)
	assert.Less(t, took, 15*time.Second)
	assert.Less(t, took, time.Duration(inv.Calls)*50*time.Millisecond/4, "at least 4 calls in flight on average")
}
