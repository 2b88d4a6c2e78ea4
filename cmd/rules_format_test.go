package cmd

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRulesListAndShowAsJSON(t *testing.T) {
	code, out, stderr := run(t, "rules", "list", "-f", "json")
	require.Equal(t, ExitOK, code, stderr)
	var list []struct {
		ID, Severity, Concern string
		WellArchitected       []string `json:"well_architected"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &list))
	ids := map[string]bool{}
	for _, r := range list {
		ids[r.ID] = true
		assert.NotEmpty(t, r.Severity, r.ID)
	}
	assert.True(t, ids["BW-PITR-001"] && ids["BW-GOV-001"], "the built-in pack and the governance rules")

	code, out, _ = run(t, "rules", "show", "BW-PITR-001", "--format", "json")
	require.Equal(t, ExitOK, code)
	var one struct{ ID, Remediation string }
	require.NoError(t, json.Unmarshal([]byte(out), &one))
	assert.Equal(t, "BW-PITR-001", one.ID)
	assert.NotEmpty(t, one.Remediation)

	code, _, stderr = run(t, "rules", "list", "-f", "xml")
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, `unknown --format "xml"`)
}

// A user rule's title with control characters is escaped in the text list.
func TestRulesListIsInert(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "r.rego", "# METADATA\n# title: \"Evil\\e[2J title\"\n# custom:\n#   id: EVIL-001\n#   severity: low\n#   concern: backup\n#   well_architected: [REL09-BP01]\n#   remediation: none\npackage bulwark.rules.evil.t\n\ndeny contains x if {\n\tx := 1\n\tfalse\n}\n")
	code, out, stderr := run(t, "rules", "list", "--rules", dir)
	require.Equal(t, ExitOK, code, stderr)
	assert.Contains(t, out, `Evil\x1b[2J title`)
	assert.NotContains(t, out, "\x1b")
}

// TestScanWithoutTemplates: an empty folder is said on stderr, and with
// --require-templates it fails the gate.
func TestScanWithoutTemplates(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "values.yaml", "name: app\n")
	code, _, stderr := run(t, "scan", "--no-config", dir)
	assert.Equal(t, ExitOK, code)
	assert.Contains(t, stderr, "warning: no CloudFormation template found in "+dir)
	code, _, stderr = run(t, "scan", "--no-config", "--require-templates", dir)
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "no CloudFormation template found")
	code, _, stderr = run(t, "scan", "--no-config", "--require-templates", examples)
	assert.Equal(t, ExitFindings, code, stderr)
	assert.NotContains(t, stderr, "no CloudFormation template")
}
