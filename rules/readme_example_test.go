package rules

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/scanners"
)

// readmeRuleExample returns the rule and its test from the README's
// "Writing a rule" section: its first two ```rego blocks.
func readmeRuleExample(t *testing.T) (rule, test string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(data), "### Writing a rule\n")
	require.True(t, ok, "README.md has a \"Writing a rule\" section")
	blocks := regexp.MustCompile("(?s)```rego\n(.*?)```").FindAllStringSubmatch(section, 2)
	require.Len(t, blocks, 2, "the section has a rule and its test")
	return blocks[0][1], blocks[1][1]
}

// TestReadmeRuleExample: the README's example rule loads with the pack,
// flags an unnamed queue and not a named one, and its Rego test passes.
func TestReadmeRuleExample(t *testing.T) {
	rule, test := readmeRuleExample(t)
	assert.LessOrEqual(t, strings.Count(rule, "\n"), 20, "the example stays short")

	e, err := New(Options{RuleDirs: []string{writeRule(t, rule)}})
	require.NoError(t, err, "the README's rule loads")
	for _, tc := range []struct {
		name, body string
		want       int
	}{
		{"unnamed", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", 1},
		{"named", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: orders\n", 0},
	} {
		tmpl := loadTemplate(t, tc.body)
		tmpl.File = tc.name + ".yaml"
		res := e.Evaluate(context.Background(), []*scanners.Source{{Template: tmpl, Kind: scanners.KindTemplate}}, EvalOptions{})
		n := 0
		for _, f := range res.Findings {
			if f.RuleID == "ACME-001" {
				n++
				assert.Equal(t, "Set QueueName so alarms and dashboards can find the queue.", f.Remediation)
			}
		}
		assert.Equal(t, tc.want, n, tc.name)
		assert.Empty(t, res.Diagnostics, tc.name)
	}

	mods := policyModules(t)
	for name, src := range map[string]string{"queue_name.rego": rule, "queue_name_test.rego": test} {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		require.NoError(t, err, name)
		mods[name] = m
	}
	ch, err := tester.NewRunner().SetModules(mods).SetStore(inmem.New()).EnableTracing(false).
		RaiseBuiltinErrors(true).RunTests(context.Background(), nil)
	require.NoError(t, err)
	ran := 0
	for r := range ch {
		if !strings.HasPrefix(r.Package, "data.acme.") {
			continue
		}
		ran++
		assert.NoError(t, r.Error, r.Name)
		assert.False(t, r.Fail, "%s fails", r.Name)
	}
	assert.Equal(t, 2, ran, "the README's two Rego tests ran")
}
