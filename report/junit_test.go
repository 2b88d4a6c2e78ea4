package report

import (
	"bytes"
	"encoding/xml"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/scanners"
)

// The JUnit document as a consumer reads it back.
type (
	xmlSuites struct {
		XMLName  xml.Name   `xml:"testsuites"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Suites   []xmlSuite `xml:"testsuite"`
	}
	xmlSuite struct {
		Name     string    `xml:"name,attr"`
		Tests    int       `xml:"tests,attr"`
		Failures int       `xml:"failures,attr"`
		Errors   int       `xml:"errors,attr"`
		Skipped  int       `xml:"skipped,attr"`
		Cases    []xmlCase `xml:"testcase"`
	}
	xmlCase struct {
		Name      string  `xml:"name,attr"`
		Classname string  `xml:"classname,attr"`
		Failure   *xmlMsg `xml:"failure"`
		Error     *xmlMsg `xml:"error"`
		Skipped   *xmlMsg `xml:"skipped"`
		SystemOut *xmlMsg `xml:"system-out"`
	}
	xmlMsg struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

func junitOf(t *testing.T, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, r))
	return buf.Bytes()
}

// parseJUnit reads the document back and checks that its counts add up:
// each suite's attributes match its testcases and the totals match the
// suites.
func parseJUnit(t *testing.T, data []byte) xmlSuites {
	t.Helper()
	require.True(t, bytes.HasPrefix(data, []byte(xml.Header)), "starts with the XML declaration")
	var doc xmlSuites
	require.NoError(t, xml.Unmarshal(data, &doc))
	var total [4]int
	for _, s := range doc.Suites {
		var got [4]int
		for _, c := range s.Cases {
			got[0]++
			outcomes := 0
			for i, el := range []*xmlMsg{c.Failure, c.Error, c.Skipped} {
				if el != nil {
					got[i+1]++
					outcomes++
				}
			}
			assert.LessOrEqual(t, outcomes, 1, "testcase %s has one outcome", c.Name)
		}
		assert.Equal(t, got, [4]int{s.Tests, s.Failures, s.Errors, s.Skipped}, "counts of suite %s", s.Name)
		for i := range total {
			total[i] += got[i]
		}
	}
	assert.Equal(t, total, [4]int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped}, "totals")
	assert.Equal(t, "bulwark", doc.Name)
	return doc
}

func TestJUnitGolden(t *testing.T) {
	checkReportGolden(t, "fixture.junit.xml", junitOf(t, fixtureReport()))
}

// withFailOn is the fixture gated at another threshold.
func withFailOn(threshold string) *Report {
	r := fixtureReport()
	r.FailOn = threshold
	return r
}

func TestJUnitCounts(t *testing.T) {
	grouped := fixtureReport()
	dup := grouped.Findings[0] // a second OrdersTable PITR finding
	dup.Property, dup.Line = "Properties.Other", 25
	other := grouped.Findings[0] // and one on another table
	other.Resource, other.Line = "AuditTable", 60
	grouped.Findings = append(grouped.Findings, dup, other)
	all := []string{"infra/broken.yaml", "infra/orders.yaml", "infra/payments.json"}
	cases := []struct {
		name                             string
		report                           *Report
		tests, failures, errors, skipped int
		suites                           []string
	}{
		// orders: parse, CONCURRENCY (passes), MULTI-AZ-005 and PITR fail;
		// payments: TAGS (medium) and BACKUP (low) pass below high,
		// MULTI-AZ-008 (suppressed) and PITR (baselined) are skipped.
		{"fixture at --fail-on high", fixtureReport(), 9, 2, 1, 2, all},
		{"a rule's findings in a file are one testcase", grouped, 9, 2, 1, 2, all},
		{"--fail-on medium fails the medium finding", withFailOn("medium"), 9, 3, 1, 2, all},
		{"--fail-on low fails every failing finding", withFailOn("low"), 9, 4, 1, 2, all},
		{"no threshold fails every failing finding", withFailOn(""), 9, 4, 1, 2, all},
		{"--fail-on none fails nothing", withFailOn("none"), 9, 0, 1, 2, all},
		{"--fail-on critical fails nothing here", withFailOn("critical"), 9, 0, 1, 2, all},
		{"no diagnostics", func() *Report { r := fixtureReport(); r.Diagnostics = nil; return r }(), 7, 2, 0, 2,
			[]string{"infra/orders.yaml", "infra/payments.json"}},
		{"diagnostics only: checked rules still pass", func() *Report { r := fixtureReport(); r.Findings = nil; return r }(), 9, 0, 1, 0, all},
		{"without checked rules only findings are tests", func() *Report { r := fixtureReport(); r.Checked = nil; return r }(), 8, 2, 1, 2, all},
		{"clean scan", fixtureEmptyReport(), 1, 0, 0, 0, []string{"bulwark"}},
		{"clean scan with checked rules", func() *Report {
			r := fixtureEmptyReport()
			r.Checked = map[string][]string{"app.yaml": {fxRulePITR.ID, fxRuleRDS.ID}}
			return r
		}(), 2, 0, 0, 0, []string{"app.yaml"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := parseJUnit(t, junitOf(t, tc.report))
			assert.Equal(t, [4]int{tc.tests, tc.failures, tc.errors, tc.skipped},
				[4]int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped})
			var names []string
			for _, s := range doc.Suites {
				names = append(names, s.Name)
			}
			assert.Equal(t, tc.suites, names)
		})
	}
}

// junitCases indexes a document's testcases by "suite name".
func junitCases(t *testing.T, doc xmlSuites) map[string]xmlCase {
	t.Helper()
	cases := map[string]xmlCase{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			assert.Equal(t, s.Name, c.Classname)
			cases[s.Name+" "+c.Name] = c
		}
	}
	return cases
}

func TestJUnitContent(t *testing.T) {
	cases := junitCases(t, parseJUnit(t, junitOf(t, fixtureReport())))

	parse := cases["infra/broken.yaml parse"]
	require.NotNil(t, parse.Error)
	assert.Equal(t, "yaml: mapping values are not allowed in this context", parse.Error.Message)
	assert.Contains(t, parse.Error.Text, "infra/broken.yaml:3:7")

	warning := cases["infra/orders.yaml parse"]
	assert.Nil(t, warning.Error, "warnings alone do not make an error")
	require.NotNil(t, warning.SystemOut)
	assert.Contains(t, warning.SystemOut.Text, "duplicate key OrdersQueue")

	fail := cases["infra/orders.yaml BW-PITR-001 DynamoDB table without point-in-time recovery"]
	require.NotNil(t, fail.Failure)
	assert.Equal(t, "high", fail.Failure.Type)
	assert.Equal(t, "DynamoDB table OrdersTable has no PointInTimeRecoverySpecification: point-in-time recovery is off",
		fail.Failure.Message)
	assert.Equal(t, strings.Join([]string{
		"infra/orders.yaml:19:5 OrdersTable",
		"BW-PITR-001 DynamoDB table without point-in-time recovery",
		"high: DynamoDB table OrdersTable has no PointInTimeRecoverySpecification: point-in-time recovery is off",
		"Remediation: Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on the table.",
	}, "\n"), fail.Failure.Text)

	rds := cases["infra/orders.yaml BW-MULTI-AZ-005 RDS DB instance without Multi-AZ"]
	require.NotNil(t, rds.Failure, "a failing finding fails the rule even next to a suppressed one")
	assert.Contains(t, rds.Failure.Text, "infra/orders.yaml:91:7 (suppressed: Read replica for reporting; the primary is Multi-AZ (ADR-0007))")

	passed := cases["infra/orders.yaml BW-CONCURRENCY-001 Lambda function without reserved concurrency"]
	assert.Nil(t, passed.Failure, "a checked rule without findings passes")
	assert.Nil(t, passed.Skipped)
	assert.Nil(t, passed.SystemOut, "and has nothing to say")

	for name, want := range map[string]string{
		"infra/payments.json BW-BACKUP-002 Backup rule keeps recovery points forever": "1 finding below --fail-on high (reported, not failing the gate):\n\n" +
			"infra/payments.json:21:13 ArchivePlan\nBW-BACKUP-002 Backup rule keeps recovery points forever\n" +
			"low: Backup plan ArchivePlan rule hourly has no Lifecycle.DeleteAfterDays: its recovery points are kept forever\n" +
			"Remediation: Add Lifecycle.DeleteAfterDays to the rule with the retention the data needs.",
		"infra/payments.json ACME-TAGS-001 Table without a cost-center tag": "1 finding below --fail-on high",
	} {
		c, ok := cases[name]
		require.True(t, ok, name)
		assert.Nil(t, c.Failure, "%s: below the threshold is not a failure", name)
		assert.Nil(t, c.Skipped, name)
		require.NotNil(t, c.SystemOut, name)
		assert.True(t, strings.HasPrefix(c.SystemOut.Text, want), "%s: %q", name, c.SystemOut.Text)
	}

	for name, want := range map[string]string{
		"infra/payments.json BW-MULTI-AZ-008 EFS One Zone file system":                  "suppressed: Scratch space, rebuilt nightly, expires 2027-06-30",
		"infra/payments.json BW-PITR-001 DynamoDB table without point-in-time recovery": "baselined in .bulwark-baseline.json",
	} {
		c, ok := cases[name]
		require.True(t, ok, name)
		require.NotNil(t, c.Skipped, name)
		assert.Nil(t, c.Failure, name)
		assert.Equal(t, want, c.Skipped.Message, name)
	}
}

// TestJUnitGroup: the findings of one rule in one file share a testcase;
// it fails when any of them fails the gate, named by the most severe.
func TestJUnitGroup(t *testing.T) {
	base := finding.Finding{RuleID: "BW-X-001", Title: "X", Resource: "Res", File: "a.yaml", Status: finding.StatusFail}
	f1, f2, f3, f4 := base, base, base, base
	f1.Severity, f1.Line, f1.Message = "low", 3, "first"
	f2.Severity, f2.Line, f2.Message = "high", 9, "second"
	f3.Severity, f3.Line, f3.Message, f3.Status = "high", 12, "third", finding.StatusSuppressed
	f3.Suppression = &finding.Suppression{Kind: "config", Reason: "accepted"}
	f4.Severity, f4.Line, f4.Message, f4.Resource = "high", 20, "fourth", "Other"
	doc := parseJUnit(t, junitOf(t, &Report{Findings: []finding.Finding{f1, f2, f3, f4}}))
	require.Len(t, doc.Suites, 1)
	require.Len(t, doc.Suites[0].Cases, 1)
	c := doc.Suites[0].Cases[0]
	assert.Equal(t, "BW-X-001 X", c.Name)
	require.NotNil(t, c.Failure)
	assert.Equal(t, "second (and 2 more)", c.Failure.Message, "no threshold: every failing finding fails")
	assert.Equal(t, "high", c.Failure.Type)
	assert.Contains(t, c.Failure.Text, "a.yaml:9 Res\nBW-X-001 X\nhigh: second")
	assert.Contains(t, c.Failure.Text, "a.yaml:12 (suppressed: accepted)\nthird")

	doc = parseJUnit(t, junitOf(t, &Report{FailOn: "high", Findings: []finding.Finding{f1, f2, f3}}))
	c = doc.Suites[0].Cases[0]
	require.NotNil(t, c.Failure)
	assert.Equal(t, "second", c.Failure.Message, "the low finding is below the gate")
	assert.Contains(t, c.Failure.Text, "1 finding below --fail-on high (reported, not failing the gate):\n\na.yaml:3 Res\nBW-X-001 X\nlow: first")

	f1.Status, f2.Status = finding.StatusBaselined, finding.StatusBaselined
	doc = parseJUnit(t, junitOf(t, &Report{Findings: []finding.Finding{f1, f2, f3}}))
	c = doc.Suites[0].Cases[0]
	require.NotNil(t, c.Skipped)
	assert.Equal(t, "baselined; suppressed: accepted", c.Skipped.Message)
}

func TestJUnitEscaping(t *testing.T) {
	msg := "a < b && \"c\" ]]> 'd'\nsecond line"
	r := &Report{
		Findings: []finding.Finding{{RuleID: "R<1>", Title: "T&T", Resource: "R&D", File: "dir/x&y.yaml", Line: 1, Severity: "high",
			Status: finding.StatusFail, Message: msg}},
		Diagnostics: []scanners.Diagnostic{{File: "b<ad>.yaml", Severity: "error", Message: msg}},
		Checked:     map[string][]string{"c]]>.yaml": {"R<2>"}},
	}
	doc := parseJUnit(t, junitOf(t, r))
	require.Len(t, doc.Suites, 3)
	assert.Equal(t, "b<ad>.yaml", doc.Suites[0].Name)
	assert.Equal(t, msg, doc.Suites[0].Cases[0].Error.Message)
	assert.Equal(t, "c]]>.yaml", doc.Suites[1].Name)
	assert.Equal(t, "R<2>", doc.Suites[1].Cases[0].Name)
	assert.Equal(t, "dir/x&y.yaml", doc.Suites[2].Name)
	c := doc.Suites[2].Cases[0]
	assert.Equal(t, "R<1> T&T", c.Name)
	assert.Equal(t, msg, c.Failure.Message)
	assert.Contains(t, c.Failure.Text, msg)
}
