package rules

import (
	"context"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policyModules parses every .rego file of the embedded pack, tests included.
func policyModules(t *testing.T) map[string]*ast.Module {
	t.Helper()
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(BuiltinPolicy(), "policy", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		src, err := fs.ReadFile(BuiltinPolicy(), p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		mods[p] = m
		return nil
	})
	require.NoError(t, err)
	return mods
}

// TestRegoUnitTests runs every *_test.rego of the built-in pack, so
// `go test ./...` is the one command that checks Go and Rego alike.
func TestRegoUnitTests(t *testing.T) {
	mods := policyModules(t)
	ch, err := tester.NewRunner().SetModules(mods).SetStore(inmem.New()).EnableTracing(false).
		RaiseBuiltinErrors(true).RunTests(context.Background(), nil)
	require.NoError(t, err)
	var results []*tester.Result
	for r := range ch {
		results = append(results, r)
	}
	sort.Slice(results, func(i, j int) bool {
		return results[i].Package+results[i].Name < results[j].Package+results[j].Name
	})
	require.NotEmpty(t, results, "no Rego tests found")
	for _, r := range results {
		t.Run(strings.TrimPrefix(r.Package, "data.")+"/"+r.Name, func(t *testing.T) {
			if r.Error != nil {
				t.Fatalf("%s: error: %v", r.Location, r.Error)
			}
			if r.Fail {
				t.Fatalf("%s: failed", r.Location)
			}
		})
	}
}

// TestEveryRuleIsTestedBothWays holds each built-in rule to a Rego test
// that shows it failing and one that shows it passing.
func TestEveryRuleIsTestedBothWays(t *testing.T) {
	mods := policyModules(t)
	tests := map[string][]string{} // package -> test names
	for _, m := range mods {
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		for _, r := range m.Rules {
			name := r.Head.Name.String()
			if name == "" && len(r.Head.Reference) > 0 {
				name = r.Head.Reference[0].String()
			}
			if strings.HasPrefix(name, "test_") {
				tests[pkg] = append(tests[pkg], name)
			}
		}
	}
	e, err := New(Options{})
	require.NoError(t, err)
	require.NotEmpty(t, e.Rules())
	for _, r := range e.Rules() {
		if r.Package == "bulwark.governance" {
			continue // implemented and tested in Go: suppress_test.go
		}
		names := tests[r.Package+"_test"]
		var fails, passes bool
		for _, n := range names {
			fails = fails || strings.HasPrefix(n, "test_fails")
			passes = passes || strings.HasPrefix(n, "test_passes")
		}
		assert.True(t, fails, "%s (%s) has no test_fails_* test in package %s_test", r.ID, r.File, r.Package)
		assert.True(t, passes, "%s (%s) has no test_passes_* test in package %s_test", r.ID, r.File, r.Package)
	}
}

// TestEveryRuleReportsWhatItCannotVerify: --strict promises that every
// "unknown" becomes a "could not be verified" finding, so each built-in
// rule defines `unknowns` and a test_unknown_* test shows it reporting one.
func TestEveryRuleReportsWhatItCannotVerify(t *testing.T) {
	mods := policyModules(t)
	tests := map[string][]string{} // package -> test names
	for _, m := range mods {
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		for _, r := range m.Rules {
			if name := r.Head.Name.String(); strings.HasPrefix(name, "test_unknown") {
				tests[pkg] = append(tests[pkg], name)
			}
		}
	}
	e, err := New(Options{Strict: true})
	require.NoError(t, err)
	for _, r := range e.Rules() {
		if r.Package == "bulwark.governance" {
			continue // governance findings are about suppressions, which are always known
		}
		assert.True(t, r.HasUnknowns, "%s (%s) defines no `unknowns` set", r.ID, r.File)
		assert.NotEmpty(t, tests[r.Package+"_test"], "%s (%s) has no test_unknown_* test in package %s_test", r.ID, r.File, r.Package)
	}
}
