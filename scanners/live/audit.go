package live

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bulwarkhq/bulwark/scanners"
)

// Inventory is what an audit read: one template per account and Region
// for the resources outside any stack, one per deployed stack, and the
// coverage entries for what could not be read.
type Inventory struct {
	Sources     []*Source
	Diagnostics []scanners.Diagnostic
	Scopes      []string // "aws://<account>/<region>" for every Region audited
	// Coverage says, per account, Region and service, what was read, what
	// failed and what was not selected.
	Coverage  []Coverage
	Calls     int64 // API requests sent, retries included
	Retries   int64 // of Calls, the attempts after a call's first
	Throttles int64 // answers that were throttling errors
	Run       *Run  // what the audit was drawn from, its shard
	Duration  time.Duration
}

// Source is one source for the rules (a deployed stack's template with
// its live state, of kind template, or a Region's resources outside any
// stack, of kind account) and where in the organization it was read.
type Source struct {
	scanners.Source
	Account string
	Region  string // "global" for Route 53
	Stack   string // "" for the resources outside stacks
	// Resources counted in the report (subnets added only to resolve
	// Availability Zones are not).
	Resources int
}

// Live reports whether the source is a Region's loose resources (the
// "account" rule input) rather than a deployed template.
func (s *Source) Live() bool { return s.Stack == "" }

// Evaluable lists the inventory's sources for the rule engine, and the
// number of resources the report counts.
func (inv *Inventory) Evaluable() (sources []*scanners.Source, resources int) {
	sources = make([]*scanners.Source, len(inv.Sources))
	for i, s := range inv.Sources {
		sources[i] = &s.Source
		resources += s.Resources
	}
	return sources, resources
}

type task struct {
	acct *account
	data *regionData
	c    collector
	cfg  func() *scope
}

// Audit reads every selected service in every account and Region. It
// fails only when no account can be reached at all; everything narrower
// is a coverage entry in the inventory.
func Audit(ctx context.Context, opts Options) (*Inventory, error) {
	start := time.Now()
	opts.defaults()
	selected, err := selectCollectors(opts.Services)
	if err != nil {
		return nil, err
	}
	var calls atomic.Int64
	base, err := baseConfig(ctx, &opts, &calls)
	if err != nil {
		return nil, err
	}
	if opts.RetryMode != RetryAdaptive && opts.RetryMode != RetryStandard {
		return nil, fmt.Errorf("unknown retry mode %q: use %s or %s", opts.RetryMode, RetryAdaptive, RetryStandard)
	}
	lim := newLimits(&opts)
	drawn := &Run{Shard: opts.Shard, Regions: sortedCopy(opts.Regions)}
	switch {
	case opts.AllRegions:
		drawn.Regions = []string{"*"}
	case len(drawn.Regions) == 0:
		drawn.Regions = []string{base.Region}
	}
	for _, c := range selected {
		drawn.Services = append(drawn.Services, c.name)
	}
	drawn.Services = sortedCopy(drawn.Services)
	accts, gaps, err := accounts(ctx, base, &opts, drawn)
	if err != nil {
		return nil, err
	}
	if len(accts) == 0 {
		msg := "no account could be audited"
		if len(gaps) > 0 {
			msg += ": " + gaps[0].diagnostic().Message
		} else if len(drawn.Notes) > 0 {
			msg += ": " + strings.Join(drawn.Notes, "; ")
		}
		return nil, errors.New(msg)
	}
	drawn.Fingerprint = drawn.fingerprint()
	var tasks []task
	var data []*regionData
	for _, a := range accts {
		regions, err := regionsOf(ctx, a, &opts)
		if err != nil {
			gaps = append(gaps, gap{account: a.id, service: "ec2", op: "DescribeRegions", err: err, fatal: true})
			continue
		}
		a.regions = regions
		t, d := plan(a, selected, &opts, lim)
		tasks, data = append(tasks, t...), append(data, d...)
	}
	accountGaps := slices.Clone(gaps)
	failed, ran := run(ctx, tasks, &opts, &calls)
	inv := assemble(data, &opts)
	inv.Coverage = coverageList(tasks, failed, ran, selected, data, accountGaps)
	for _, d := range data {
		if !d.aux {
			gaps = append(gaps, d.gaps...)
		}
	}
	inv.Run = drawn
	inv.Diagnostics = append(append(drawn.diagnostics(), coverage(gaps)...), inv.Diagnostics...)
	inv.Diagnostics = append(inv.Diagnostics, nothingAudited(accts, tasks, failed)...)
	inv.Calls = calls.Load()
	inv.Retries, inv.Throttles = lim.retries.Load(), lim.throttles.Load()
	inv.Duration = time.Since(start)
	if ctx.Err() != nil {
		return inv, ctx.Err()
	}
	return inv, nil
}

func newTask(a *account, d *regionData, c collector, region string, opts *Options, lim *limits) task {
	return task{acct: a, data: d, c: c, cfg: func() *scope {
		cfg := a.cfg.Copy()
		cfg.Region = region
		cfg.APIOptions = append(slices.Clip(cfg.APIOptions), lim.middleware(a.id))
		return &scope{regionData: d, service: c.name, cfg: cfg, opts: opts}
	}}
}

// run executes the collectors, Workers at a time; a collector that fails
// as a whole becomes a gap. It returns which tasks failed, and which ran
// at all (an interrupted audit leaves the rest).
func run(ctx context.Context, tasks []task, opts *Options, calls *atomic.Int64) (failed, ran []bool) {
	failed, ran = make([]bool, len(tasks)), make([]bool, len(tasks))
	next := make(chan int)
	var done atomic.Int64
	var wg sync.WaitGroup
	for range min(opts.Workers, len(tasks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := tasks[i]
				ran[i] = true
				s := t.cfg()
				if err := t.c.run(ctx, s); err != nil {
					failed[i] = true
					s.mu.Lock()
					s.gaps = append(s.gaps, gap{account: s.account, region: s.region, service: s.service, err: err, fatal: true})
					s.mu.Unlock()
				}
				n := done.Add(1)
				if opts.Progress != nil {
					opts.Progress(Progress{Done: int(n), Total: len(tasks), Calls: calls.Load()})
				}
			}
		}()
	}
	for i := range tasks {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return failed, ran
}

// nothingAudited turns an account where every collector failed into an
// error: expired credentials must not pass as a clean audit.
func nothingAudited(accts []*account, tasks []task, failed []bool) []scanners.Diagnostic {
	var out []scanners.Diagnostic
	for _, a := range accts {
		total, bad := 0, 0
		for i, t := range tasks {
			if t.acct == a && !t.data.aux {
				total++
				if failed[i] {
					bad++
				}
			}
		}
		if total > 0 && bad == total {
			out = append(out, scanners.Diagnostic{File: "aws://" + a.id, Severity: scanners.SeverityError,
				Message: "no service could be audited in account " + a.id + " (" + a.label + "): see the entries above"})
		}
	}
	return out
}
