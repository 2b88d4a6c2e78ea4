package rules

import (
	"context"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const templateOnlyRule = `# METADATA
# title: Queues must have a name (templates only)
# custom:
#   id: ACME-002
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   inputs: [template]
#   remediation: Name the queue.
package bulwark.rules.acme.queue_name_templates

import data.bulwark.lib

deny contains lib.finding(id, ["Properties"], "queue has no QueueName") if {
	some id, r in lib.resources(["AWS::SQS::Queue"])
	not r.Properties.QueueName
}
`

// TestEvaluateHonoursKindAndUnchecked: a source's kind decides which rules
// run on it (METADATA inputs), and what its loader left unchecked is not
// reported, for template-scope and workload rules alike.
func TestEvaluateHonoursKindAndUnchecked(t *testing.T) {
	e, err := New(Options{RuleDirs: []string{writeRule(t, goodUserRule+"\n"), writeRule(t, templateOnlyRule)}})
	require.NoError(t, err)
	queue := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
	src := func(file, kind string, unchecked map[string]string) *scanners.Source {
		tmpl := loadTemplate(t, queue)
		tmpl.File = file
		return &scanners.Source{Template: tmpl, Kind: kind, Unchecked: unchecked}
	}
	res := e.Evaluate(context.Background(), []*scanners.Source{
		src("a.yaml", scanners.KindTemplate, nil),
		src("aws://1/eu-west-1", scanners.KindAccount, nil),
		src("b.yaml", scanners.KindTemplate, map[string]string{"ACME-001": "not read"}),
	}, EvalOptions{})
	got := map[string]bool{}
	for _, f := range res.Findings {
		got[f.RuleID+" "+f.File] = true
	}
	assert.True(t, got["ACME-001 a.yaml"])
	assert.True(t, got["ACME-002 a.yaml"])
	assert.True(t, got["ACME-001 aws://1/eu-west-1"], "a rule for templates and accounts runs on an account")
	assert.False(t, got["ACME-002 aws://1/eu-west-1"], "a rule for templates only does not")
	assert.False(t, got["ACME-001 b.yaml"], "an unchecked rule is not reported")
	assert.True(t, got["ACME-002 b.yaml"])
	for _, w := range res.Workloads {
		assert.NotEmpty(t, w.File)
	}
	assert.Equal(t, []string{"a.yaml", "aws://1/eu-west-1", "b.yaml"}, []string{res.Workloads[0].File, res.Workloads[1].File, res.Workloads[2].File})

	bad := e.Evaluate(context.Background(), []*scanners.Source{src("c.yaml", "stack", nil)}, EvalOptions{})
	require.Len(t, bad.Diagnostics, 1)
	assert.Contains(t, bad.Diagnostics[0].Message, `unknown kind of input "stack"`)
}

// TestSourceTierAndSettings: the tier a loader knows from outside the
// template is used when the template declares none, and says where it
// came from; a source's settings replace the defaults unless kept.
func TestSourceTierAndSettings(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	table := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n"
	withMeta := "Metadata:\n  bulwark:\n    tier: 1\n" + table
	tests := []struct {
		name, src string
		tier      any
		want      int
		from      string
	}{
		{"tag tier", table, "3", 3, "stack tag reliability-tier"},
		{"template tier wins", withMeta, "3", 1, "template Metadata.bulwark.tier"},
		{"no tier", table, nil, 0, "not set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &scanners.Source{Template: loadTemplate(t, tc.src), Kind: scanners.KindTemplate, TierHint: tc.tier, TierHintSource: "stack tag reliability-tier"}
			ev := e.EvaluateSource(context.Background(), s, Env{}, false)
			assert.Equal(t, tc.want, ev.Workload.Tier)
			assert.Equal(t, tc.from, ev.Workload.TierSource)
		})
	}
	env := Env{Settings: map[string]any{"account_concurrency_limit": int64(1000), "x": 1}}
	src := &scanners.Source{Settings: map[string]any{"account_concurrency_limit": int64(50)}}
	assert.Equal(t, int64(50), sourceEnv(env, src, false).Settings["account_concurrency_limit"], "what the account says wins")
	assert.Equal(t, int64(1000), sourceEnv(env, src, true).Settings["account_concurrency_limit"], "unless the caller set it")
	assert.Equal(t, 1, sourceEnv(env, src, false).Settings["x"])
	assert.Equal(t, int64(1000), env.Settings["account_concurrency_limit"], "env itself is not changed")
}

// TestTierScopedRulesRunOnlyInTheirTiers: METADATA tiers is honoured by the
// engine, whether or not the rule's Rego reads the tier itself.
func TestTierScopedRulesRunOnlyInTheirTiers(t *testing.T) {
	scoped := replace(goodUserRule, "#   remediation:", "#   tiers: [1, 2]\n#   remediation:")
	e, err := New(Options{RuleDirs: []string{writeRule(t, scoped)}})
	require.NoError(t, err)
	queue := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
	for _, tc := range []struct {
		tier int
		want bool
	}{{0, false}, {1, true}, {2, true}, {3, false}, {4, false}} {
		ev := e.EvaluateSource(context.Background(), &scanners.Source{Template: loadTemplate(t, queue), Kind: scanners.KindTemplate},
			Env{Tier: tc.tier}, false)
		found := false
		for _, f := range ev.Findings {
			found = found || f.RuleID == "ACME-001"
		}
		assert.Equal(t, tc.want, found, "tier %d", tc.tier)
	}
}
