package scanners

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"go.yaml.in/yaml/v3"
)

// nestedTemplateKey names, for each resource type that deploys a nested
// stack, the property that says where the stack's template is: a path
// relative to the parent's folder, as `aws cloudformation package`, `rain`
// and `sam build` take and write, or a URL.
var nestedTemplateKey = map[string]string{
	"AWS::CloudFormation::Stack":   "TemplateURL",
	"AWS::Serverless::Application": "Location",
}

// Bounds on nesting, so a template cannot make loading run away: a chain
// of stacks deeper than MaxNestingDepth and, per root template, more than
// MaxNestedTemplates nested templates in all (several stacks may load the
// same file, so fan-out multiplies) are diagnostics, not read.
const (
	MaxNestingDepth    = 10
	MaxNestedTemplates = 200
)

// nestedLoad is what loading a template's nested stacks produced.
type nestedLoad struct {
	sources []*Source
	files   []string
	diags   []Diagnostic
}

type nester struct {
	opts    Options
	rootDir string
	out     nestedLoad
	full    bool // MaxNestedTemplates reached (said once)
}

// loadNested loads, depth first in document order, the local templates of
// t's nested stacks, each with the parameter values its parent passes.
func loadNested(t *Template, opts Options) nestedLoad {
	n := &nester{opts: opts, rootDir: rootDir(t.File, opts.Roots)}
	n.walk(&Source{Template: t, Kind: KindTemplate}, []string{filepath.Clean(t.File)}, 1)
	return n.out
}

func (n *nester) walk(parent *Source, chain []string, depth int) {
	pt := parent.Template
	for _, res := range pt.Resources {
		key, ok := nestedTemplateKey[res.Type]
		if !ok {
			continue
		}
		loc := pt.Locate(res.ID, []any{"Properties", key})
		note := func(severity, format string, args ...any) {
			n.out.diags = append(n.out.diags, Diagnostic{File: pt.File, Line: loc.Line, Column: loc.Column,
				Severity: severity, Message: fmt.Sprintf("nested stack %s: ", res.ID) + fmt.Sprintf(format, args...)})
		}
		rel, why := localTemplate(key, res.Properties[key])
		if why != "" {
			note(SeverityInfo, "%s: its template is not checked", why)
			continue
		}
		child := filepath.FromSlash(rel)
		if !filepath.IsAbs(child) {
			child = filepath.Join(filepath.Dir(pt.File), child)
		}
		child = filepath.Clean(child)
		if msg := escapes(n.rootDir, child); msg != "" {
			note(SeverityError, "template %q %s %s: not read", rel, msg, n.rootDir)
			continue
		}
		if slices.Contains(chain, child) {
			note(SeverityError, "template %s deploys itself through a cycle (%s): not read again",
				child, strings.Join(append(slices.Clone(chain), child), " -> "))
			continue
		}
		if depth > MaxNestingDepth {
			note(SeverityError, "template %s is nested more than %d levels deep: not read", child, MaxNestingDepth)
			continue
		}
		if len(n.out.files) >= MaxNestedTemplates {
			if !n.full {
				n.full = true
				note(SeverityError, "more than %d nested templates under %s: the rest are not read", MaxNestedTemplates, chain[0])
			}
			continue
		}
		info, err := os.Stat(child)
		if err != nil {
			note(SeverityError, "template %s cannot be read: %v", child, safeio.Cause(err))
			continue
		}
		if k := safeio.Kind(info.Mode()); k != "" {
			note(SeverityError, "template %s is %s, not a regular file: not read", child, k)
			continue
		}
		n.out.files = append(n.out.files, child)
		loaded := loadFile(child, n.childOptions(res.Properties["Parameters"]))
		n.out.diags = append(n.out.diags, loaded.Diagnostics...)
		if loaded.Skipped {
			note(SeverityWarning, "%s is not a CloudFormation template: not checked", child)
		}
		if loaded.Template == nil {
			continue
		}
		for _, msg := range parameterMismatches(res.Properties["Parameters"], loaded.Template) {
			n.out.diags = append(n.out.diags, Diagnostic{File: pt.File, Line: loc.Line, Column: loc.Column,
				Severity: SeverityWarning, Message: fmt.Sprintf("nested stack %s: %s: CloudFormation rejects this at deploy time", res.ID, msg)})
		}
		src := &Source{Template: loaded.Template, Kind: KindTemplate, Parent: parent, Stack: res.ID}
		n.out.sources = append(n.out.sources, src)
		n.walk(src, append(slices.Clone(chain), child), depth+1)
	}
}

// childOptions are the options a nested template loads with: the values
// its parent passes instead of --param (which names the root's
// parameters), and the caller's pseudo parameters except the stack's own.
func (n *nester) childOptions(params any) Options {
	o := n.opts
	o.Params = nil
	o.passed = passedBy(params)
	o.Pseudo = make(map[string]string, len(n.opts.Pseudo))
	for k, v := range n.opts.Pseudo {
		if k != "AWS::StackName" && k != "AWS::StackId" {
			o.Pseudo[k] = v
		}
	}
	return o
}

// localTemplate reads a nested stack's template property: the local path,
// or why there is none to read.
func localTemplate(key string, v any) (path, why string) {
	switch x := v.(type) {
	case nil:
		return "", "no " + key
	case string:
		s := strings.TrimSpace(x)
		switch {
		case s == "":
			return "", key + " is empty"
		case strings.Contains(s, "://"):
			return "", fmt.Sprintf("%s %s is not a local file", key, s)
		}
		return s, ""
	case map[string]any:
		if isIntrinsicMap(x) {
			return "", key + " is not resolved"
		}
		if _, ok := x["ApplicationId"]; ok {
			return "", "an application of the AWS Serverless Application Repository"
		}
	}
	return "", key + " is not a path"
}

// rootDir is the folder a root template's nested templates must stay in:
// the folder among roots that holds file (the deepest), or file's own.
func rootDir(file string, roots []string) string {
	best := ""
	for _, r := range roots {
		r = filepath.Clean(r)
		if info, err := os.Stat(r); err != nil || !info.IsDir() || len(r) <= len(best) {
			continue
		}
		if inside(r, file) {
			best = r
		}
	}
	if best == "" {
		return filepath.Dir(filepath.Clean(file))
	}
	return best
}

// inside reports whether path is dir or under it, lexically.
func inside(dir, path string) bool {
	a, err1 := filepath.Abs(dir)
	b, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(a, b)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// escapes says how path leaves dir: by its name ("..", an absolute path)
// or through a symbolic link; "" when it stays inside.
func escapes(dir, path string) string {
	if !inside(dir, path) {
		return "leaves the scanned folder"
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "" // not there: reading it says so
	}
	if !inside(realDir, real) {
		return "leads through a symbolic link outside the scanned folder"
	}
	return ""
}

// passedParams are the parameter values a parent passes to a nested stack
// (its Parameters property, resolved in the parent).
type passedParams struct {
	values  map[string]any  // known, as CloudFormation passes them: strings
	unknown map[string]bool // passed, but not resolved in the parent
	all     bool            // Parameters itself is not resolved
}

// value is what the parent passes for a parameter: passed false means it
// passes nothing (the child's default applies), known false that the
// value is unknown (the default must not be used).
func (p *passedParams) value(name string) (v any, known, passed bool) {
	switch {
	case p == nil:
		return nil, false, false
	case p.all, p.unknown[name]:
		return nil, false, true
	}
	v, ok := p.values[name]
	return v, ok, ok
}

// passedBy reads a nested stack's resolved Parameters. A list of known
// scalars is passed comma-delimited, as CloudFormation takes a
// List or CommaDelimitedList parameter.
func passedBy(params any) *passedParams {
	p := &passedParams{values: map[string]any{}, unknown: map[string]bool{}}
	m, ok := params.(map[string]any)
	if params != nil && (!ok || isIntrinsicMap(m)) {
		p.all = true
		return p
	}
	for name, v := range m {
		if s, ok := scalarString(v); ok {
			p.values[name] = s
			continue
		}
		if list, ok := v.([]any); ok {
			if parts, _, ok := joinParts(",", list); ok {
				p.values[name] = strings.Join(parts, ",")
				continue
			}
		}
		p.unknown[name] = true
	}
	return p
}

// parameterMismatches says which parameters a stack passes that its
// template does not declare, and which the template requires (no Default)
// that the stack does not pass. Parameters left unresolved may pass
// anything: nothing is said then.
func parameterMismatches(params any, child *Template) []string {
	passed, ok := params.(map[string]any)
	if params != nil && (!ok || isIntrinsicMap(passed)) {
		return nil
	}
	declared := mappingValue(child.doc.top, "Parameters")
	var out []string
	for _, name := range sortedKeys(passed) {
		if k, _ := mappingEntry(declared, name); k == nil {
			out = append(out, fmt.Sprintf("passes parameter %s, which %s does not declare", name, child.File))
		}
	}
	if declared == nil || declared.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(declared.Content); i += 2 {
		name := declared.Content[i].Value
		if _, has := passed[name]; has {
			continue
		}
		if k, _ := mappingEntry(declared.Content[i+1], "Default"); k == nil {
			out = append(out, fmt.Sprintf("does not pass parameter %s, which %s requires (it has no Default)", name, child.File))
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
