package cmd

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTierExamples scans one passing and one failing workload per tier,
// and the shapes whose verdict once had no finding to explain it, and
// checks the verdict, the estimates and the tier findings end to end.
func TestTierExamples(t *testing.T) {
	tests := []struct {
		file      string
		tier      int
		verdict   string   // meets, misses or unknown
		estimated []string // resources estimated
		findings  []string // tier rule findings as RULE:resource
		rpo, rto  string
	}{
		{"tier1-pass.yaml", 1, "meets", []string{"Sessions", "ApiPrimary"}, nil, "1 s", "1 min"},
		{"tier1-fail.yaml", 1, "misses", []string{"Ledger"}, []string{"BW-TIER-001:Ledger", "BW-TIER-002:Ledger"}, "1 d", "at least 8 h"},
		{"tier2-pass.yaml", 2, "meets", []string{"Primary", "OrdersPrimary"}, nil, "1 s", "2.5 min"},
		{"tier2-fail.yaml", 2, "misses", []string{"Orders"}, []string{"BW-TIER-002:Orders"}, "1 h", "at least 8 h"},
		{"tier3-pass.yaml", 3, "meets", []string{"LoadBalancer", "Servers", "Catalog"}, nil, "5 min", "0 s"},
		{"tier3-fail.yaml", 3, "misses", []string{"Database"}, []string{"BW-TIER-002:Database"}, "5 min", "8 h"},
		{"tier4-pass.yaml", 4, "meets", []string{"Reports"}, nil, "7 d", "8 h"},
		{"tier4-fail.yaml", 4, "misses", []string{"Scratch"}, []string{"BW-TIER-001:Scratch", "BW-TIER-002:Scratch"}, "unbounded", "unbounded"},
		// No data store: no data to lose, and the verdict rests on the RTO.
		{"tier3-compute-only.yaml", 3, "meets", []string{"LoadBalancer", "Servers"}, nil, "no data to lose", "0 s"},
		// The same resources are estimated at tier 2; without a failover
		// record their Region-loss RTO is unknown, never a miss.
		{"tier2-compute-unknown.yaml", 2, "unknown", []string{"LoadBalancer", "Servers"}, nil, "no data to lose", "unknown"},
		// A slow failover is a finding on what it moves: the compute...
		{"tier1-failover-fail.yaml", 1, "misses", []string{"LoadBalancer", "Servers"},
			[]string{"BW-TIER-002:LoadBalancer", "BW-TIER-002:Servers"}, "no data to lose", "6.5 min"},
		// ...or, with no compute in the template, the failover record.
		{"tier1-data-failover-fail.yaml", 1, "misses", []string{"Sessions", "WebPrimary"},
			[]string{"BW-TIER-002:WebPrimary"}, "1 s", "6.5 min"},
		// No workload tier: the part tagged reliability-tier 2 decides.
		{"untiered-tagged-fail.yaml", 0, "misses", []string{"Ledger", "Scratch"},
			[]string{"BW-TIER-001:Ledger", "BW-TIER-002:Ledger"}, "unbounded", "0 s"},
	}
	verdicts := map[string]*bool{"meets": boolp(true), "misses": boolp(false), "unknown": nil}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			_, out, stderr := run(t, "scan", "--format", "json", "--fail-on", "none", "testdata/tiers/"+tc.file)
			var rep struct {
				Workloads []struct {
					Tier      int   `json:"tier"`
					Compliant *bool `json:"compliant"`
					RPO       struct{ Text string }
					RTO       struct{ Text string }
					Resources []struct {
						Resource string `json:"resource"`
					} `json:"resources"`
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
			want, ok := verdicts[tc.verdict]
			require.True(t, ok, tc.verdict)
			assert.Equal(t, want, w.Compliant)
			assert.Equal(t, tc.rpo, w.RPO.Text)
			assert.Equal(t, tc.rto, w.RTO.Text)
			var estimated []string
			for _, r := range w.Resources {
				estimated = append(estimated, r.Resource)
			}
			assert.ElementsMatch(t, tc.estimated, estimated)
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

func boolp(b bool) *bool { return &b }

// TestTierTableShowsATaggedPartThatMisses: a workload without a tier whose
// tagged resource misses its own says so in the text table, by name.
func TestTierTableShowsATaggedPartThatMisses(t *testing.T) {
	code, out, _ := run(t, "scan", "testdata/tiers/untiered-tagged-fail.yaml")
	assert.Equal(t, ExitFindings, code)
	assert.Contains(t, out, "tier not set; MISSES TIER: Ledger at tier 2")
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
