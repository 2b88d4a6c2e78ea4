package rules

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego test of a user rule folder.
type TestResult struct {
	Package string `json:"package"`
	Name    string `json:"name"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	// Result is pass, fail, error (the test could not be evaluated) or
	// skip (a todo_test_ rule).
	Result string `json:"result"`
	Error  string `json:"error,omitempty"`
}

// TestOptions say which folders' tests RunRegoTests runs.
type TestOptions struct {
	// Dirs are the rule folders whose tests run.
	Dirs []string
	// Deps are other rule folders the tests may use (their tests do not run).
	Deps []string
	// Timeout bounds each test; 0 means DefaultEvalTimeout.
	Timeout time.Duration
}

// RunRegoTests runs the Rego tests (rules named test_*, in any .rego file,
// as `opa test` finds them) of user rule folders the way the built-in
// pack's are run: beside the pack's modules, compiled with the sandbox
// capabilities (capabilities.go), builtin errors raised. The folders must
// first load as rules (New); that, a test file that does not parse or
// compile, or no test at all is an error, naming the file and line.
func RunRegoTests(ctx context.Context, o TestOptions) ([]TestResult, error) {
	if _, err := New(Options{RuleDirs: append(append([]string{}, o.Deps...), o.Dirs...)}); err != nil {
		return nil, err
	}
	modules := map[string]*ast.Module{}
	if err := parseFS(builtinFS, "policy", "builtin:", true, modules, map[string]bool{}); err != nil {
		return nil, err
	}
	for _, dir := range o.Deps {
		if err := parseFS(safeio.DirFS(dir, MaxRuleFileSize), ".", filepath.Clean(dir)+string(filepath.Separator), true, modules, map[string]bool{}); err != nil {
			return nil, err
		}
	}
	tests := 0
	for _, dir := range o.Dirs {
		n, err := parseTests(dir, modules)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, fmt.Errorf("rules folder %s: no Rego test (a rule named test_*)", dir)
		}
		tests += n
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultEvalTimeout
	}
	compiler := ast.NewCompiler().WithEnablePrintStatements(false).WithCapabilities(capabilities)
	ch, err := tester.NewRunner().SetCompiler(compiler).SetModules(modules).SetStore(inmem.New()).
		EnableTracing(false).RaiseBuiltinErrors(true).SetTimeout(timeout).RunTests(ctx, nil)
	if err != nil {
		var errs ast.Errors
		if errors.As(err, &errs) {
			return nil, fmt.Errorf("compiling rules and tests: %s", explainCompileErrors(errs))
		}
		return nil, fmt.Errorf("running tests: %w", err)
	}
	results := make([]TestResult, 0, tests)
	for r := range ch {
		tr := TestResult{Package: strings.TrimPrefix(r.Package, "data."), Name: r.Name, Result: "pass"}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		switch {
		case r.Skip:
			tr.Result = "skip"
		case r.Error != nil:
			tr.Result, tr.Error = "error", r.Error.Error()
		case r.Fail:
			tr.Result = "fail"
		}
		results = append(results, tr)
	}
	sort.Slice(results, func(i, j int) bool {
		a, b := results[i], results[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return results, nil
}

// parseTests parses every .rego file of a user folder, tests included,
// into modules named like New names them, and counts the test rules.
func parseTests(dir string, into map[string]*ast.Module) (int, error) {
	fsys := safeio.DirFS(dir, MaxRuleFileSize) // bounded, never a pipe or a device
	prefix := filepath.Clean(dir) + string(filepath.Separator)
	tests := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading rules folder %s: %w", dir, safeio.Cause(err))
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("%s%s: %w", prefix, p, safeio.Cause(err))
		}
		m, err := ast.ParseModuleWithOpts(prefix+p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return fmt.Errorf("parsing rule file: %w", err)
		}
		into[prefix+p] = m
		for _, r := range m.Rules {
			if name := headName(r); strings.HasPrefix(name, "test_") || strings.HasPrefix(name, "todo_test_") {
				tests++
			}
		}
		return nil
	})
	return tests, err
}
