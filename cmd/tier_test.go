package cmd

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTierExamples scans one passing and one failing workload per tier and
// checks the verdict and the tier findings end to end.
func TestTierExamples(t *testing.T) {
	tests := []struct {
		file      string
		tier      int
		compliant bool
		findings  []string // tier rule findings as RULE:resource
		rpo, rto  string
	}{
		{"tier1-pass.yaml", 1, true, nil, "1 s", "1 min"},
		{"tier1-fail.yaml", 1, false, []string{"BW-TIER-001:Ledger", "BW-TIER-002:Ledger"}, "1 d", "at least 8 h"},
		{"tier2-pass.yaml", 2, true, nil, "1 s", "2.5 min"},
		{"tier2-fail.yaml", 2, false, []string{"BW-TIER-002:Orders"}, "1 h", "at least 8 h"},
		{"tier3-pass.yaml", 3, true, nil, "5 min", "0 s"},
		{"tier3-fail.yaml", 3, false, []string{"BW-TIER-002:Database"}, "5 min", "8 h"},
		{"tier4-pass.yaml", 4, true, nil, "7 d", "8 h"},
		{"tier4-fail.yaml", 4, false, []string{"BW-TIER-001:Scratch", "BW-TIER-002:Scratch"}, "unbounded", "unbounded"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			_, out, stderr := run(t, "scan", "--format", "json", "--fail-on", "none", "testdata/tiers/"+tc.file)
			var rep struct {
				Workloads []struct {
					Tier      int   `json:"tier"`
					Compliant *bool `json:"compliant"`
					RPO       struct{ Text string }
					RTO       struct{ Text string }
				} `json:"workloads"`
				Findings []struct {
					RuleID   string `json:"rule_id"`
					Resource string `json:"resource"`
					Concern  string `json:"concern"`
				} `json:"findings"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &rep), stderr)
			require.Len(t, rep.Workloads, 1)
			w := rep.Workloads[0]
			assert.Equal(t, tc.tier, w.Tier)
			require.NotNil(t, w.Compliant, "verdict should be known")
			assert.Equal(t, tc.compliant, *w.Compliant)
			assert.Equal(t, tc.rpo, w.RPO.Text)
			assert.Equal(t, tc.rto, w.RTO.Text)
			var got []string
			for _, f := range rep.Findings {
				if f.Concern == "tier" {
					got = append(got, f.RuleID+":"+f.Resource)
				}
			}
			assert.ElementsMatch(t, tc.findings, got)
		})
	}
}

func TestTierFlagOverridesTemplate(t *testing.T) {
	// tier4-pass meets tier 4 but not tier 1.
	code, out, _ := run(t, "scan", "--tier", "1", "--format", "json", "testdata/tiers/tier4-pass.yaml")
	assert.Equal(t, ExitFindings, code)
	assert.Contains(t, out, `"tier_source": "--tier"`)
	assert.Contains(t, out, "BW-TIER-001")
}

func TestTierNotSet(t *testing.T) {
	code, out, _ := run(t, "scan", "testdata/examples/payments-sam.yaml")
	assert.Equal(t, ExitFindings, code)
	assert.Contains(t, out, "tier not set")
	assert.NotContains(t, out, "BW-TIER-")
}
