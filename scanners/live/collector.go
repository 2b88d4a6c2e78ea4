// Package live audits AWS accounts: read-only collectors turn live
// resources into the same CloudFormation-shaped model as template files,
// so the same Rego rules judge both. A deployed stack's own template is
// loaded like a file and overlaid with the live state of its resources,
// so findings name the stack and the logical id.
package live

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/sync/errgroup"
)

// item is one live resource in CloudFormation's shape.
type item struct {
	id       string // "table/orders": unique in its Region and stable across audits
	typ      string // AWS::DynamoDB::Table
	props    map[string]any
	physical []string // what CloudFormation may call it: name, ARN or id
	// within, when set, is the physical id of the resource this one is
	// part of (an API Gateway stage's API): a name unique only inside its
	// parent joins a stack only if the stack created the parent too.
	within string
}

// stackInfo is a deployed stack: its template and what it created.
type stackInfo struct {
	name, id  string
	body      string // "" when GetTemplate failed
	params    map[string]string
	tags      map[string]string
	resources []stackResource
}

type stackResource struct{ logical, physical, typ string }

type subnet struct{ az, azID, vpc string }

// regionData is what the collectors of one account and Region found.
type regionData struct {
	account, region string
	// aux: read only to place global resources (see plan); reported by
	// the shard that owns this Region.
	aux bool

	mu       sync.Mutex
	items    []*item
	subnets  map[string]subnet
	stacks   []*stackInfo
	settings map[string]any
	gaps     []gap
	// unchecked names rules whose evidence could not be read here (rule
	// id -> why); their findings on this Region's resources are dropped
	// rather than reported on a guess.
	unchecked map[string]string
	// placeholders are items that stand for what could not be read (an
	// unknown fact in a resource of its own): not counted as resources.
	placeholders map[string]bool
}

// scope is what one collector works in: one service, account and Region.
type scope struct {
	*regionData
	service string
	cfg     aws.Config
	opts    *Options
}

func (s *scope) add(items ...*item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = append(s.items, items...)
}

// addPlaceholder adds an item that only carries an unknown fact.
func (s *scope) addPlaceholder(it *item) {
	s.mu.Lock()
	if s.placeholders == nil {
		s.placeholders = map[string]bool{}
	}
	s.placeholders[it.id] = true
	s.mu.Unlock()
	s.add(it)
}

// addPresent adds the items a parallel read filled in; a nil slot is a
// resource that vanished between listing and describing it.
func (s *scope) addPresent(items []*item) {
	for _, it := range items {
		if it != nil {
			s.add(it)
		}
	}
}

func (s *scope) setting(key string, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settings == nil {
		s.settings = map[string]any{}
	}
	s.settings[key] = v
}

func (s *scope) uncheck(rule, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unchecked == nil {
		s.unchecked = map[string]string{}
	}
	s.unchecked[rule] = why
}

// partial records a call that failed for one resource: the resource is
// still reported, with the fact that call would have given unknown.
func (s *scope) partial(op, what string, err error) {
	s.partialOf(op, what, "", err)
}

// partialOf is partial for a call about one named resource (subject):
// the gaps of one operation and kind are reported as one line that
// counts the resources and names the first few, not a line each.
func (s *scope) partialOf(op, what, subject string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gaps = append(s.gaps, gap{account: s.account, region: s.region, service: s.service, op: op, what: what, subject: subject, err: err})
}

// call runs one API call under the per-call deadline.
func (s *scope) call(ctx context.Context, fn func(context.Context) error) error {
	return withDeadline(ctx, s.opts.CallTimeout, fn)
}

// pages drives an SDK paginator, each page under its own deadline.
func (s *scope) pages(ctx context.Context, more func() bool, next func(context.Context) error) error {
	for more() {
		if err := s.call(ctx, next); err != nil {
			return err
		}
	}
	return nil
}

// each runs fn for 0..n-1 with at most Parallel calls in flight: the
// bound per service and Region that keeps an audit under AWS's rate
// limits. fn records per-resource failures itself; an error it returns
// stops the collector.
func (s *scope) each(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(s.opts.Parallel)
	for i := range n {
		g.Go(func() error { return fn(ctx, i) })
	}
	return g.Wait()
}

// collector reads one service.
type collector struct {
	name   string
	global bool // once per account (Route 53, CloudFront), not per Region
	run    func(ctx context.Context, s *scope) error
}

// collectors, in the order their names are listed. ec2 resolves subnets
// to Availability Zones for the others (subnets join a source only when
// one of its resources names them, and are not counted as resources) and
// reads NAT gateways and route tables, which are.
var collectors = []collector{
	{name: "apigateway", run: collectAPIGateway},
	{name: "autoscaling", run: collectAutoScaling},
	{name: "backup", run: collectBackup},
	{name: "cloudformation", run: collectStacks},
	{name: "cloudfront", global: true, run: collectCloudFront},
	{name: "dynamodb", run: collectDynamoDB},
	{name: "ec2", run: collectEC2},
	{name: "ecs", run: collectECS},
	{name: "efs", run: collectEFS},
	{name: "eks", run: collectEKS},
	{name: "elasticache", run: collectElastiCache},
	{name: "elb", run: collectClassicELB},
	{name: "elbv2", run: collectELBv2},
	{name: "eventbridge", run: collectEventBridge},
	{name: "kafka", run: collectMSK},
	{name: "kinesis", run: collectKinesis},
	{name: "lambda", run: collectLambda},
	{name: "mq", run: collectMQ},
	{name: "opensearch", run: collectOpenSearch},
	{name: "rds", run: collectRDS},
	{name: "redshift", run: collectRedshift},
	{name: "route53", global: true, run: collectRoute53},
	{name: "s3", run: collectS3},
	{name: "sns", run: collectSNS},
	{name: "sqs", run: collectSQS},
}

// Services lists the collectors' names, the values --services accepts.
func Services() []string {
	names := make([]string, len(collectors))
	for i, c := range collectors {
		names[i] = c.name
	}
	return names
}

// GlobalServices lists the collectors audited once per account rather
// than per Region (Route 53, CloudFront).
func GlobalServices() []string {
	var names []string
	for _, c := range collectors {
		if c.global {
			names = append(names, c.name)
		}
	}
	return names
}

func selectCollectors(names []string) ([]collector, error) {
	if len(names) == 0 {
		return collectors, nil
	}
	var out []collector
	for _, c := range collectors {
		if slices.Contains(names, c.name) {
			out = append(out, c)
		}
	}
	for _, n := range names {
		if !slices.Contains(Services(), n) {
			return nil, fmt.Errorf("unknown service %q: use %s", n, strings.Join(Services(), ", "))
		}
	}
	return out, nil
}

// unknown is the model's value for a fact the audit could not read: an
// unresolved reference, which rules treat as unknown (never as false),
// exactly like an unresolved intrinsic in a template.
func unknown(what string) map[string]any {
	return map[string]any{"Ref": "bulwark::unknown::" + what}
}

// pager is the shape of every SDK paginator.
type pager[Out, Opt any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(Opt)) (*Out, error)
}

// listAll reads every page of p through the scope (deadline and retries
// per call) and gathers the items each page holds.
func listAll[Item, Out, Opt any](ctx context.Context, s *scope, p pager[Out, Opt], items func(*Out) []Item) ([]Item, error) {
	var all []Item
	err := s.pages(ctx, p.HasMorePages, func(ctx context.Context) error {
		out, err := p.NextPage(ctx)
		if err == nil {
			all = append(all, items(out)...)
		}
		return err
	})
	return all, err
}
