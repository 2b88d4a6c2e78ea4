package rules

import (
	"context"
	"runtime"
	"sort"
	"sync"

	"github.com/bulwarkhq/bulwark/scanners"
)

// ScanOptions configure a scan of template files.
type ScanOptions struct {
	Load scanners.Options
	Env  Env
	// Jobs is how many files are loaded and evaluated at once; 0 means one
	// per CPU.
	Jobs int
	// Suppressions from the config file at ConfigPath.
	Suppressions []ConfigSuppression
	ConfigPath   string
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
}

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
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	results := make([]fileResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = e.scanFile(ctx, files[i], opts)
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := e.Wait(); err != nil {
		return &ScanResult{Files: len(files), Diagnostics: []scanners.Diagnostic{{File: "rules", Severity: scanners.SeverityError, Message: err.Error()}}}
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
		res.Diagnostics = append(res.Diagnostics, r.eval.Diagnostics...)
		res.Findings = append(res.Findings, r.eval.Findings...)
		if r.template {
			res.Workloads = append(res.Workloads, r.eval.Workload)
		}
		facts = append(facts, r.eval.Facts...)
	}
	wf, wd := e.EvaluateWorkload(ctx, facts)
	res.Findings = append(res.Findings, wf...)
	res.Diagnostics = append(res.Diagnostics, wd...)
	res.Findings = append(res.Findings, e.applyConfigSuppressions(res.Findings, opts.Suppressions, opts.ConfigPath, opts.Env)...)
	SortFindings(res.Findings)
	return res
}

func (e *Engine) scanFile(ctx context.Context, file string, opts ScanOptions) fileResult {
	loaded := scanners.LoadFile(file, opts.Load)
	fr := fileResult{skipped: loaded.Skipped, diags: loaded.Diagnostics}
	if loaded.Template == nil {
		return fr
	}
	fr.template = true
	fr.resources = len(loaded.Template.Resources)
	fr.eval = e.EvaluateTemplate(ctx, loaded.Template, opts.Env)
	return fr
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
