package live

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A runaway rule in an audit is stopped at the deadline, on every source
// (deployed stacks and a Region's loose resources), as an error naming it:
// the audit cannot pass on what no rule finished judging.
func TestAuditStopsRunawayRule(t *testing.T) {
	dir := t.TempDir()
	src := `# METADATA
# title: Endless
# custom:
#   id: ACME-ENDLESS
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   inputs: [template, account]
#   remediation: none
package bulwark.rules.acme.endless

deny contains x if {
	some i in numbers.range(1, 100000000)
	x := i
	false
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "endless.rego"), []byte(src), 0o644))
	e, err := rules.New(rules.Options{RuleDirs: []string{dir}, EvalTimeout: 200e6})
	require.NoError(t, err)
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	inv := audit(t, options(f, fixtureRegion))
	res := judge(e, inv, rules.EvalOptions{Jobs: 1})
	stopped := map[string]bool{}
	for _, d := range res.Diagnostics {
		if d.Severity == "error" {
			assert.Contains(t, d.Message, "rule ACME-ENDLESS ("+filepath.Join(dir, "endless.rego")+") did not finish within the evaluation time limit of 200ms")
			stopped[d.File] = true
		}
	}
	assert.True(t, stopped[file(fixtureRegion)], "the Region's loose resources: %v", res.Diagnostics)
	assert.True(t, stopped[file(fixtureRegion)+"/web"], "the deployed stack: %v", res.Diagnostics)
}
