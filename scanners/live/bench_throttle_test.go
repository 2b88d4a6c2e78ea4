package live

import (
	"context"
	"testing"
	"time"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/require"
)

// region5000 is half of the throughput benchmark's organization: 5,000
// resources, with AWS's page sizes.
var region5000 = livetest.Fake{Tables: 1500, Functions: 2000, LoadBalancers: 750, TargetGroups: 750}

var throughputRegions = []string{"eu-north-1", "eu-west-3"}

// BenchmarkAuditThrottled10k audits 10,000 resources in two Regions, 50 ms
// on every call and a tenth of the calls throttled, with the audit's real
// back-off and deadlines (not the tests' short ones), in three ways: the
// SDK's standard retries alone, standard retries under AWS's default
// rates, and the SDK's adaptive mode under them. It takes minutes: run it
// once (go test -run '^$' -bench AuditThrottled10k -benchtime 1x
// ./scanners/live). Wall time is the benchmark's; requests, retries,
// throttles and gaps are reported per run.
func BenchmarkAuditThrottled10k(b *testing.B) {
	modes := []struct {
		name  string
		retry string
		rate  float64
	}{
		{"standard", RetryStandard, -1},
		{"standard+rates", RetryStandard, 0},
		{"adaptive+rates", RetryAdaptive, 0},
	}
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
				f.Throttle(0.1, 10)
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
