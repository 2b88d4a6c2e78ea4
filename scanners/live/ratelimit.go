package live

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
)

// Rate is a client-side request rate: Burst requests at once, then
// PerSecond on average.
type Rate struct {
	PerSecond float64
	Burst     int
}

// defaultRate is for services whose API rates AWS does not publish: below
// what any service has been seen to throttle at for read-only calls.
var defaultRate = Rate{PerSecond: 10, Burst: 20}

// defaultRates are AWS's documented default rates of non-mutating calls,
// per account and Region, by the SDK's service id. An account whose quota
// was raised can give --rate; a lower one is caught by throttling.
var defaultRates = map[string]Rate{
	"EC2":                       {PerSecond: 20, Burst: 100}, // Describe* actions: bucket 100, refill 20/s
	"Elastic Load Balancing v2": {PerSecond: 10, Burst: 40},  // non-mutating actions: bucket 40
	"Elastic Load Balancing":    {PerSecond: 10, Burst: 40},
	"ECS":                       {PerSecond: 20, Burst: 50}, // read actions: bucket 50, sustained 20/s
	"Lambda":                    {PerSecond: 15, Burst: 15}, // control-plane quota: 15 requests per second
	"Route 53":                  {PerSecond: 5, Burst: 5},   // 5 requests per second per account (global)
	// DynamoDB throttles its control plane (DescribeTable, ListTables,
	// DescribeContinuousBackups) at 2,500 requests per second per account
	// and Region; an audit takes a small share of that.
	"DynamoDB": {PerSecond: 50, Burst: 100},
}

// rateOf is the rate of one service under the options: --rate for every
// service when given, the documented default otherwise.
func (o *Options) rateOf(service string) Rate {
	if o.Rate > 0 {
		return Rate{PerSecond: o.Rate, Burst: max(1, int(o.Rate))}
	}
	if r, ok := defaultRates[service]; ok {
		return r
	}
	return defaultRate
}

// bucket is a token bucket: it holds at most burst tokens, refilled at
// rate per second; each request takes one, waiting for it if need be.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
}

func newBucket(r Rate, now func() time.Time) *bucket {
	burst := float64(max(1, r.Burst))
	return &bucket{rate: r.PerSecond, burst: burst, tokens: burst, last: now(), now: now}
}

// reserve takes a token and says how long to wait before using it. Tokens
// may go negative: the waiters queue in the order they reserved.
func (b *bucket) reserve() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(b.burst, b.tokens+elapsed.Seconds()*b.rate)
		b.last = now
	}
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}

// unreserve gives back a token whose request was not sent.
func (b *bucket) unreserve() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.burst, b.tokens+1)
}

// wait blocks until a token is available or ctx ends: the wait counts
// against the call's deadline, so a starved call becomes a timeout gap.
func (b *bucket) wait(ctx context.Context) error {
	d := b.reserve()
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		b.unreserve()
		return ctx.Err()
	}
}

// limits are the buckets of an audit, one per account, Region and
// service, and the counts of what the SDK retried.
type limits struct {
	opts *Options
	now  func() time.Time

	mu      sync.Mutex
	buckets map[[3]string]*bucket

	retries, throttles atomic.Int64
}

func newLimits(o *Options) *limits {
	return &limits{opts: o, now: time.Now, buckets: map[[3]string]*bucket{}}
}

func (l *limits) bucket(account, region, service string) *bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := [3]string{account, region, service}
	b := l.buckets[k]
	if b == nil {
		b = newBucket(l.opts.rateOf(service), l.now)
		l.buckets[k] = b
	}
	return b
}

// attemptsKey holds, in a call's context, how many attempts it made.
type attemptsKey struct{}

// middleware waits for a token of the call's account, Region and service
// before every attempt (it sits after the retry middleware, so retries
// pay too), and counts retried attempts and throttled answers. Route 53
// is global: its bucket is the account's, whatever the client's Region.
func (l *limits) middleware(account string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("bulwarkCountAttempts",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				return next.HandleInitialize(context.WithValue(ctx, attemptsKey{}, new(atomic.Int32)), in)
			}), middleware.Before)
		if err != nil {
			return err
		}
		return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("bulwarkRateLimit",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				service, region := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetRegion(ctx)
				if service == "Route 53" {
					region = "global"
				}
				if l.opts.Rate >= 0 {
					if err := l.bucket(account, region, service).wait(ctx); err != nil {
						return middleware.FinalizeOutput{}, middleware.Metadata{}, err
					}
				}
				if n, ok := ctx.Value(attemptsKey{}).(*atomic.Int32); ok && n.Add(1) > 1 {
					l.retries.Add(1)
				}
				out, md, err := next.HandleFinalize(ctx, in)
				if err != nil && retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary {
					l.throttles.Add(1)
				}
				return out, md, err
			}), "Retry", middleware.After)
	}
}
