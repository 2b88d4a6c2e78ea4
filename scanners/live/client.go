package live

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go/middleware"
)

// Options configure an audit. The zero value audits the default
// credentials' account in the profile's Region.
type Options struct {
	Profile    string   // shared config profile; "" for the default chain
	Regions    []string // Regions to audit; empty: the profile's Region
	AllRegions bool     // every Region enabled for the account (EC2 DescribeRegions)
	RoleARNs   []string // assume each role (one account each) instead of auditing the caller's account
	ExternalID string   // for AssumeRole
	// Org audits every active account of the organization (ListAccounts)
	// through the role OrgRole in each.
	Org     bool
	OrgRole string
	// Accounts and ExcludeAccounts filter the accounts of Org or RoleARNs.
	Accounts, ExcludeAccounts []string
	// Shard audits one slice of the (account, Region) pairs.
	Shard       Shard
	EndpointURL string // one endpoint for every service (emulators, VPC endpoints)
	// Services limits the collectors (see Services); empty means all.
	Services []string

	MaxAttempts int           // attempts per call, the first included (default 5)
	MaxBackoff  time.Duration // longest wait between attempts (default 20 s)
	CallTimeout time.Duration // deadline of one call, its retries included (default 30 s)
	Parallel    int           // calls in flight per service and Region (default 8)
	Workers     int           // service-Region collectors running at once (default 16)
	// Rate is the requests per second each service may be sent per account
	// and Region: 0 means AWS's documented default rates (defaultRates), a
	// negative rate no client-side limit.
	Rate float64
	// RetryMode is "standard" (the default) or "adaptive": the SDK's
	// adaptive mode adds a client-side rate that drops on every throttle.
	// It is not the default because it collapses when throttles come
	// whatever the rate (AWS's quotas are shared with every other caller
	// of the account): a throttle before it has measured a rate sets it to
	// half a request per second, and calls then starve into timeouts (see
	// docs/performance.md). The rate limits above pace the audit instead.
	RetryMode string

	// Credentials and HTTPClient replace the default credential chain and
	// transport (tests, or a program embedding the audit).
	Credentials aws.CredentialsProvider
	HTTPClient  aws.HTTPClient
	// APIOptions are added to every client's middleware stack.
	APIOptions []func(*middleware.Stack) error
	// Progress, when set, is told after each collector finishes.
	Progress func(Progress)
}

// Progress is how far an audit is.
type Progress struct {
	Done, Total int   // collectors (service x Region x account)
	Calls       int64 // API requests sent so far, retries included
}

func (o *Options) defaults() {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 20 * time.Second
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 30 * time.Second
	}
	if o.Parallel <= 0 {
		o.Parallel = 8
	}
	if o.Workers <= 0 {
		o.Workers = 16
	}
	if o.RetryMode == "" {
		o.RetryMode = RetryStandard
	}
}

// Retry modes.
const (
	RetryAdaptive = "adaptive"
	RetryStandard = "standard"
)

// newRetryer is the SDK's standard retryer: exponential backoff with
// jitter on throttling and transient errors, a bounded number of
// attempts; with --retry-mode adaptive, the SDK's adaptive mode over it.
// The standard retry quota is turned off: a large audit is throttled
// often by design, concurrency and rates are already bounded, and an
// exhausted quota would turn every later throttle into a coverage gap.
// Each client gets its own retryer, so the adaptive rate is per service,
// account and Region, like AWS's limits.
func (o *Options) newRetryer() aws.Retryer {
	standard := func(so *retry.StandardOptions) {
		so.MaxAttempts = o.MaxAttempts
		so.MaxBackoff = o.MaxBackoff
		so.RateLimiter = ratelimit.None
	}
	if o.RetryMode == RetryStandard {
		return retry.NewStandard(standard)
	}
	return retry.NewAdaptiveMode(func(ao *retry.AdaptiveModeOptions) {
		ao.StandardOptions = append(ao.StandardOptions, standard)
	})
}

// baseConfig loads the default credential chain (or the profile), with the
// retryer, the endpoint override and a request counter on every client.
func baseConfig(ctx context.Context, o *Options, calls *atomic.Int64) (aws.Config, error) {
	load := []func(*config.LoadOptions) error{
		config.WithRetryer(o.newRetryer),
		config.WithAPIOptions(append([]func(*middleware.Stack) error{countRequests(calls)}, o.APIOptions...)),
	}
	if o.Profile != "" {
		load = append(load, config.WithSharedConfigProfile(o.Profile))
	}
	if o.EndpointURL != "" {
		load = append(load, config.WithBaseEndpoint(o.EndpointURL))
	}
	if o.Credentials != nil {
		load = append(load, config.WithCredentialsProvider(o.Credentials))
	}
	if o.HTTPClient != nil {
		load = append(load, config.WithHTTPClient(o.HTTPClient))
	}
	if len(o.Regions) > 0 {
		// STS and DescribeRegions need a Region before the audited ones
		// are known; the first one asked for serves.
		load = append(load, config.WithDefaultRegion(o.Regions[0]))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" && o.AllRegions {
		// Any commercial Region can list the others.
		cfg.Region = "us-east-1"
	}
	if cfg.Region == "" {
		return aws.Config{}, errors.New("no AWS Region: give --region, --regions or --all-regions with a profile or AWS_REGION that names one")
	}
	return cfg, nil
}

// countRequests counts every request sent, each retry included, for the
// progress line and the statistics.
func countRequests(calls *atomic.Int64) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("bulwarkCountRequests",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				calls.Add(1)
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
	}
}

// regionsOf decides the Regions of one account: the ones asked for, or
// with --all-regions those EC2 says are enabled for it (opt-in Regions the
// account has not enabled are left out, as AWS would refuse them).
func regionsOf(ctx context.Context, a *account, o *Options) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(r string) {
		if r = strings.TrimSpace(r); r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	for _, r := range o.Regions {
		add(r)
	}
	if o.AllRegions {
		var res *ec2.DescribeRegionsOutput
		err := withDeadline(ctx, o.CallTimeout, func(ctx context.Context) (err error) {
			res, err = ec2.NewFromConfig(a.cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, r := range res.Regions {
			add(aws.ToString(r.RegionName))
		}
	}
	if len(out) == 0 {
		add(a.cfg.Region)
	}
	sort.Strings(out)
	return out, nil
}

// withDeadline runs one call (its retries included) under the per-call
// deadline, so a hung endpoint costs one timeout, not the whole audit.
func withDeadline(ctx context.Context, d time.Duration, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return fn(ctx)
}
