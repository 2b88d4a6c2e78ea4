package rules

import (
	"context"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"runtime"
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
	// Contents are files already read, by the name they have in the file
	// list (standard input, under --stdin-filename): loaded from memory.
	Contents map[string][]byte
}

// ScanResult is everything a scan found, in a stable order.
type ScanResult struct {
	Files        int      // candidate files read
	Templates    int      // files that were CloudFormation templates
	Resources    int      // resources evaluated
	SkippedFiles []string // YAML/JSON files that are not templates
	// NestedFiles are the templates read as nested stacks of others
	// (some may lie where folders are not searched, such as .aws-sam).
	NestedFiles []string
	Workloads   []estimate.Workload
	Findings    []Finding
	Diagnostics []scanners.Diagnostic
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
	// evals[0] is the file's evaluation, then one per nested template
	// (nested[i] is evals[i+1]'s source).
	evals  []Evaluation
	nested []nestedInfo
	diags  []scanners.Diagnostic
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
		i, j int // file, and its evaluation (0, or a nested template's)
		src  *scanners.Source
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
				var loaded scanners.Result
				if data, ok := opts.Contents[files[i]]; ok {
					loaded = scanners.Load(files[i], data, opts.Load)
				} else {
					loaded = scanners.LoadFile(files[i], opts.Load)
				}
				results[i] = fileResult{skipped: loaded.Skipped, diags: loaded.Diagnostics,
					nested: nestedInfos(loaded)}
				if loaded.Template != nil {
					results[i].template = true
					results[i].resources = len(loaded.Template.Resources)
					results[i].evals = make([]Evaluation, 1+len(loaded.Nested))
					toEval <- loadedFile{i, 0, &scanners.Source{Template: loaded.Template, Kind: scanners.KindTemplate}}
					for j, src := range loaded.Nested {
						toEval <- loadedFile{i, j + 1, src}
					}
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
				results[lf.i].evals[lf.j] = e.EvaluateSource(ctx, lf.src, opts.Env, false)
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
	nested := nestedFiles(results)
	var facts []located
	for i, r := range results {
		if r.skipped {
			res.SkippedFiles = append(res.SkippedFiles, files[i])
		}
		// Every load's diagnostics count (a cycle is seen from each of its
		// files); those of a template loaded several times, once.
		res.Diagnostics = append(res.Diagnostics, r.diags...)
		if nested.has(files[i]) {
			continue // judged with the values of the stacks that deploy it
		}
		if r.template {
			res.Templates++
		}
		res.Resources += r.resources
		if r.template {
			facts = res.add(withNested(r), facts)
		}
	}
	res.NestedFiles = nested.list
	res.Templates += nested.templates
	res.Resources += nested.resources
	res.Diagnostics = uniqueDiagnostics(res.Diagnostics)
	e.judge(ctx, res, facts, nil, opts.EvalOptions)
	return res, nil
}
