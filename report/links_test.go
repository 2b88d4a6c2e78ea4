package report

import (
	"bytes"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sha = "0123456789abcdef0123456789abcdef01234567"

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestSourceLinksFromEnv(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		file string
		line int
		want string
	}{
		{"github", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com",
			"GITHUB_REPOSITORY": "acme/infra", "GITHUB_SHA": sha}, "infra/orders.yaml", 19,
			"https://github.com/acme/infra/blob/" + sha + "/infra/orders.yaml#L19"},
		{"github pull request head sha", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/infra",
			"GITHUB_SHA": sha, "BULWARK_COMMIT_SHA": strings.Repeat("f", 40)}, "a.yaml", 1,
			"https://github.com/acme/infra/blob/" + strings.Repeat("f", 40) + "/a.yaml#L1"},
		{"github enterprise", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://git.acme.example/",
			"GITHUB_REPOSITORY": "ops/stacks", "GITHUB_SHA": strings.ToUpper(sha)}, "./x/../stack.yaml", 0,
			"https://git.acme.example/ops/stacks/blob/" + sha + "/stack.yaml"},
		{"gitlab", map[string]string{"GITLAB_CI": "true", "CI_PROJECT_URL": "https://gitlab.com/acme/infra",
			"CI_COMMIT_SHA": sha}, "infra/a b(1)#?.yaml", 7,
			"https://gitlab.com/acme/infra/-/blob/" + sha + "/infra/a%20b%281%29%23%3F.yaml#L7"},
		{"bitbucket", map[string]string{"BITBUCKET_GIT_HTTP_ORIGIN": "https://bitbucket.org/acme/infra",
			"BITBUCKET_COMMIT": sha}, "t.yaml", 3, "https://bitbucket.org/acme/infra/src/" + sha + "/t.yaml#lines-3"},
		{"no CI", map[string]string{}, "t.yaml", 3, ""},
		{"http is refused", map[string]string{"CI_PROJECT_URL": "http://gitlab.com/acme/infra", "CI_COMMIT_SHA": sha}, "t.yaml", 3, ""},
		{"javascript is refused", map[string]string{"CI_PROJECT_URL": "javascript:alert(1)", "CI_COMMIT_SHA": sha}, "t.yaml", 3, ""},
		{"credentials are refused", map[string]string{"CI_PROJECT_URL": "https://u:p@gitlab.com/a/b", "CI_COMMIT_SHA": sha}, "t.yaml", 3, ""},
		{"a markdown-breaking base is refused", map[string]string{"CI_PROJECT_URL": "https://gitlab.com/a/b)x", "CI_COMMIT_SHA": sha}, "t.yaml", 3, ""},
		{"a short sha is refused", map[string]string{"CI_PROJECT_URL": "https://gitlab.com/a/b", "CI_COMMIT_SHA": "abc123"}, "t.yaml", 3, ""},
		{"a non-hex sha is refused", map[string]string{"CI_PROJECT_URL": "https://gitlab.com/a/b", "CI_COMMIT_SHA": strings.Repeat("g", 40)}, "t.yaml", 3, ""},
		{"a bad repository name is refused", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "a/b/../c", "GITHUB_SHA": sha}, "t.yaml", 3, ""},
		{"an absolute path is not linked", map[string]string{"CI_PROJECT_URL": "https://gitlab.com/a/b", "CI_COMMIT_SHA": sha}, "/etc/t.yaml", 3, ""},
		{"a path outside the repository is not linked", map[string]string{"CI_PROJECT_URL": "https://gitlab.com/a/b", "CI_COMMIT_SHA": sha}, "../t.yaml", 3, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, SourceLinksFromEnv(envOf(tc.env)).URL(tc.file, tc.line))
		})
	}
}

// TestMarkdownLinksGolden: with the repository and commit known, every
// file:line of the comment is a link; text stays escaped.
func TestMarkdownLinksGolden(t *testing.T) {
	r := fixtureReport()
	r.Links = SourceLinksFromEnv(envOf(map[string]string{"GITHUB_ACTIONS": "true",
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/infra", "GITHUB_SHA": sha}))
	require.NotNil(t, r.Links)
	md := markdownOf(t, r)
	checkReportGolden(t, "fixture.links.md", []byte(md))
	assert.Contains(t, md, "[`infra/orders.yaml:19`](https://github.com/acme/infra/blob/"+sha+"/infra/orders.yaml#L19)")
	assert.Contains(t, md, "[`infra/payments.json:32`](https://github.com/acme/infra/blob/"+sha+"/infra/payments.json#L32)",
		"suppressed findings are linked too")
}

// TestMarkdownCollapsesLongTables: ten failing findings show, the rest
// (the least severe, as the table is sorted by severity) are collapsed.
func TestMarkdownCollapsesLongTables(t *testing.T) {
	r := &Report{Summary: Summary{Templates: 1}}
	for i := range 13 {
		sev := "high"
		if i >= 10 {
			sev = "low"
		}
		r.Findings = append(r.Findings, finding.Finding{RuleID: "BW-X-001", Severity: sev, Status: finding.StatusFail,
			Resource: fmt.Sprintf("R%02d", i), File: "t.yaml", Line: i + 1, Message: "m"})
	}
	var buf bytes.Buffer
	require.NoError(t, WriteMarkdown(&buf, r))
	md := buf.String()
	checkReportGolden(t, "collapsed.md", []byte(md))
	open := tableRows(t, md, "### Failing findings")
	assert.Len(t, open, 10)
	for _, row := range open {
		assert.Contains(t, row, "| high |")
	}
	collapsed := tableRows(t, md, "<details><summary>Failing findings beyond the first 10 (3)</summary>")
	assert.Len(t, collapsed, 3)
	for _, row := range collapsed {
		assert.Contains(t, row, "| low |")
	}
	assert.Equal(t, strings.Count(md, "<details>"), strings.Count(md, "</details>"))
}
