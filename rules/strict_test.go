package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A workload rule's unknowns are evaluated per template, like its facts.
const workloadRuleWithUnknowns = `# METADATA
# title: Queues are paired across templates
# custom:
#   id: ACME-PAIR
#   severity: low
#   concern: backup
#   scope: workload
#   well_architected: [REL09-BP01]
#   remediation: Pair the queue.
package bulwark.rules.acme.pair

import data.bulwark.lib

facts contains {"resource": id, "name": r.Properties.QueueName} if {
	some id, r in lib.resources(["AWS::SQS::Queue"])
	is_string(r.Properties.QueueName)
}

unknowns contains lib.finding(id, ["Properties", "QueueName"], sprintf("queue %s: QueueName is not resolved", [id])) if {
	some id, r in lib.resources(["AWS::SQS::Queue"])
	lib.unknown(r.Properties.QueueName)
}

deny contains lib.fact_finding(f, "never") if {
	some f in input.facts
	f.name == "never-matches"
}
`

// brokenDeny makes the combined query fail, so the engine falls back to
// evaluating rule by rule: strict unknowns must survive that path too.
const brokenDeny = `# METADATA
# title: Broken
# custom:
#   id: ACME-BROKEN
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   remediation: none
package bulwark.rules.acme.broken

x := 1 if input.kind == "template"

x := 2 if input.kind == "template"

deny contains {"resource": "Q", "path": [], "message": "never"} if x == 3
`

func TestStrictReportsWhatRulesCouldNotVerify(t *testing.T) {
	src := "Parameters:\n  Name: {Type: String}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Name\n"
	tests := []struct {
		name   string
		rules  []string
		strict bool
		want   int // "could not be verified" findings of ACME-PAIR
	}{
		{"strict", []string{workloadRuleWithUnknowns}, true, 1},
		{"not strict", []string{workloadRuleWithUnknowns}, false, 0},
		{"strict, rule-by-rule fallback", []string{workloadRuleWithUnknowns, brokenDeny}, true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var dirs []string
			for _, r := range tc.rules {
				dirs = append(dirs, writeRule(t, r))
			}
			e, err := New(Options{RuleDirs: dirs, Strict: tc.strict})
			require.NoError(t, err)
			ev := e.EvaluateTemplate(context.Background(), loadTemplate(t, src), Env{})
			got := 0
			for _, f := range ev.Findings {
				if f.RuleID != "ACME-PAIR" {
					continue
				}
				got++
				assert.Equal(t, "low", f.Severity)
				assert.True(t, strings.HasPrefix(f.Message, "could not be verified: queue Q"), f.Message)
				assert.Equal(t, 7, f.Line, "points at QueueName")
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
