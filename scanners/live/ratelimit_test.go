package live

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestBucketGrantsBurstThenRate(t *testing.T) {
	tests := []struct {
		name  string
		rate  Rate
		steps []struct {
			advance time.Duration
			want    time.Duration // the wait reserve gives
		}
	}{
		{name: "burst of 3 at 10/s", rate: Rate{PerSecond: 10, Burst: 3}, steps: []struct {
			advance time.Duration
			want    time.Duration
		}{
			{0, 0}, {0, 0}, {0, 0}, // the burst
			{0, 100 * time.Millisecond}, // then one every 100 ms, queued
			{0, 200 * time.Millisecond},
			{200 * time.Millisecond, 100 * time.Millisecond}, // 200 ms later: two tokens came, both owed
			{10 * time.Second, 0},                            // refilled, but never beyond the burst
			{0, 0}, {0, 0},
			{0, 100 * time.Millisecond},
		}},
		{name: "burst below 1 counts as 1", rate: Rate{PerSecond: 2, Burst: 0}, steps: []struct {
			advance time.Duration
			want    time.Duration
		}{
			{0, 0}, {0, 500 * time.Millisecond}, {time.Second, 0}, {0, 500 * time.Millisecond},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Unix(1000, 0)}
			b := newBucket(tt.rate, clock.now)
			for i, s := range tt.steps {
				clock.advance(s.advance)
				assert.Equal(t, s.want, b.reserve(), "step %d", i)
			}
		})
	}
}

func TestBucketWaitGivesBackItsTokenWhenTheCallEnds(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1000, 0)}
	b := newBucket(Rate{PerSecond: 1, Burst: 1}, clock.now)
	require.NoError(t, b.wait(context.Background()), "the burst token is free")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, b.wait(ctx), context.Canceled, "a call whose deadline passes while it waits fails (a timeout gap)")
	// The cancelled wait gave its token back: the next one waits one
	// token's time, not two.
	assert.Equal(t, time.Second, b.reserve())
}

func TestRateOf(t *testing.T) {
	tests := []struct {
		rate    float64
		service string
		want    Rate
	}{
		{0, "Lambda", Rate{PerSecond: 15, Burst: 15}},
		{0, "Route 53", Rate{PerSecond: 5, Burst: 5}},
		{0, "DynamoDB", Rate{PerSecond: 50, Burst: 100}},
		{0, "SNS", defaultRate}, // AWS publishes no rate for its read calls
		{50, "Lambda", Rate{PerSecond: 50, Burst: 50}},
		{0.5, "EC2", Rate{PerSecond: 0.5, Burst: 1}},
	}
	for _, tt := range tests {
		o := Options{Rate: tt.rate}
		assert.Equal(t, tt.want, o.rateOf(tt.service), "%v %s", tt.rate, tt.service)
	}
}

// throttleRegions are served by the front alone for the throttling tests.
var throttleRegions = []string{"ap-south-1", "sa-east-1"}

// TestThrottledCallsAreRetriedAndCounted throttles a tenth of the requests:
// each throttled attempt is retried and then succeeds, so the audit is
// complete, with no coverage gap, and counts every throttle and retry.
func TestThrottledCallsAreRetriedAndCounted(t *testing.T) {
	region := livetest.Fake{Tables: 30, Functions: 60, LoadBalancers: 10, TargetGroups: 10, PageSize: 10}
	for _, rate := range []float64{-1, 0} {
		t.Run(fmt.Sprintf("rate %v", rate), func(t *testing.T) {
			f := newFront(t)
			for _, r := range throttleRegions {
				f.FakeRegion(r, region)
			}
			f.Throttle(0.1, 1)
			opts := options(f, throttleRegions...)
			opts.MaxAttempts = 10 // ten throttles in a row for one call: one chance in 10^10
			opts.Rate = rate      // -1: only the SDK's retries at work; 0: AWS's default rates
			inv := audit(t, opts)
			assert.Empty(t, messages(inv.Diagnostics), "every throttled call succeeded on a retry")
			_, resources := inv.Evaluable()
			assert.Equal(t, 2*region.Resources(), resources)
			assert.Positive(t, f.Throttled())
			assert.Equal(t, int64(f.Throttled()), inv.Throttles, "every throttle the front answered is counted")
			assert.Equal(t, inv.Throttles, inv.Retries, "each throttled attempt was retried once")
			assert.Equal(t, int64(len(f.Calls())), inv.Calls, "requests counted, retries included")
		})
	}
}

func TestRetryModes(t *testing.T) {
	tests := []struct {
		mode string
		want any
	}{
		{"", &retry.Standard{}},
		{RetryStandard, &retry.Standard{}},
		{RetryAdaptive, &retry.AdaptiveMode{}},
	}
	for _, tt := range tests {
		o := Options{RetryMode: tt.mode}
		o.defaults()
		assert.IsType(t, tt.want, o.newRetryer(), "mode %q", tt.mode)
	}
	f := newFront(t)
	opts := options(f, f.Primary)
	opts.RetryMode = "fast"
	_, err := Audit(context.Background(), opts)
	assert.ErrorContains(t, err, `unknown retry mode "fast": use adaptive or standard`)
}

// TestRateLimitHoldsPerServiceAndRegion sets a rate of 20 requests per
// second and checks, from the times the front saw each request arrive,
// that no service in either Region got more than the burst plus a
// second's worth in any one-second window, throttled attempts' retries
// included. Without the limit, the 60 Lambda calls of a Region arrive
// within a fraction of a second.
func TestRateLimitHoldsPerServiceAndRegion(t *testing.T) {
	const rate = 20
	f := newFront(t)
	for _, r := range throttleRegions {
		f.FakeRegion(r, livetest.Fake{Functions: 60, Tables: 20, PageSize: 10})
	}
	f.Throttle(0.15, 2)
	opts := options(f, throttleRegions...)
	opts.Rate = rate
	// Which attempts the seeded 15% hit depends on scheduling: with five
	// attempts a call throttled every time was a 1-in-13,000 event, seen
	// once in CI; twelve make it one in 10^10.
	opts.MaxAttempts = 12
	inv := audit(t, opts)
	assert.Empty(t, messages(inv.Diagnostics))
	assert.Positive(t, inv.Retries)
	// The front sees a request a little after the client took its token;
	// on a loaded machine requests can bunch up in transit, so a whole
	// second's worth of jitter is allowed for: an unlimited audit still
	// sends several times the bound within one second.
	bound := rate + 2*rate
	window := time.Second
	for _, r := range throttleRegions {
		for _, service := range []string{"lambda", "dynamodb", "elasticloadbalancing", "ec2"} {
			at := f.Arrivals(r, service)
			most := 0
			for i := range at {
				n := 0
				for j := i; j < len(at) && at[j].Sub(at[i]) < window; j++ {
					n++
				}
				most = max(most, n)
			}
			assert.LessOrEqual(t, most, bound, "%s %s: %d requests in one second", r, service, most)
			if service == "lambda" {
				assert.Greater(t, len(at), bound, "enough Lambda requests that an unlimited audit would exceed the bound")
			}
		}
	}
}

// TestRatesKeepAnAuditUnderAWSQuotas: the front throttles like AWS, each
// service in each Region over 30 requests a second. Unlimited (and with
// the tests' 2 ms back-off), the audit is throttled until calls give up:
// coverage gaps. Paced at AWS's default rates (Lambda 15 a second, the
// others 10 to 20), it is never throttled and reads every resource.
func TestRatesKeepAnAuditUnderAWSQuotas(t *testing.T) {
	region := livetest.Fake{Functions: 80, Tables: 20, PageSize: 10}
	run := func(rate float64) (*Inventory, *livetest.Front) {
		f := newFront(t)
		f.FakeRegion(throttleRegions[0], region)
		f.Quota(30, 30)
		f.QuotaFor("dynamodb", 2500, 2500) // AWS documents its control plane at 2,500 a second
		opts := options(f, throttleRegions[0])
		opts.Rate = rate
		return audit(t, opts), f
	}

	// Unlimited, the audit runs into the quota (how many calls then give
	// up depends on the machine's speed, so only the throttles are held).
	inv, f := run(-1)
	assert.Positive(t, inv.Throttles)
	assert.Equal(t, int64(f.Throttled()), inv.Throttles)

	inv, f = run(0)
	assert.Empty(t, messages(inv.Diagnostics))
	_, resources := inv.Evaluable()
	assert.Equal(t, region.Resources(), resources)
	assert.Zero(t, f.Throttled())
	assert.Zero(t, inv.Throttles)
}
