package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func only(patterns ...string) Selection {
	var s Selection
	for _, p := range patterns {
		s.Only = append(s.Only, RulePattern{Pattern: p, From: "--rule"})
	}
	return s
}

func TestSelection(t *testing.T) {
	skip := func(s Selection, patterns ...string) Selection {
		for _, p := range patterns {
			s.Skip = append(s.Skip, RulePattern{Pattern: p, From: "--skip-rule"})
		}
		return s
	}
	cases := []struct {
		name    string
		sel     Selection
		on, off []string
		err     string
	}{
		{"everything by default", Selection{}, []string{"BW-PITR-001", "BW-GOV-001", "BW-TIER-001"}, nil, ""},
		{"one id", only("BW-PITR-001"), []string{"BW-PITR-001"}, []string{"BW-PITR-002", "BW-GOV-001"}, ""},
		{"a glob", only("BW-PITR-*"), []string{"BW-PITR-001", "BW-PITR-002"}, []string{"BW-MULTI-AZ-001"}, ""},
		{"skip wins", skip(only("BW-PITR-*"), "BW-PITR-001"), []string{"BW-PITR-002"}, []string{"BW-PITR-001"}, ""},
		{"skip governance", skip(Selection{}, "BW-GOV-*"), []string{"BW-PITR-001"}, []string{"BW-GOV-001", "BW-GOV-005"}, ""},
		{"unknown id", only("BW-NOPE-1"), nil, nil, "--rule BW-NOPE-1: no rule has the id"},
		{"glob matching nothing", skip(Selection{}, "ACME-*"), nil, nil, "--skip-rule ACME-*: the pattern matches no rule"},
		{"invalid glob", only("BW-[PITR"), nil, nil, `--rule "BW-[PITR": not a valid pattern`},
		{"nothing left", skip(only("BW-PITR-001"), "BW-PITR-00?"), nil, nil, "leaves no rule to run"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := New(Options{Select: tc.sel})
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			var selected []string
			for _, r := range e.Selected() {
				selected = append(selected, r.ID)
			}
			for _, id := range tc.on {
				assert.Contains(t, selected, id)
			}
			for _, id := range tc.off {
				assert.NotContains(t, selected, id)
				assert.NotNil(t, e.Rule(id), "an unselected rule's metadata stays known")
			}
		})
	}
}

// TestUnselectedRulesAreNotCompiled: a rule that does not run costs
// nothing, its Rego is pruned before compilation.
func TestUnselectedRulesAreNotCompiled(t *testing.T) {
	count := func(e *Engine) (selected, others int) {
		for _, m := range e.compiler.Modules {
			pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
			switch {
			case pkg == "bulwark.rules.pitr.dynamodb_pitr":
				selected += len(m.Rules)
			case strings.HasPrefix(pkg, "bulwark.rules."):
				others += len(m.Rules)
			}
		}
		return
	}
	all, err := New(Options{})
	require.NoError(t, err)
	require.Equal(t, "bulwark.rules.pitr.dynamodb_pitr", all.Rule("BW-PITR-001").Package)
	_, othersAll := count(all)
	require.Positive(t, othersAll)

	one, err := New(Options{Select: only("BW-PITR-001")})
	require.NoError(t, err)
	selected, others := count(one)
	assert.Positive(t, selected)
	assert.Zero(t, others, "rules of unselected packages were compiled")
}

// TestSkippedGovernanceRuleReportsNothing: a suppression without a reason
// stays void when BW-GOV-001 does not run, it is only not reported.
func TestSkippedGovernanceRuleReportsNothing(t *testing.T) {
	src := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Metadata:\n      bulwark:\n        skip: [{id: BW-PITR-001}]\n"
	for _, tc := range []struct {
		name string
		sel  Selection
		gov  bool
	}{
		{"all rules", Selection{}, true},
		{"governance skipped", Selection{Skip: []RulePattern{{Pattern: "BW-GOV-001", From: "--skip-rule"}}}, false},
		{"only the rule", only("BW-PITR-001"), false},
		{"disabled in the config", Selection{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var disabled []string
			if tc.name == "disabled in the config" {
				disabled = []string{"BW-GOV-001"}
			}
			e, err := New(Options{Select: tc.sel, Disabled: disabled})
			require.NoError(t, err)
			loaded := scanners.Load("t.yaml", []byte(src), scanners.Options{})
			require.NotNil(t, loaded.Template)
			res := e.Evaluate(context.Background(), []*scanners.Source{{Kind: scanners.KindTemplate, Template: loaded.Template}}, EvalOptions{})
			var gov, pitr []Finding
			for _, f := range res.Findings {
				switch f.RuleID {
				case "BW-GOV-001":
					gov = append(gov, f)
				case "BW-PITR-001":
					pitr = append(pitr, f)
				}
			}
			assert.Equal(t, tc.gov, len(gov) > 0)
			require.Len(t, pitr, 1)
			assert.Equal(t, StatusFail, pitr[0].Status, "the void suppression stays void")
		})
	}
}
