// Package rules embeds bulwark's Rego policy, loads user rule folders,
// compiles everything once and evaluates the resource model against it.
package rules

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

//go:embed policy
var builtinFS embed.FS

// BuiltinPolicy is the embedded rule pack (tests included), for tools that
// want to read it, such as the Rego test runner.
func BuiltinPolicy() fs.FS { return builtinFS }

// Engine holds the compiled policy and the prepared queries. It is safe for
// concurrent use: evaluate many inputs in parallel with one Engine.
type Engine struct {
	rules    []*Rule
	byID     map[string]*Rule
	compiler *ast.Compiler
	strict   bool
	timeout  time.Duration // per template, see Options.EvalTimeout
	// off are the ids of rules loaded but not run (Options.Disabled and
	// Options.Select): not compiled when the pack is pruned, never
	// queried, and a governance rule among them reports nothing.
	off map[string]bool

	// Per input kind, the rules that can run on it; a template evaluates
	// only the rules whose resource types it has, as one query.
	perInput map[string]*ruleSet
	workload *preparedSet
}

// ruleSet holds the rules for one kind of input and compiles the subsets
// that templates need, once each: a template evaluates one query made of
// the rules whose resource types it contains (rules that declare none
// always run), so a rule costs nothing on templates it cannot apply to.
type ruleSet struct {
	compiler *ast.Compiler
	strict   bool
	kind     string  // the input kind these rules run on
	rules    []*Rule // template scope: deny
	facts    []*Rule // workload scope: facts
	mu       sync.Mutex
	cache    map[string]*preparedSet
}

// maxCachedSubsets bounds the cache of compiled rule subsets; beyond it a
// subset is compiled for the template at hand and not kept.
const maxCachedSubsets = 1024

// forTypes returns the compiled query of the rules that apply to a template
// holding the given resource types.
//
// A template-scope rule that declares `tiers` runs only on templates of
// those tiers (tier 0, not set, is in no list); facts are evidence for the
// workload whatever the tier.
func (rs *ruleSet) forTypes(types map[string]bool, tier int) (*preparedSet, error) {
	applies := func(r *Rule) bool {
		if len(r.ResourceTypes) == 0 {
			return true
		}
		for _, t := range r.ResourceTypes {
			if types[t] {
				return true
			}
		}
		return false
	}
	set := &preparedSet{strict: rs.strict, kind: rs.kind}
	var key strings.Builder
	for _, r := range rs.rules {
		if applies(r) && (len(r.Tiers) == 0 || slices.Contains(r.Tiers, tier)) {
			set.rules = append(set.rules, r)
			key.WriteString(r.ID + ",")
		}
	}
	key.WriteString("|")
	for _, r := range rs.facts {
		if applies(r) {
			set.facts = append(set.facts, r)
			key.WriteString(r.ID + ",")
		}
	}
	k := key.String()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if cached, ok := rs.cache[k]; ok {
		return cached, nil
	}
	if err := set.compileRules(rs.compiler); err != nil {
		return nil, err
	}
	if len(rs.cache) < maxCachedSubsets {
		rs.cache[k] = set
	}
	return set, nil
}

// preparedSet is one query whose bindings r0..rN are the deny (or facts)
// sets of the rules listed in the same order.
type preparedSet struct {
	query    rego.PreparedEvalQuery
	compiler *ast.Compiler
	strict   bool
	kind     string
	rules    []*Rule
	facts    []*Rule // workload rules whose facts this query also collects
}

// Options say which rules to load.
type Options struct {
	// RuleDirs are user folders of .rego files, loaded beside the built-in pack.
	RuleDirs []string
	// NoBuiltin leaves the embedded pack out (for testing user rules alone).
	NoBuiltin bool
	// Disabled rule ids are loaded (so their metadata is known) but not run.
	Disabled []string
	// Select chooses the rules that run (--rule, --skip-rule); the others
	// are loaded for their metadata, like Disabled ones.
	Select Selection
	// Severity overrides rule severities by id.
	Severity map[string]string
	// Strict also evaluates each rule's `unknowns` set: what the rule could
	// not verify because a value is unresolved becomes a finding.
	Strict bool
	// EvalTimeout bounds the evaluation of one template (and of the
	// workload rules over all of them): a rule that runs longer is an error
	// naming it. 0 means DefaultEvalTimeout.
	EvalTimeout time.Duration
}

// DefaultEvalTimeout is the deadline of one template's evaluation. The
// slowest template of the corpus takes a few milliseconds: only a runaway
// rule comes near it.
const DefaultEvalTimeout = 10 * time.Second

// New loads, validates and compiles the rules. Every problem is an error
// that names the file (and line when known). It returns only once the
// rules are compiled: a caller that wants to read templates meanwhile runs
// it on another goroutine (see ScanWhileLoading), and cannot get an Engine
// without its error.
func New(opts Options) (*Engine, error) {
	if opts.EvalTimeout < 0 {
		return nil, fmt.Errorf("evaluation timeout %s: must be positive", opts.EvalTimeout)
	}
	modules := map[string]*ast.Module{}
	companions := map[string]bool{} // <rule>_unknowns.rego files not read (not strict)
	builtin := map[string]bool{}
	// Without --strict and without user rules, the pack's `unknowns`
	// companions are not read. User rules may call any lib helper, so with
	// them every file is read (and compiled with every check).
	readCompanions := opts.Strict || len(opts.RuleDirs) > 0
	if !opts.NoBuiltin {
		if err := parseFS(builtinFS, "policy", "builtin:", readCompanions, modules, companions); err != nil {
			return nil, err
		}
		for name := range modules {
			builtin[name] = true
		}
	}
	for _, dir := range opts.RuleDirs {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("rules folder %s: %w", dir, safeio.Cause(err))
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("rules folder %s: not a directory", dir)
		}
		if err := parseFS(safeio.DirFS(dir, MaxRuleFileSize), ".", filepath.Clean(dir)+string(filepath.Separator), readCompanions, modules, companions); err != nil {
			return nil, err
		}
	}
	// Every module, the embedded pack's too, compiles against the sandbox
	// capabilities (capabilities.go): a call to a removed builtin is an
	// undefined function, reported with its file and line.
	compiler := ast.NewCompiler().WithEnablePrintStatements(false).WithCapabilities(capabilities)
	if len(opts.RuleDirs) == 0 {
		// The embedded pack passes every check at test time, the sandbox's
		// included (TestEmbeddedPackPassesEveryCompilerCheck,
		// TestEmbeddedPackCallsNoRemovedBuiltin); re-checking it on every
		// run costs a sixth of start-up. User rules get all checks: this
		// branch is never taken when a rule folder is given.
		compiler = compiler.WithSkipStages(embeddedPackChecks...)
	}
	timeout := opts.EvalTimeout
	if timeout == 0 {
		timeout = DefaultEvalTimeout
	}
	e := &Engine{byID: map[string]*Rule{}, compiler: compiler, strict: opts.Strict, timeout: timeout}
	names := make([]string, 0, len(modules))
	for name := range modules {
		names = append(names, name)
	}
	sort.Strings(names)
	for name := range modules {
		if strings.HasSuffix(name, unknownsSuffix) {
			companions[name] = true
		}
	}
	for _, name := range names {
		if strings.HasSuffix(name, unknownsSuffix) {
			continue // a companion: checked with the file it extends
		}
		r, err := ruleOf(name, modules[name])
		if err != nil {
			return nil, err
		}
		companion := strings.TrimSuffix(name, ".rego") + unknownsSuffix
		if companions[companion] {
			delete(companions, companion)
			if m := modules[companion]; m != nil {
				if err := checkCompanion(companion, m, modules[name], r); err != nil {
					return nil, err
				}
			}
			if r != nil {
				r.HasUnknowns = true
			}
		}
		if r == nil {
			continue
		}
		r.Builtin = builtin[name]
		if prev, dup := e.byID[r.ID]; dup {
			return nil, fmt.Errorf("%s: rule id %s is already used by %s", name, r.ID, prev.File)
		}
		e.byID[r.ID] = r
		e.rules = append(e.rules, r)
	}
	for name := range companions {
		return nil, fmt.Errorf("%s: no rule file %s beside it (a %s file holds the `unknowns` of the rule in the file of the same name)",
			name, path.Base(strings.TrimSuffix(name, unknownsSuffix)+".rego"), unknownsSuffix)
	}
	for _, g := range governanceRules {
		r := *g
		e.byID[r.ID] = &r
		e.rules = append(e.rules, &r)
	}
	sort.Slice(e.rules, func(i, j int) bool { return e.rules[i].ID < e.rules[j].ID })
	on, err := opts.Select.selected(e.rules)
	if err != nil {
		return nil, err
	}
	e.off = map[string]bool{}
	for _, id := range opts.Disabled {
		if e.byID[id] == nil {
			return nil, fmt.Errorf("disabled rule %s does not exist", id)
		}
		e.off[id] = true
	}
	offPackages := map[string]bool{}
	for _, r := range e.rules {
		if !on[r.ID] {
			e.off[r.ID] = true
		}
		if e.off[r.ID] {
			offPackages[r.Package] = true
		}
	}
	if len(opts.RuleDirs) == 0 {
		// A rule that does not run is no root: unless a running rule
		// uses its helpers, none of its Rego is compiled.
		roots := map[string]bool{"deny": true, "facts": true, "unknowns": opts.Strict}
		pruneUnreachable(modules, roots, offPackages)
	}
	for id, sev := range opts.Severity {
		r := e.byID[id]
		if r == nil {
			return nil, fmt.Errorf("severity override for rule %s, which does not exist", id)
		}
		if SeverityRank(sev) < 0 {
			return nil, fmt.Errorf("severity override for %s: %q is not one of %s", id, sev, strings.Join(Severities, ", "))
		}
		r.Severity = sev
	}
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, fmt.Errorf("compiling rules: %s", explainCompileErrors(compiler.Errors))
	}
	if err := e.prepare(e.off); err != nil {
		return nil, err
	}
	return e, nil
}

// parseFS parses every non-test .rego file below root.
// parseFS parses the .rego files under root (tests aside) into modules
// named prefix+path. `<file>_unknowns.rego` companions are read only with
// companions set; otherwise their names go into skipped.
func parseFS(fsys fs.FS, root, prefix string, companions bool, into map[string]*ast.Module, skipped map[string]bool) error {
	type source struct {
		name, src string
		mod       *ast.Module
		err       error
	}
	var files []*source
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading rules: %w", err)
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		if strings.HasSuffix(p, unknownsSuffix) && !companions {
			skipped[prefix+p] = true
			return nil
		}
		src, err := fs.ReadFile(fsys, p) // bounded, and never a pipe or a device (safeio.DirFS)
		if err != nil {
			return fmt.Errorf("%s%s: %w", prefix, p, safeio.Cause(err))
		}
		files = append(files, &source{name: prefix + p, src: string(src)})
		return nil
	})
	if err != nil {
		return err
	}
	// Parsing is a third of start-up and each file is independent: spread
	// it over the cores.
	next := make(chan *source)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				f.mod, f.err = ast.ParseModuleWithOpts(f.name, f.src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	for _, f := range files { // in walk order, so the first error reported is stable
		if f.err != nil {
			return fmt.Errorf("parsing rule file: %w", f.err)
		}
		into[f.name] = f.mod
	}
	return nil
}

// ruleOf returns the rule a module defines, nil for a library module (no
// rule metadata, outside the bulwark.rules namespace).
func ruleOf(file string, m *ast.Module) (*Rule, error) {
	pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
	var ann *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" && a.Custom["id"] != nil {
			ann = a
		}
	}
	if ann == nil {
		if strings.HasPrefix(pkg, "bulwark.rules.") {
			return nil, fmt.Errorf("%s: package %s has no `# METADATA` block with custom.id: every rule needs one", file, pkg)
		}
		return nil, nil
	}
	r, err := ruleFromAnnotation(file, pkg, ann)
	if err != nil {
		return nil, err
	}
	need := map[string]bool{"deny": true}
	if r.Scope == "workload" {
		need["facts"] = true
	}
	for _, rule := range m.Rules {
		name := headName(rule)
		delete(need, name)
		if name == "unknowns" {
			r.HasUnknowns = true
		}
	}
	for name := range need {
		return nil, fmt.Errorf("%s: rule %s defines no `%s` rule", file, r.ID, name)
	}
	return r, nil
}

func (e *Engine) prepare(disabled map[string]bool) error {
	e.perInput = map[string]*ruleSet{}
	for _, kind := range []string{scanners.KindTemplate, scanners.KindAccount} {
		set := &ruleSet{compiler: e.compiler, cache: map[string]*preparedSet{}, strict: e.strict, kind: kind}
		for _, r := range e.rules {
			if disabled[r.ID] || r.Package == "bulwark.governance" {
				continue
			}
			switch {
			case r.Scope == "workload":
				// A workload rule's facts are evidence from every source
				// (a stack's failover record may pair with a Region's);
				// its findings stand only on the kinds it declares.
				set.facts = append(set.facts, r)
			case r.AppliesTo(kind):
				set.rules = append(set.rules, r)
			}
		}
		// Queries are compiled per subset on first use: the modules they
		// name compiled above, so a query over them cannot fail to compile,
		// and start-up stays short.
		e.perInput[kind] = set
	}
	wl := &preparedSet{}
	var body []string
	for _, r := range e.rules {
		if r.Scope == "workload" && !disabled[r.ID] && r.Package != "bulwark.governance" {
			body = append(body, fmt.Sprintf("r%d = data.%s.deny", len(wl.rules), r.Package))
			wl.rules = append(wl.rules, r)
		}
	}
	if err := wl.compile(e.compiler, body); err != nil {
		return err
	}
	e.workload = wl
	return nil
}

// compileRules prepares the query binding r<i> to each rule's deny set and
// f<i> to each workload rule's facts.
func (s *preparedSet) compileRules(c *ast.Compiler) error {
	var body []string
	for i, r := range s.rules {
		body = append(body, fmt.Sprintf("r%d = data.%s.deny", i, r.Package))
	}
	for i, r := range s.facts {
		body = append(body, fmt.Sprintf("f%d = data.%s.facts", i, r.Package))
	}
	if s.strict {
		for i, r := range s.rules {
			if r.HasUnknowns {
				body = append(body, fmt.Sprintf("u%d = data.%s.unknowns", i, r.Package))
			}
		}
		// A workload rule's unknowns are about one template, like its facts,
		// and reported only on the kinds of input it declares.
		for i, r := range s.facts {
			if r.HasUnknowns && r.AppliesTo(s.kind) {
				body = append(body, fmt.Sprintf("w%d = data.%s.unknowns", i, r.Package))
			}
		}
	}
	return s.compile(c, body)
}

func (s *preparedSet) compile(c *ast.Compiler, body []string) error {
	if len(body) == 0 {
		body = []string{"true"}
	}
	q, err := rego.New(
		rego.Query(strings.Join(body, "; ")),
		rego.Compiler(c),
		rego.Capabilities(capabilities),
		rego.StrictBuiltinErrors(false),
	).PrepareForEval(context.Background())
	if err != nil {
		return fmt.Errorf("preparing rule query: %w", err)
	}
	s.query, s.compiler = q, c
	return nil
}

// Rules returns the catalogue, sorted by id.
func (e *Engine) Rules() []*Rule {
	return e.rules
}

// Rule returns one rule's metadata by id, or nil.
func (e *Engine) Rule(id string) *Rule {
	return e.byID[id]
}

// embeddedPackChecks are the compiler stages that only check (they report
// errors, rewrite nothing evaluation needs).
var embeddedPackChecks = []ast.StageID{
	ast.StageCheckUnusedImports, ast.StageCheckKeywordOverrides, ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls, ast.StageCheckRuleConflicts, ast.StageCheckUndefinedFuncs,
	ast.StageCheckRecursion, ast.StageCheckTypes, ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins, ast.StageBuildRequiredCapabilities,
}

// headName is the name a rule defines ("deny", "unknowns", a helper).
func headName(rule *ast.Rule) string {
	if len(rule.Head.Reference) > 0 {
		if v, ok := rule.Head.Reference[0].Value.(ast.Var); ok {
			return v.String()
		}
	}
	return rule.Head.Name.String()
}

// unknownsSuffix names a rule's companion file: `<rule>_unknowns.rego`, in
// the rule's package, holds its `unknowns` set and the helpers only that set
// uses. It is read only with --strict: half the pack's Rego serves
// `unknowns`, and parsing it on every run would cost a fifth of start-up.
const unknownsSuffix = "_unknowns.rego"

// checkCompanion holds a companion file to the package of the file it
// extends and, for a rule's, to defining `unknowns`. A library's companion
// holds helpers only `unknowns` sets use.
func checkCompanion(file string, m, main *ast.Module, r *Rule) error {
	if pkg, want := m.Package.Path.String(), main.Package.Path.String(); pkg != want {
		return fmt.Errorf("%s: package %s, but the file it extends is package %s", file,
			strings.TrimPrefix(pkg, "data."), strings.TrimPrefix(want, "data."))
	}
	if r == nil {
		return nil
	}
	for _, rule := range m.Rules {
		if headName(rule) == "unknowns" {
			return nil
		}
	}
	return fmt.Errorf("%s: defines no `unknowns` rule", file)
}
