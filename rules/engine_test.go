package rules

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goodUserRule = `# METADATA
# title: Queues must have a name
# custom:
#   id: ACME-001
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   remediation: Name the queue.
package bulwark.rules.acme.queue_name

import data.bulwark.lib

deny contains lib.finding(id, ["Properties"], "queue has no QueueName") if {
	some id, r in lib.resources(["AWS::SQS::Queue"])
	not r.Properties.QueueName
}
`

func writeRule(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rule.rego"), []byte(src), 0o644))
	return dir
}

func TestBadUserRulesAreClearErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"syntax error", "package bulwark.rules.x\n\ndeny contains x if {", "rule.rego:"},
		{"missing id", "# METADATA\n# title: t\n# custom:\n#   severity: low\npackage bulwark.rules.x\n\ndeny contains 1 if false\n", "has no `# METADATA` block with custom.id"},
		{"unknown severity", replace(goodUserRule, "severity: low", "severity: urgent"), `severity "urgent" is not one of`},
		{"unknown concern", replace(goodUserRule, "concern: backup", "concern: vibes"), `concern "vibes" is not one of`},
		{"bad well-architected id", replace(goodUserRule, "REL09-BP01", "SEC01"), `well_architected "SEC01"`},
		{"no deny rule", replace(goodUserRule, "deny contains", "other contains"), "defines no `deny` rule"},
		{"duplicate id", replace(goodUserRule, "ACME-001", "BW-PITR-001"), "rule id BW-PITR-001 is already used"},
		{"missing remediation", replace(goodUserRule, "#   remediation: Name the queue.\n", ""), "custom.remediation is missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeRule(t, tc.src)
			_, err := New(Options{RuleDirs: []string{dir}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "rule.rego", "the error names the file")
		})
	}
}

func replace(s, old, new string) string { return strings.Replace(s, old, new, 1) }

func loadTemplate(t *testing.T, src string) *scanners.Template {
	t.Helper()
	res := scanners.Load("t.yaml", []byte(src), scanners.Options{})
	require.NotNil(t, res.Template, "%v", res.Diagnostics)
	return res.Template
}

func TestUserRulesRunBesideBuiltins(t *testing.T) {
	e, err := New(Options{RuleDirs: []string{writeRule(t, goodUserRule)}})
	require.NoError(t, err)
	require.NotNil(t, e.Rule("ACME-001"))
	assert.False(t, e.Rule("ACME-001").Builtin)
	assert.True(t, e.Rule("BW-PITR-001").Builtin)
	tmpl := loadTemplate(t, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 1\n")
	ev := e.EvaluateTemplate(context.Background(), tmpl, Env{})
	require.Len(t, ev.Findings, 1)
	f := ev.Findings[0]
	assert.Equal(t, "ACME-001", f.RuleID)
	assert.Equal(t, "Q", f.Resource)
	assert.Equal(t, "AWS::SQS::Queue", f.ResourceType)
	assert.Equal(t, 4, f.Line, "points at Properties")
	assert.Equal(t, "low", f.Severity)
	assert.Equal(t, "Name the queue.", f.Remediation)
}

// A rule that errors at evaluation is reported; the other rules still run.
func TestFailingRuleIsReportedNotFatal(t *testing.T) {
	broken := `# METADATA
# title: Broken
# custom:
#   id: ACME-BROKEN
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   remediation: none
package bulwark.rules.acme.broken

# Two values for one complete rule: a conflict error at evaluation.
x := 1 if input.kind == "template"

x := 2 if input.kind == "template"

deny contains {"resource": "T", "path": [], "message": "never"} if x == 3
`
	e, err := New(Options{RuleDirs: []string{writeRule(t, broken)}})
	require.NoError(t, err)
	tmpl := loadTemplate(t, "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n")
	ev := e.EvaluateTemplate(context.Background(), tmpl, Env{})
	require.NotEmpty(t, ev.Diagnostics)
	assert.Contains(t, ev.Diagnostics[0].Message, "rule ACME-BROKEN")
	var ids []string
	for _, f := range ev.Findings {
		ids = append(ids, f.RuleID)
	}
	assert.Contains(t, ids, "BW-PITR-001", "the other rules still report")
}

func TestTierResolution(t *testing.T) {
	withMeta := loadTemplate(t, "Metadata:\n  bulwark:\n    tier: 2\nResources:\n  T:\n    Type: AWS::SQS::Queue\n")
	without := loadTemplate(t, "Resources:\n  T:\n    Type: AWS::SQS::Queue\n")
	forged := loadTemplate(t, "Metadata:\n  bulwark: {tier: 3, tier_source: forged}\nResources:\n  T:\n    Type: AWS::SQS::Queue\n")
	stackTag := func(tmpl *scanners.Template) *scanners.Source {
		return &scanners.Source{Template: tmpl, TierHint: "3", TierHintSource: "stack tag reliability-tier"}
	}
	cases := []struct {
		name     string
		src      *scanners.Source
		env      Env
		tier     int
		tierFrom string
	}{
		{"metadata", &scanners.Source{Template: withMeta}, Env{}, 2, "template Metadata.bulwark.tier"},
		{"--tier wins", &scanners.Source{Template: withMeta}, Env{Tier: 1}, 1, "--tier"},
		{"not set", &scanners.Source{Template: without}, Env{}, 0, ""},
		{"config default last", &scanners.Source{Template: without}, Env{DefaultTier: 3}, 3, "config default"},
		{"stack tag (audit)", stackTag(without), Env{}, 3, "stack tag reliability-tier"},
		{"metadata beats a stack tag", stackTag(withMeta), Env{}, 2, "template Metadata.bulwark.tier"},
		{"tier_source in a template is no side channel", &scanners.Source{Template: forged}, Env{}, 3, "template Metadata.bulwark.tier"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.env.enrich(tc.src)
			assert.Equal(t, tc.tier, tc.src.Profile.Tier, "the profile's tier")
			assert.Equal(t, tc.tierFrom, tc.src.Profile.TierSource)
			assert.Equal(t, tc.tier, w.Tier, "the estimate is judged at the profile's tier")
			assert.Equal(t, "t", tc.src.Profile.Workload)
		})
	}
}

// New skips the compiler's check-only stages for the embedded pack; this
// holds the pack to every one of them, as a user rule folder is.
func TestEmbeddedPackPassesEveryCompilerCheck(t *testing.T) {
	_, err := New(Options{RuleDirs: []string{t.TempDir()}})
	require.NoError(t, err)
}

// A rule's `unknowns` may live in a `<rule>_unknowns.rego` companion, read
// only with --strict.
func TestUnknownsCompanionFile(t *testing.T) {
	companion := `package bulwark.rules.acme.queue_name

import data.bulwark.lib

unknowns contains lib.finding(id, ["Properties", "QueueName"], "QueueName is not resolved") if {
	some id, r in lib.resources(["AWS::SQS::Queue"])
	lib.unknown(r.Properties.QueueName)
}
`
	write := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for name, src := range files {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
		}
		return dir
	}
	tmpl := loadTemplate(t, "Parameters:\n  N: {Type: String}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref N\n")
	count := func(e *Engine) int {
		n := 0
		for _, f := range e.EvaluateTemplate(context.Background(), tmpl, Env{}).Findings {
			if f.RuleID == "ACME-001" {
				n++
			}
		}
		return n
	}
	for _, strict := range []bool{false, true} {
		dir := write(t, map[string]string{"queue.rego": goodUserRule, "queue_unknowns.rego": companion})
		e, err := New(Options{RuleDirs: []string{dir}, Strict: strict})
		require.NoError(t, err)
		assert.True(t, e.Rule("ACME-001").HasUnknowns, "strict=%v", strict)
		want := 0
		if strict {
			want = 1
		}
		assert.Equal(t, want, count(e), "strict=%v", strict)
	}

	bad := []struct{ name, file, src, want string }{
		{"orphan", "other_unknowns.rego", companion, "no rule file other.rego beside it"},
		{"other package", "queue_unknowns.rego", strings.Replace(companion, "queue_name", "elsewhere", 1), "package bulwark.rules.acme.elsewhere, but the file it extends is package bulwark.rules.acme.queue_name"},
		{"no unknowns", "queue_unknowns.rego", "package bulwark.rules.acme.queue_name\n\nx := 1\n", "defines no `unknowns` rule"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			dir := write(t, map[string]string{"queue.rego": goodUserRule, tc.file: tc.src})
			_, err := New(Options{RuleDirs: []string{dir}, Strict: true})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
