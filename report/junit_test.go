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

func TestJUnitCounts(t *testing.T) {
	grouped := fixtureReport()
	dup := grouped.Findings[0] // a second OrdersTable PITR finding
	dup.Property, dup.Line = "Properties.Other", 25
	grouped.Findings = append(grouped.Findings, dup)
	cases := []struct {
		name                             string
		report                           *Report
		tests, failures, errors, skipped int
		suites                           []string
	}{
		{"fixture", fixtureReport(), 9, 4, 1, 3, []string{"infra/broken.yaml", "infra/orders.yaml", "infra/payments.json"}},
		{"same rule and resource is one testcase", grouped, 9, 4, 1, 3,
			[]string{"infra/broken.yaml", "infra/orders.yaml", "infra/payments.json"}},
		{"no diagnostics", func() *Report { r := fixtureReport(); r.Diagnostics = nil; return r }(), 7, 4, 0, 3,
			[]string{"infra/orders.yaml", "infra/payments.json"}},
		{"diagnostics only", func() *Report { r := fixtureReport(); r.Findings = nil; return r }(), 2, 0, 1, 0,
			[]string{"infra/broken.yaml", "infra/orders.yaml"}},
		{"clean scan", fixtureEmptyReport(), 1, 0, 0, 0, []string{"bulwark"}},
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

func TestJUnitContent(t *testing.T) {
	doc := parseJUnit(t, junitOf(t, fixtureReport()))
	cases := map[string]xmlCase{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			assert.Equal(t, s.Name, c.Classname)
			cases[s.Name+" "+c.Name] = c
		}
	}

	parse := cases["infra/broken.yaml parse"]
	require.NotNil(t, parse.Error)
	assert.Equal(t, "yaml: mapping values are not allowed in this context", parse.Error.Message)
	assert.Contains(t, parse.Error.Text, "infra/broken.yaml:3:7")

	warning := cases["infra/orders.yaml parse"]
	assert.Nil(t, warning.Error, "warnings alone do not make an error")
	require.NotNil(t, warning.SystemOut)
	assert.Contains(t, warning.SystemOut.Text, "duplicate key OrdersQueue")

	fail := cases["infra/orders.yaml BW-PITR-001 OrdersTable"]
	require.NotNil(t, fail.Failure)
	assert.Equal(t, "high", fail.Failure.Type)
	assert.Equal(t, "DynamoDB table OrdersTable has no PointInTimeRecoverySpecification: point-in-time recovery is off",
		fail.Failure.Message)
	assert.Equal(t, strings.Join([]string{
		"infra/orders.yaml:19:5",
		"BW-PITR-001 DynamoDB table without point-in-time recovery",
		"DynamoDB table OrdersTable has no PointInTimeRecoverySpecification: point-in-time recovery is off",
		"Remediation: Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on the table.",
	}, "\n"), fail.Failure.Text)

	for name, want := range map[string]string{
		"infra/orders.yaml BW-MULTI-AZ-005 OrdersReplica": "suppressed: Read replica for reporting; the primary is Multi-AZ (ADR-0007)",
		"infra/payments.json BW-MULTI-AZ-008 Files":       "suppressed: Scratch space, rebuilt nightly, expires 2027-06-30",
		"infra/payments.json BW-PITR-001 LedgerTable":     "baselined in .bulwark-baseline.json",
	} {
		c, ok := cases[name]
		require.True(t, ok, name)
		require.NotNil(t, c.Skipped, name)
		assert.Nil(t, c.Failure, name)
		assert.Equal(t, want, c.Skipped.Message, name)
	}
}

// TestJUnitGroup: the findings of one rule on one resource share a
// testcase; it fails when any of them fails, with the most severe type.
func TestJUnitGroup(t *testing.T) {
	base := finding.Finding{RuleID: "BW-X-001", Title: "X", Resource: "Res", File: "a.yaml", Status: finding.StatusFail}
	f1, f2, f3 := base, base, base
	f1.Severity, f1.Line, f1.Message = "low", 3, "first"
	f2.Severity, f2.Line, f2.Message = "high", 9, "second"
	f3.Severity, f3.Line, f3.Message, f3.Status = "high", 12, "third", finding.StatusSuppressed
	f3.Suppression = &finding.Suppression{Kind: "config", Reason: "accepted"}
	doc := parseJUnit(t, junitOf(t, &Report{Findings: []finding.Finding{f1, f2, f3}}))
	require.Len(t, doc.Suites, 1)
	require.Len(t, doc.Suites[0].Cases, 1)
	c := doc.Suites[0].Cases[0]
	assert.Equal(t, "BW-X-001 Res", c.Name)
	require.NotNil(t, c.Failure)
	assert.Equal(t, "second (and 1 more)", c.Failure.Message)
	assert.Equal(t, "high", c.Failure.Type)
	assert.Contains(t, c.Failure.Text, "a.yaml:9\nBW-X-001 X\nsecond")
	assert.Contains(t, c.Failure.Text, "a.yaml:12 (suppressed: accepted)\nthird")

	f1.Status, f2.Status = finding.StatusBaselined, finding.StatusBaselined
	doc = parseJUnit(t, junitOf(t, &Report{Findings: []finding.Finding{f1, f2, f3}}))
	c = doc.Suites[0].Cases[0]
	require.NotNil(t, c.Skipped)
	assert.Equal(t, "baselined; suppressed: accepted", c.Skipped.Message)
}

func TestJUnitEscaping(t *testing.T) {
	msg := "a < b && \"c\" ]]> 'd'\nsecond line"
	r := &Report{
		Findings: []finding.Finding{{RuleID: "R<1>", Resource: "R&D", File: "dir/x&y.yaml", Line: 1, Severity: "high",
			Status: finding.StatusFail, Message: msg}},
		Diagnostics: []scanners.Diagnostic{{File: "b<ad>.yaml", Severity: "error", Message: msg}},
	}
	doc := parseJUnit(t, junitOf(t, r))
	require.Len(t, doc.Suites, 2)
	assert.Equal(t, "b<ad>.yaml", doc.Suites[0].Name)
	assert.Equal(t, msg, doc.Suites[0].Cases[0].Error.Message)
	assert.Equal(t, "dir/x&y.yaml", doc.Suites[1].Name)
	c := doc.Suites[1].Cases[0]
	assert.Equal(t, "R<1> R&D", c.Name)
	assert.Equal(t, msg, c.Failure.Message)
	assert.Contains(t, c.Failure.Text, msg)
}
