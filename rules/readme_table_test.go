package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateReadme = flag.Bool("update", false, "rewrite the README's table of built-in rules")

const (
	tableStart = "<!-- rules-table:start -->"
	tableEnd   = "<!-- rules-table:end -->"
)

// TestReadmeRuleTable: the README lists every built-in rule with whether
// it runs on templates and on live audits, exactly as the rules' metadata
// declares it (go test ./rules -run TestReadmeRuleTable -update rewrites
// the table).
func TestReadmeRuleTable(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	want := ruleTable(e.Rules())
	path := filepath.Join("..", "README.md")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	before, rest, ok := strings.Cut(string(data), tableStart)
	require.True(t, ok, "README.md has the %s marker", tableStart)
	_, after, ok := strings.Cut(rest, tableEnd)
	require.True(t, ok, "README.md has the %s marker", tableEnd)
	got := tableStart + rest[:len(rest)-len(after)]
	if *updateReadme {
		require.NoError(t, os.WriteFile(path, []byte(before+want+after), 0o644))
		return
	}
	assert.Equal(t, want, got, "the README's rule table is out of date: go test ./rules -run TestReadmeRuleTable -update")
}

func TestRuleTableMarksInputs(t *testing.T) {
	table := ruleTable([]*Rule{
		{ID: "X-1", Title: "Both | kinds", Severity: "high", Inputs: []string{"template", "account"}, ResourceTypes: []string{"AWS::SQS::Queue"}},
		{ID: "X-2", Title: "Template only", Severity: "low", Inputs: []string{"template"}},
	})
	assert.Contains(t, table, "| X-1 | Both \\| kinds | high | yes | yes | `AWS::SQS::Queue` |")
	assert.Contains(t, table, "| X-2 | Template only | low | yes | no |  |")
	assert.Contains(t, table, "2 rules (1 also run in live audits)")
}

// ruleTable renders the catalogue as the README shows it, folded so the
// page stays short.
func ruleTable(rules []*Rule) string {
	live := 0
	for _, r := range rules {
		if r.AppliesTo("account") {
			live++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n<details><summary>%d rules (%d also run in live audits)</summary>\n\n", tableStart, len(rules), live)
	b.WriteString("| Rule | Title | Severity | Templates | Live audit | Resource types |\n|---|---|---|---|---|---|\n")
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "no"
	}
	for _, r := range rules {
		types := make([]string, len(r.ResourceTypes))
		for i, t := range r.ResourceTypes {
			types[i] = "`" + t + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.ID, strings.ReplaceAll(r.Title, "|", "\\|"), r.Severity,
			yes(r.AppliesTo("template")), yes(r.AppliesTo("account")), strings.Join(types, ", "))
	}
	b.WriteString("\n</details>\n" + tableEnd)
	return b.String()
}
