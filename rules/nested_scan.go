package rules

import (
	"path/filepath"
	"sort"

	"github.com/bulwarkhq/bulwark/scanners"
)

// nestedInfo is what a scan keeps of a nested template after evaluating
// it: the parsed template itself is dropped.
type nestedInfo struct {
	file      string // "" for a file read that did not load
	resources int
	stacks    string // the stacks leading to it from the root, "Outer/Inner"
}

// nestedInfos records a loaded file's nested templates, in the order of
// loaded.Nested, then the files read that did not load.
func nestedInfos(loaded scanners.Result) []nestedInfo {
	out := make([]nestedInfo, 0, len(loaded.NestedFiles))
	read := map[string]bool{}
	for _, src := range loaded.Nested {
		f := filepath.Clean(src.Template.File)
		read[f] = true
		out = append(out, nestedInfo{file: f, resources: len(src.Template.Resources), stacks: nestingOf(src).stacks})
	}
	for _, f := range loaded.NestedFiles {
		if !read[f] {
			read[f] = true
			out = append(out, nestedInfo{file: f})
		}
	}
	return out
}

// nestedSet is every file some scanned template deploys as a nested
// stack, with the templates and resources they add to the scan's counts.
type nestedSet struct {
	seen                 map[string]bool
	list                 []string
	templates, resources int
}

func nestedFiles(results []fileResult) nestedSet {
	n := nestedSet{seen: map[string]bool{}}
	for _, r := range results {
		for _, info := range r.nested {
			if n.seen[info.file] {
				continue
			}
			n.seen[info.file] = true
			n.list = append(n.list, info.file)
			if info.stacks != "" {
				n.templates++
				n.resources += info.resources
			}
		}
	}
	sort.Strings(n.list)
	return n
}

func (n nestedSet) has(file string) bool { return n.seen[filepath.Clean(file)] }

// withNested is a file's evaluation with its nested templates': their
// findings, facts and diagnostics, and their estimates in its workload.
func withNested(r fileResult) Evaluation {
	ev := r.evals[0]
	for j, child := range r.evals[1:] {
		ev.Findings = append(ev.Findings, child.Findings...)
		ev.Facts = append(ev.Facts, child.Facts...)
		ev.Diagnostics = append(ev.Diagnostics, child.Diagnostics...)
		ev.Workload.Absorb(child.Workload, r.nested[j].stacks)
	}
	return ev
}

// uniqueDiagnostics drops repeats, keeping the first of each: a nested
// template loaded under several parents says the same things each time.
func uniqueDiagnostics(ds []scanners.Diagnostic) []scanners.Diagnostic {
	seen := make(map[scanners.Diagnostic]bool, len(ds))
	out := ds[:0]
	for _, d := range ds {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}
