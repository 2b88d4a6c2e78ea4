package report

import (
	"encoding/json"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func baselineFinding(rule, file, resource string, line int) finding.Finding {
	return finding.Finding{RuleID: rule, File: file, Resource: resource, Line: line, Status: finding.StatusFail,
		Fingerprint: finding.FingerprintOf(rule, file, resource, "Properties")}
}

func TestBaselineRoundTrip(t *testing.T) {
	old := []finding.Finding{
		baselineFinding("BW-PITR-001", "a.yaml", "Orders", 10),
		baselineFinding("BW-MULTI-AZ-001", "a.yaml", "Lb", 30),
		baselineFinding("BW-PITR-001", "b.yaml", "Gone", 5),
	}
	supp := baselineFinding("BW-PITR-001", "c.yaml", "Cache", 1)
	supp.Status = finding.StatusSuppressed
	b := NewBaseline("test", append(old, supp))
	assert.Len(t, b.Findings, 3, "suppressed findings are not recorded")

	p := filepath.Join(t.TempDir(), "baseline.json")
	data, err := json.Marshal(b)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, data, 0o644))
	loaded, err := ReadBaseline(p)
	require.NoError(t, err)

	// Next run: lines moved (unrelated edits), one finding fixed, one new.
	now := []finding.Finding{
		baselineFinding("BW-PITR-001", "a.yaml", "Orders", 14),
		baselineFinding("BW-MULTI-AZ-001", "a.yaml", "Lb", 34),
		baselineFinding("BW-PITR-001", "a.yaml", "NewTable", 50),
	}
	fixed := ApplyBaseline(now, loaded)
	assert.Equal(t, finding.StatusBaselined, now[0].Status, "an old finding on a moved line stays baselined")
	assert.Equal(t, finding.StatusBaselined, now[1].Status)
	assert.Equal(t, finding.StatusFail, now[2].Status, "a new finding fails")
	require.Len(t, fixed, 1)
	assert.Equal(t, "Gone", fixed[0].Resource)

	rep := Build("test", nil, &rules.ScanResult{Findings: now}, time.Time{})
	assert.Equal(t, 1, rep.Summary.Findings)
	assert.Equal(t, 2, rep.Summary.Baselined)
	now[2].Severity = "high"
	assert.True(t, rep.Failing("high"), "the new finding fails the gate")
	now[2].Status = finding.StatusBaselined
	assert.False(t, rep.Failing("high"), "baselined findings never fail the gate")
}

func TestBadBaseline(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"garbage.json": "not json",
		"version.json": `{"schema_version": "9", "findings": []}`,
		"nofp.json":    `{"schema_version": "1", "findings": [{"rule_id": "X"}]}`,
	} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		_, err := ReadBaseline(p)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), name)
	}
	_, err := ReadBaseline(filepath.Join(dir, "missing.json"))
	assert.Error(t, err)
}
