package rules

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoTierVerdictWithoutAFinding is a property over every template we
// have, at every tier: a workload whose verdict is "misses tier" carries at
// least one BW-TIER-* finding in its file that says why. A verdict is never
// worse than the findings that explain it.
func TestNoTierVerdictWithoutAFinding(t *testing.T) {
	roots := []string{"../testdata/tiers", "../testdata/examples"}
	if _, err := os.Stat(corpusDir); err == nil {
		roots = append(roots, corpusDir)
	}
	files, diags := scanners.Discover(roots)
	require.Empty(t, diags)
	e, err := New(Options{})
	require.NoError(t, err)
	ctx := context.Background()
	for tier := 0; tier <= 4; tier++ { // 0: each template's own tier, or none
		res := e.Scan(ctx, files, ScanOptions{EvalOptions: EvalOptions{Env: Env{Tier: tier}}})
		// A nested template's finding explains its parents' workloads.
		explained := map[string]bool{}
		parents := map[string][]string{}
		for _, f := range res.Findings {
			if f.Parent != nil && !slices.Contains(parents[f.File], f.Parent.File) {
				parents[f.File] = append(parents[f.File], f.Parent.File)
			}
		}
		var explain func(file string)
		explain = func(file string) {
			if !explained[file] {
				explained[file] = true
				for _, p := range parents[file] {
					explain(p)
				}
			}
		}
		for _, f := range res.Findings {
			if strings.HasPrefix(f.RuleID, "BW-TIER-") {
				explain(f.File)
			}
		}
		misses := 0
		for _, w := range res.Workloads {
			if w.Compliant != nil && !*w.Compliant {
				misses++
				assert.True(t, explained[w.File], "--tier %d: %s misses its tier with no BW-TIER finding (RPO %s, RTO %s)",
					tier, w.File, w.RPO.Text, w.RTO.Text)
			}
		}
		t.Logf("--tier %d: %d workloads, %d miss their tier", tier, len(res.Workloads), misses)
		// The property must not hold vacuously: the failing examples miss.
		assert.NotZero(t, misses, "--tier %d: no workload misses its tier", tier)
	}
}
