package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/rules"
)

// auditCoverage is an audit of two accounts: in the first, eu-west-1 is
// read but for a denied DynamoDB and partly read Lambda, with SQS not
// selected; the second account could not be reached at all.
var auditCoverage = []Coverage{
	{Account: "111122223333", Region: "eu-west-1", Service: "dynamodb", Status: CoverageFailed, Reason: "access denied (AccessDeniedException: not authorized | dynamodb:ListTables)"},
	{Account: "111122223333", Region: "eu-west-1", Service: "ec2", Status: CoverageRead},
	{Account: "111122223333", Region: "eu-west-1", Service: "lambda", Status: CoverageRead, Reason: "partly: 2 calls failed (GetFunctionConcurrency: timed out); their facts are unknown"},
	{Account: "111122223333", Region: "eu-west-1", Service: "sqs", Status: CoverageSkipped, Reason: "not selected (--services)"},
	{Account: "111122223333", Region: "global", Service: "route53", Status: CoverageRead},
	{Account: "arn:aws:iam::444455556666:role/audit", Service: "sts", Status: CoverageFailed, Reason: "access denied (AccessDenied: not authorized to assume the role)"},
}

func auditReport() *Report {
	r := Build("1.2.3", []string{"aws://111122223333/eu-west-1"}, &rules.ScanResult{Templates: 1, Resources: 3},
		time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	r.Coverage = auditCoverage
	return r
}

func TestAuditCoverageRows(t *testing.T) {
	rows := waAuditRows(auditCoverage)
	require.Len(t, rows, 3, "one row per account and Region")
	eu := rows[0]
	assert.Equal(t, "eu-west-1", eu.Region)
	assert.Equal(t, []string{"sqs"}, eu.Skipped)
	assert.Equal(t, 1, eu.Failed)
	assert.Equal(t, "1 service not read", eu.Mark.Text)
	var names []string
	for _, s := range eu.Services {
		names = append(names, s.Mark.Icon+" "+s.Name)
	}
	assert.Equal(t, []string{"✖ dynamodb", "✔ ec2", "◐ lambda"}, names)
	assert.Len(t, eu.Problems, 2, "the failed and the partly read service, with their reasons")
	assert.Equal(t, "every selected service read", rows[1].Mark.Text)
	assert.Equal(t, "", rows[2].Region, "the account that could not be reached")
	assert.Nil(t, waAuditRows(nil), "a scan of templates has no coverage table")
}

func TestAuditCoverageRendered(t *testing.T) {
	var md, html bytes.Buffer
	require.NoError(t, WriteReportMarkdown(&md, auditReport()))
	require.NoError(t, WriteHTML(&html, auditReport()))
	checkWAGolden(t, "audit-coverage.md", md.Bytes())
	for _, want := range []string{
		`<h3 id="audit-coverage">Accounts and Regions audited</h3>`,
		`<code>111122223333</code></th><td data-label="Region">eu-west-1</td>`,
		`<span class="mark fail"><span aria-hidden="true">✖</span> dynamodb<span class="sr-only"> not read</span></span>`,
		`<span class="note">dynamodb: access denied (AccessDeniedException: not authorized | dynamodb:ListTables)</span>`,
		`<td data-label="Region">the whole account</td>`,
		`<span class="muted">sqs</span>`,
	} {
		assert.Contains(t, html.String(), want)
	}
	var scan bytes.Buffer
	require.NoError(t, WriteReportMarkdown(&scan, fixtureReport()))
	assert.NotContains(t, scan.String(), "Accounts and Regions audited", "a scan of templates has no coverage table")
}

func TestAuditCoverageInJSONAndMerge(t *testing.T) {
	data, err := json.Marshal(auditReport())
	require.NoError(t, err)
	assert.Contains(t, string(data), `"coverage":[{"account":"111122223333","region":"eu-west-1","service":"dynamodb","status":"failed","reason":"access denied`)
	scan, err := json.Marshal(fixtureReport())
	require.NoError(t, err)
	assert.NotContains(t, string(scan), `"coverage"`, "absent from a scan of templates")

	other := auditReport()
	other.Coverage = []Coverage{{Account: "777788889999", Region: "us-east-1", Service: "ec2", Status: CoverageRead}}
	merged := Merge(auditReport(), other)
	assert.Equal(t, append(append([]Coverage{}, auditCoverage...), other.Coverage...), merged.Coverage)
}
