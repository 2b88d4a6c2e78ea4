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
	return inv, judge(e, inv, rules.EvalOptions{})
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

// TestAudit500ResourcesRunsConcurrently is the same account as a test. It
// counts what makes the audit fast instead of timing it (the benchmark
// does that): with 50 ms on every call, the collectors of the services and
// their parallel calls keep many requests in flight at once.
func TestAudit500ResourcesRunsConcurrently(t *testing.T) {
	f := newFront(t)
	f.Latency = 50 * time.Millisecond
	f.FakeRegion(benchRegion, account500)
	e, err := rules.New(rules.Options{})
	require.NoError(t, err)
	f.Reset()
	inv, res := auditAndJudge(t, f, e)
	assert.Equal(t, account500.Resources(), res.Resources)
	t.Logf("most in flight: %d in all, %d to Lambda", f.MaxTotalInFlight(), f.MaxInFlight(benchRegion, "lambda"))
	assert.GreaterOrEqual(t, f.MaxTotalInFlight(), 8, "%d requests: the collectors run concurrently, several calls each", inv.Calls)
	assert.GreaterOrEqual(t, f.MaxInFlight(benchRegion, "lambda"), 4, "one service's pages are described in parallel")
}
