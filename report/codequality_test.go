package report

import (
	"bytes"
	"encoding/json"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCodeQualityGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteCodeQuality(&buf, fixtureReport()))
	checkReportGolden(t, "fixture.codequality.json", buf.Bytes())
}

// TestCodeQuality: only failing findings, GitLab's severities, the
// fields GitLab requires, unique fingerprints.
func TestCodeQuality(t *testing.T) {
	r := fixtureReport()
	dup := r.Findings[0]
	dup.Line = 0
	r.Findings = append(r.Findings, dup)
	var buf bytes.Buffer
	require.NoError(t, WriteCodeQuality(&buf, r))
	var issues []map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &issues))
	assert.Len(t, issues, 5, "four failing findings and the duplicate; suppressed and baselined are left out")
	fps := map[string]bool{}
	sev := map[string]string{}
	for _, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity", "location"} {
			assert.Contains(t, is, k)
		}
		fp := is["fingerprint"].(string)
		assert.False(t, fps[fp], "fingerprint %s is unique", fp)
		fps[fp] = true
		sev[is["check_name"].(string)] = is["severity"].(string)
		loc := is["location"].(map[string]any)
		assert.GreaterOrEqual(t, loc["lines"].(map[string]any)["begin"].(float64), 1.0, "GitLab needs a line")
	}
	assert.Equal(t, map[string]string{"BW-PITR-001": "critical", "BW-MULTI-AZ-005": "critical",
		"BW-BACKUP-002": "minor", "ACME-TAGS-001": "major"}, sev)

	buf.Reset()
	require.NoError(t, WriteCodeQuality(&buf, &Report{Findings: []finding.Finding{}}))
	assert.Equal(t, "[]\n", buf.String(), "an empty report is an empty array, not null")
}
