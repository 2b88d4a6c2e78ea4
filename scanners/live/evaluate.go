package live

import (
	"context"
	"runtime"
	"sync"

	"github.com/bulwarkhq/bulwark/rules"
)

// EvalOptions configure how an inventory is judged.
type EvalOptions struct {
	Env  rules.Env
	Jobs int // sources evaluated at once; 0: one per CPU
	// KeepSettings lets Env.Settings win over live facts (the caller set
	// the account concurrency limit explicitly); by default what the
	// account says replaces the defaults.
	KeepSettings bool
	// Suppressions from the config file at ConfigPath, matched against
	// aws://ACCOUNT/REGION[/STACK] as the file.
	Suppressions []rules.ConfigSuppression
	ConfigPath   string
}

// Evaluate runs the rules over every source of the inventory, the way a
// scan runs them over files: deployed stacks as templates, each Region's
// loose resources as the "account" input (rules that only make sense for
// a template are not applied to those), then the workload rules over
// everything. e is loaded (rules.New returns no Engine without its error);
// a rule that fails or runs past the engine's deadline on a source is an
// error diagnostic of the result, so the audit fails closed.
func Evaluate(ctx context.Context, e *rules.Engine, inv *Inventory, o EvalOptions) *rules.ScanResult {
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	evals := make([]rules.Evaluation, len(inv.Sources))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(len(inv.Sources), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				evals[i] = e.EvaluateTemplate(ctx, inv.Sources[i].Template, envFor(inv.Sources[i], o))
			}
		}()
	}
	for i := range inv.Sources {
		next <- i
	}
	close(next)
	wg.Wait()

	res := &rules.ScanResult{Files: len(inv.Sources), Templates: len(inv.Sources)}
	res.Diagnostics = append(res.Diagnostics, inv.Diagnostics...)
	byFile := map[string]*Source{}
	// The facts' element type is unexported: a zero Evaluation's nil slice
	// has the right type to collect them in.
	allFacts := rules.Evaluation{}.Facts
	for i, s := range inv.Sources {
		byFile[s.Template.File] = s
		ev := evals[i]
		res.Resources += s.Resources
		res.Workloads = append(res.Workloads, ev.Workload)
		res.Diagnostics = append(res.Diagnostics, ev.Diagnostics...)
		for _, f := range ev.Findings {
			if applies(e, s, f.RuleID) {
				res.Findings = append(res.Findings, f)
			}
		}
		allFacts = append(allFacts, ev.Facts...)
	}
	wf, wd := e.EvaluateWorkload(ctx, allFacts)
	for _, f := range wf {
		if s := byFile[f.File]; s == nil || applies(e, s, f.RuleID) {
			res.Findings = append(res.Findings, f)
		}
	}
	res.Diagnostics = append(res.Diagnostics, wd...)
	res.Findings = append(res.Findings, e.ApplyConfigSuppressions(res.Findings, o.Suppressions, o.ConfigPath, o.Env)...)
	rules.SortFindings(res.Findings)
	rules.SortWorkloads(res.Workloads)
	return res
}

// applies decides whether a rule's finding on a source stands: not when
// the source is a Region's loose resources and the rule only reads
// templates, nor when the audit could not read the rule's evidence there.
func applies(e *rules.Engine, s *Source, ruleID string) bool {
	if _, gone := s.Unchecked[ruleID]; gone {
		return false
	}
	if !s.Live() {
		return true
	}
	if _, blind := liveBlind[ruleID]; blind {
		return false
	}
	r := e.Rule(ruleID)
	return r == nil || r.AppliesTo("account")
}

// liveBlind are rules whose evidence the collectors do not read at all,
// so on a Region's loose resources they could only guess (rule id ->
// what is missing). A deployed stack's template still has that evidence.
var liveBlind = map[string]string{
	"BW-TIMEOUTS-002": "what invokes a function asynchronously (EventBridge rules, SNS subscriptions, permissions) is not collected",
}

// envFor merges a source's live facts into the settings.
func envFor(s *Source, o EvalOptions) rules.Env {
	env := o.Env
	settings := map[string]any{}
	if o.KeepSettings {
		for k, v := range s.Settings {
			settings[k] = v
		}
		for k, v := range o.Env.Settings {
			settings[k] = v
		}
	} else {
		for k, v := range o.Env.Settings {
			settings[k] = v
		}
		for k, v := range s.Settings {
			settings[k] = v
		}
	}
	env.Settings = settings
	return env
}
