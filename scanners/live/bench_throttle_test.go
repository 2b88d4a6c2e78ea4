package live

import (
	"context"
	"testing"
	"time"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/require"
)

// region5000 is half of the throughput benchmarks' organization: 5,000
// resources, with AWS's page sizes.
var region5000 = livetest.Fake{Tables: 1500, Functions: 2000, LoadBalancers: 750, TargetGroups: 750}

var throughputRegions = []string{"eu-north-1", "eu-west-3"}

// throughputMode is one way of calling AWS the benchmarks compare.
type throughputMode struct {
	name  string
	retry string
	rate  float64 // -1: no client-side rate; 0: AWS's default rates
}

// BenchmarkAuditThrottled10k audits 10,000 resources in two Regions, 50 ms
// on every call and a tenth of the calls throttled whatever the rate,
// with the audit's real back-off and deadlines (not the tests' short
// ones): the SDK's standard retries alone, standard retries under AWS's
// default rates, and the SDK's adaptive mode under them. It takes
// minutes: run it once (go test -run '^$' -bench AuditThrottled10k
// -benchtime 1x ./scanners/live).
func BenchmarkAuditThrottled10k(b *testing.B) {
	auditThroughput(b, func(f *livetest.Front) { f.Throttle(0.1, 10) }, []throughputMode{
		{"standard", RetryStandard, -1},
		{"standard+rates", RetryStandard, 0},
		{"adaptive+rates", RetryAdaptive, 0},
	})
}

// BenchmarkAuditQuota10k is the same organization behind AWS-like quotas:
// each service in each Region throttles beyond 20 requests a second
// (burst 40), DynamoDB beyond its documented 2,500, so only calls over the
// quota are throttled.
func BenchmarkAuditQuota10k(b *testing.B) {
	auditThroughput(b, func(f *livetest.Front) { f.Quota(20, 40); f.QuotaFor("dynamodb", 2500, 2500) }, []throughputMode{
		{"standard", RetryStandard, -1},
		{"adaptive", RetryAdaptive, -1},
		{"standard+rates", RetryStandard, 0},
		{"adaptive+rates", RetryAdaptive, 0},
	})
}

// auditThroughput audits the organization once per b.N in each mode, the
// front throttling as throttle sets up; wall time is the benchmark's, and
// requests, requests per second, retries, throttles and coverage gaps are
// reported per run (the gaps also logged).
func auditThroughput(b *testing.B, throttle func(*livetest.Front), modes []throughputMode) {
	for _, m := range modes {
		b.Run(m.name, func(b *testing.B) {
			f := newFront(b)
			f.Latency = 50 * time.Millisecond
			for _, r := range throughputRegions {
				f.FakeRegion(r, region5000)
			}
			opts := options(f, throughputRegions...)
			opts.MaxBackoff, opts.CallTimeout = 0, 0 // the defaults: 20 s, 30 s
			opts.RetryMode, opts.Rate = m.retry, m.rate
			for b.Loop() {
				f.Reset()
				throttle(f)
				inv, err := Audit(context.Background(), opts)
				require.NoError(b, err)
				_, resources := inv.Evaluable()
				b.ReportMetric(float64(resources), "resources/op")
				b.ReportMetric(float64(inv.Calls), "requests/op")
				b.ReportMetric(float64(inv.Calls)/inv.Duration.Seconds(), "requests/s")
				b.ReportMetric(float64(inv.Retries), "retries/op")
				b.ReportMetric(float64(inv.Throttles), "throttles/op")
				b.ReportMetric(float64(len(inv.Diagnostics)), "gaps/op")
				for _, d := range inv.Diagnostics {
					b.Log(d.Message)
				}
			}
		})
	}
}
