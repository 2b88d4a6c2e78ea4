package cmd

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/rules"
)

// TestAuditHelpSpeaksOfAccounts: audit's flags are said of accounts,
// Regions and stacks; flags about reading template files are hidden.
func TestAuditHelpSpeaksOfAccounts(t *testing.T) {
	code, stdout, stderr := run(t, "audit", "--help")
	require.Equal(t, 0, code, stderr)
	_, flags, ok := strings.Cut(stdout, "Flags:\n")
	require.True(t, ok, stdout)
	for _, line := range strings.Split(flags, "\n") {
		assert.NotContains(t, line, "template", "audit --help: %s", line)
		assert.NotContains(t, line, "scan", "audit --help: %s", line)
		assert.NotRegexp(t, `(skipped|scanned|evaluated in parallel\)) files|files evaluated`, line)
	}
	for _, hidden := range []string{"--max-file-size", "--max-resources", "--param", "--skip-path", "--stdin-filename"} {
		assert.NotContains(t, flags, hidden)
	}
	for _, want := range []string{"every audited stack and Region", "read from each account", "found upward from the working directory", "--rule ", "--skip-rule "} {
		assert.Contains(t, flags, want)
	}
}

// TestRemediationNamesUserFacingSettings: a rule's texts name what a user
// can set (a config key or a flag), never the input key a rule reads.
func TestRemediationNamesUserFacingSettings(t *testing.T) {
	e, err := rules.New(rules.Options{})
	require.NoError(t, err)
	internal := []string{"account_concurrency_limit", "unreserved_concurrency_min", "min_backup_retention_days", "input.settings"}
	for _, r := range e.Rules() {
		for _, text := range []string{r.Description, r.Remediation} {
			for _, name := range internal {
				assert.NotContains(t, text, name, "%s names the internal setting %s", r.ID, name)
			}
		}
	}
	r := e.Rule("BW-CONCURRENCY-002")
	require.NotNil(t, r)
	assert.Contains(t, r.Remediation, "account_concurrency in .bulwark.yaml or --account-concurrency")
}
