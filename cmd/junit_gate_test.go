package cmd

import (
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJUnitFollowsFailOn: the JUnit report of a scan fails the tests the
// gate fails, no more: a finding below --fail-on is a passing test, and a
// rule that found nothing in a template it checked is a passing test too.
func TestJUnitFollowsFailOn(t *testing.T) {
	dir := t.TempDir()
	// A Multi-AZ-less RDS instance (high) and a table without PITR (high)
	// next to a Lambda function without reserved concurrency (info).
	writeFile(t, dir, "stack.yaml", `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MultiAZ: false
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Code: {ZipFile: "def handler(e, c): pass"}
      Role: arn:aws:iam::123456789012:role/r
`)
	type counts struct{ tests, failures int }
	junit := func(failOn string) (counts, int) {
		code, out, _ := run(t, "scan", "--format", "junit", "--fail-on", failOn, dir)
		var doc struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
		}
		require.NoError(t, xml.Unmarshal([]byte(out), &doc), out)
		return counts{doc.Tests, doc.Failures}, code
	}
	none, noneCode := junit("none")
	info, infoCode := junit("info")
	critical, _ := junit("critical")
	assert.Equal(t, ExitOK, noneCode)
	assert.Equal(t, ExitFindings, infoCode)
	assert.Zero(t, none.failures, "--fail-on none fails no test")
	assert.Zero(t, critical.failures, "nothing here is critical")
	assert.Greater(t, info.failures, 1, "--fail-on info fails every rule with a finding")
	assert.Equal(t, none.tests, info.tests, "the threshold changes outcomes, not the number of tests")
	assert.Greater(t, info.tests, info.failures, "rules without findings are passing tests")
}
