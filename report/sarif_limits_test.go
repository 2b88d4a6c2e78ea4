package report

import (
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSARIFAutomationDetails(t *testing.T) {
	scan := decodeSARIF(t, sarifOf(t, fixtureReport()))
	require.NotNil(t, scan.Runs[0].AutomationDetails)
	assert.Equal(t, "bulwark/scan/", scan.Runs[0].AutomationDetails.ID)

	audit := fixtureReport()
	audit.Sources = []string{"aws://111122223333/eu-west-1"}
	log := decodeSARIF(t, sarifOf(t, audit))
	assert.Equal(t, "bulwark/audit/", log.Runs[0].AutomationDetails.ID, "audits keep their own set of alerts")
}

// TestSARIFResultCap: past GitHub's limit, the most severe failing findings
// are kept in report order and a notification says how many were left out.
func TestSARIFResultCap(t *testing.T) {
	defer func(n int) { SARIFMaxResults = n }(SARIFMaxResults)
	SARIFMaxResults = 3
	r := fixtureReport()
	r.Findings = nil
	for i, sev := range []string{"low", "high", "medium", "critical", "high", "info"} {
		r.Findings = append(r.Findings, finding.Finding{RuleID: "BW-PITR-001", Severity: sev, Status: finding.StatusFail,
			File: "a.yaml", Line: i + 1, Resource: fmt.Sprintf("R%d", i), Message: sev})
	}
	r.Findings = append(r.Findings, finding.Finding{RuleID: "BW-PITR-001", Severity: "critical", Status: finding.StatusSuppressed,
		File: "a.yaml", Line: 9, Resource: "S", Message: "suppressed critical"})
	log := decodeSARIF(t, sarifOf(t, r))
	var kept []string
	for _, res := range log.Runs[0].Results {
		kept = append(kept, res.Message.Text)
	}
	assert.Equal(t, []string{"high", "critical", "high"}, kept, "the three most severe failing findings, in report order")
	var notes []string
	for _, n := range log.Runs[0].Invocations[0].ToolExecutionNotifications {
		notes = append(notes, n.Message.Text)
	}
	assert.Contains(t, strings.Join(notes, "\n"), "4 of 7 results were left out")

	SARIFMaxResults = 7
	log = decodeSARIF(t, sarifOf(t, r))
	assert.Len(t, log.Runs[0].Results, 7, "at the limit nothing is left out")
	for _, n := range log.Runs[0].Invocations[0].ToolExecutionNotifications {
		assert.NotContains(t, n.Message.Text, "left out")
	}
}

func TestSARIFWarnsAboutFilesOutsideTheRoot(t *testing.T) {
	r := fixtureReport()
	r.Findings[0].File = "/elsewhere/stack.yaml"
	r.Findings[1].File = "../sibling/app.yaml"
	log := decodeSARIF(t, sarifOf(t, r))
	var notes []string
	for _, n := range log.Runs[0].Invocations[0].ToolExecutionNotifications {
		notes = append(notes, n.Message.Text)
	}
	assert.Contains(t, strings.Join(notes, "\n"), "2 results are in files outside the working directory")

	inside := decodeSARIF(t, sarifOf(t, fixtureReport()))
	for _, n := range inside.Runs[0].Invocations[0].ToolExecutionNotifications {
		assert.NotContains(t, n.Message.Text, "outside the working directory")
	}
}
