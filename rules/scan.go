package rules

import (
	"context"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/bulwarkhq/bulwark/scanners"
)

// ScanOptions configure a scan of template files.
// Loading is the scan's own step; the rest is the evaluation every source
// gets (EvalOptions.Jobs also bounds how many files are loaded at once).
type ScanOptions struct {
	Load scanners.Options
	EvalOptions
}

// ScanResult is everything a scan found, in a stable order.
type ScanResult struct {
	Files        int      // candidate files read
	Templates    int      // files that were CloudFormation templates
	Resources    int      // resources evaluated
	SkippedFiles []string // YAML/JSON files that are not templates
	Workloads    []Workload
	Findings     []Finding
	Diagnostics  []scanners.Diagnostic
	// Checked maps each template file to the ids of the rules that looked
	// at it (Evaluation.Checked).
	Checked map[string][]string
}

// loadAhead bounds how many parsed templates wait for evaluation: enough
// to keep a core busy while the rules compile (~50 ms), few enough that
// memory stays flat.
var loadAhead = 64

type fileResult struct {
	skipped   bool
	template  bool
	resources int
	eval      Evaluation
	diags     []scanners.Diagnostic
}

// Scan loads and evaluates files on all cores, streaming: each worker
// parses a file, evaluates it, locates its findings and drops the parsed
// template, so memory does not grow with the number of files. Workload
// rules then run once over the small facts kept from every template.
func (e *Engine) Scan(ctx context.Context, files []string, opts ScanOptions) *ScanResult {
	res, _ := ScanWhileLoading(ctx, func() (*Engine, error) { return e, nil }, files, opts)
	return res
}

// ScanWhileLoading is Scan for a caller that is still building the
// engine: engine blocks until New returns (it is called from several
// goroutines and must return the same answer each time). Templates are
// read and parsed meanwhile; when the rules fail to load, the scan stops
// and returns their error, with no result: a gate must not pass on
// templates no rule looked at.
func ScanWhileLoading(ctx context.Context, engine func() (*Engine, error), files []string, opts ScanOptions) (*ScanResult, error) {
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	results := make([]fileResult, len(files))
	// Loading does not need the rules: while they compile (~60 ms),
	// loaders run ahead into a bounded buffer instead of leaving a core
	// idle, and evaluators take over once rules are ready.
	type loadedFile struct {
		i int
		t *scanners.Template
	}
	toEval := make(chan loadedFile, loadAhead)
	next := make(chan int)
	var failed atomic.Bool
	var loaders, evaluators sync.WaitGroup
	for w := 0; w < jobs; w++ {
		loaders.Add(1)
		go func() {
			defer loaders.Done()
			for i := range next {
				loaded := scanners.LoadFile(files[i], opts.Load)
				results[i] = fileResult{skipped: loaded.Skipped, diags: loaded.Diagnostics}
				if loaded.Template != nil {
					results[i].template = true
					results[i].resources = len(loaded.Template.Resources)
					toEval <- loadedFile{i, loaded.Template}
				}
			}
		}()
		evaluators.Add(1)
		go func() {
			defer evaluators.Done()
			e, err := engine()
			if err != nil {
				failed.Store(true)
				for range toEval { // let the loaders finish the file at hand
				}
				return
			}
			for lf := range toEval {
				results[lf.i].eval = e.EvaluateTemplate(ctx, lf.t, opts.Env)
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil || failed.Load() {
			break
		}
		next <- i
	}
	close(next)
	loaders.Wait()
	close(toEval)
	evaluators.Wait()
	e, err := engine()
	if err != nil {
		return nil, err
	}

	res := &ScanResult{Files: len(files)}
	var facts []located
	for i, r := range results {
		if r.skipped {
			res.SkippedFiles = append(res.SkippedFiles, files[i])
		}
		if r.template {
			res.Templates++
		}
		res.Resources += r.resources
		res.Diagnostics = append(res.Diagnostics, r.diags...)
		if r.template {
			facts = res.add(r.eval, facts)
		}
	}
	e.judge(ctx, res, facts, nil, opts.EvalOptions)
	return res, nil
}

// SortFindings orders findings by file, line, column, then rule id, so
// output is stable whatever order the workers finished in.
func SortFindings(f []Finding) {
	sort.SliceStable(f, func(i, j int) bool {
		a, b := f[i], f[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Resource < b.Resource
	})
}
