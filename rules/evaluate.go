package rules

import (
	"context"
	"github.com/bulwarkhq/bulwark/rules/config"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"runtime"
	"sync"

	"github.com/bulwarkhq/bulwark/scanners"
)

// EvalOptions configure the evaluation of sources.
type EvalOptions struct {
	Env Env
	// Jobs is how many sources are evaluated at once; 0 means one per CPU.
	Jobs int
	// KeepSettings lets Env.Settings win over the sources' own (the caller
	// set them explicitly); by default what a source says replaces them.
	KeepSettings bool
	// Suppressions from the config file at ConfigPath.
	Suppressions []config.Suppression
	ConfigPath   string
}

// Evaluate runs the rules over sources, each with the rules of its kind,
// then the workload rules over the facts of all of them, then the config
// file's suppressions; findings and workloads come out sorted. Files and
// live accounts both reach the rules through here (Scan streams files
// through the same steps).
func (e *Engine) Evaluate(ctx context.Context, sources []*scanners.Source, o EvalOptions) *ScanResult {
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	evals := make([]Evaluation, len(sources))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(len(sources), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				evals[i] = e.EvaluateSource(ctx, sources[i], o.Env, o.KeepSettings)
			}
		}()
	}
	for i := range sources {
		next <- i
	}
	close(next)
	wg.Wait()

	res := &ScanResult{Files: len(sources), Templates: len(sources)}
	bySource := make(map[string]*scanners.Source, len(sources))
	var facts []located
	for i, s := range sources {
		bySource[s.Template.File] = s
		res.Resources += len(s.Template.Resources)
		facts = res.add(evals[i], facts)
	}
	e.judge(ctx, res, facts, bySource, o)
	estimate.SortWorkloads(res.Workloads)
	return res
}

// add puts one source's evaluation into the result and returns the
// workload facts with the source's appended.
func (res *ScanResult) add(ev Evaluation, facts []located) []located {
	res.Diagnostics = append(res.Diagnostics, ev.Diagnostics...)
	res.Findings = append(res.Findings, ev.Findings...)
	res.Workloads = append(res.Workloads, ev.Workload)
	if len(ev.Checked) > 0 {
		if res.Checked == nil {
			res.Checked = map[string][]string{}
		}
		res.Checked[ev.Workload.File] = ev.Checked
	}
	return append(facts, ev.Facts...)
}

// judge finishes an evaluation: the workload rules over every source's
// facts (their findings kept only on sources of a kind the rule declares,
// and where the source did not leave the rule unchecked), then the config
// file's suppressions, then a stable order. bySource maps a file to its
// source; a file it lacks is a template source.
func (e *Engine) judge(ctx context.Context, res *ScanResult, facts []located, bySource map[string]*scanners.Source, o EvalOptions) {
	wf, wd := e.evaluateWorkload(ctx, facts)
	for _, f := range wf {
		if s := bySource[f.File]; s != nil {
			if _, unchecked := s.Unchecked[f.RuleID]; unchecked {
				continue
			}
			if r := e.byID[f.RuleID]; r != nil && !r.AppliesTo(s.Kind) {
				continue
			}
		}
		res.Findings = append(res.Findings, f)
	}
	res.Diagnostics = append(res.Diagnostics, wd...)
	res.Findings = append(res.Findings, e.applyConfigSuppressions(res.Findings, o.Suppressions, o.ConfigPath, o.Env)...)
	SortFindings(res.Findings)
}
