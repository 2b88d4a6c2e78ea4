package report

import (
	"encoding/xml"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"io"
	"slices"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
)

// The JUnit XML elements Jenkins and GitLab read.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string     `xml:"name,attr"`
		Classname string     `xml:"classname,attr"`
		File      string     `xml:"file,attr,omitempty"`
		Failure   *junitText `xml:"failure"`
		Error     *junitText `xml:"error"`
		Skipped   *junitText `xml:"skipped"`
		SystemOut *junitText `xml:"system-out"`
	}
)

// junitText is an element with optional message and type attributes and a
// text body. It marshals itself so the body keeps its line breaks readable
// (encoding/xml escapes newlines in chardata fields as &#xA;).
type junitText struct {
	Message string
	Type    string
	Text    string
}

func (t *junitText) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if t.Message != "" {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "message"}, Value: t.Message})
	}
	if t.Type != "" {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "type"}, Value: t.Type})
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if t.Text != "" {
		if err := e.EncodeToken(xml.CharData(t.Text)); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// WriteJUnit writes the report as JUnit XML: one testsuite per file and
// one testcase per rule that looked at the file, so the number of tests
// is the number of checks and a fixed finding turns its test green
// instead of removing it (CI tracks a test's history by its name, which a
// testcase per resource would lose as resources come and go).
//
// A rule's testcase fails when one of its findings fails the gate
// (r.FailOn); findings below the threshold leave it passing with the
// findings in its system-out, which Jenkins and GitLab show on the test;
// a rule whose findings are all suppressed or baselined is skipped. A
// "parse" testcase holds the file's diagnostics (an error if any is an
// error). A scan with nothing to report gets a single passing testcase,
// so CI does not mistake it for a missing report.
func WriteJUnit(w io.Writer, r *Report) error {
	type file struct {
		byRule map[string][]finding.Finding
		diags  []scanners.Diagnostic
	}
	files := map[string]*file{}
	get := func(name string) *file {
		if files[name] == nil {
			files[name] = &file{byRule: map[string][]finding.Finding{}}
		}
		return files[name]
	}
	for name, ids := range r.Checked {
		fl := get(name)
		for _, id := range ids {
			if _, ok := fl.byRule[id]; !ok {
				fl.byRule[id] = nil
			}
		}
	}
	titles := map[string]string{}
	for _, rule := range r.Rules {
		titles[rule.ID] = rule.Title
	}
	for _, f := range r.Findings {
		fl := get(f.File)
		fl.byRule[f.RuleID] = append(fl.byRule[f.RuleID], f)
		if titles[f.RuleID] == "" {
			titles[f.RuleID] = f.Title
		}
	}
	for _, d := range r.Diagnostics {
		get(d.File).diags = append(get(d.File).diags, d)
	}

	threshold := r.FailOn
	if threshold == "" {
		threshold = finding.Severities[len(finding.Severities)-1]
	}
	out := junitSuites{Name: "bulwark"}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fl := files[name]
		suite := junitSuite{Name: name}
		if len(fl.diags) > 0 {
			suite.Cases = append(suite.Cases, junitParseCase(name, fl.diags))
		}
		ids := make([]string, 0, len(fl.byRule))
		for id := range fl.byRule {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			c := junitCase{Name: strings.TrimSpace(id + " " + titles[id]), Classname: name, File: name}
			junitRuleOutcome(&c, fl.byRule[id], threshold, r.Baseline)
			suite.Cases = append(suite.Cases, c)
		}
		out.Suites = append(out.Suites, suite)
	}
	if len(out.Suites) == 0 {
		s := r.Summary
		out.Suites = []junitSuite{{Name: "bulwark", Cases: []junitCase{{
			Name: "scan", Classname: "bulwark",
			SystemOut: &junitText{Text: pluralize(s.Templates, "template") + ", " + pluralize(s.Resources, "resource") + ": no findings"},
		}}}}
	}
	for i := range out.Suites {
		s := &out.Suites[i]
		for _, c := range s.Cases {
			s.Tests++
			switch {
			case c.Error != nil:
				s.Errors++
			case c.Failure != nil:
				s.Failures++
			case c.Skipped != nil:
				s.Skipped++
			}
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitParseCase reports a file's diagnostics: an error when any of them
// is an error, otherwise a passing testcase with the warnings as output.
func junitParseCase(file string, diags []scanners.Diagnostic) junitCase {
	c := junitCase{Name: "parse", Classname: file, File: file}
	lines := make([]string, 0, len(diags))
	var firstError *scanners.Diagnostic
	for i, d := range diags {
		lines = append(lines, fmt.Sprintf("%s: %s: %s", location(d.File, d.Line, d.Column), d.Severity, d.Message))
		if d.Severity == scanners.SeverityError && firstError == nil {
			firstError = &diags[i]
		}
	}
	body := strings.Join(lines, "\n")
	if firstError != nil {
		c.Error = &junitText{Message: firstError.Message, Type: scanners.SeverityError, Text: body}
	} else {
		c.SystemOut = &junitText{Text: body}
	}
	return c
}

// junitRuleOutcome sets the outcome of one rule's testcase in one file
// from its findings there: a failure if any fails the gate at threshold,
// skipped when all are suppressed or baselined, otherwise a pass, with
// the findings below the threshold and the skipped ones in system-out.
func junitRuleOutcome(c *junitCase, findings []finding.Finding, threshold, baseline string) {
	var gating, below, other []finding.Finding
	for _, f := range findings {
		switch {
		case failsGate(f, threshold):
			gating = append(gating, f)
		case f.Status == finding.StatusFail:
			below = append(below, f)
		default:
			other = append(other, f)
		}
	}
	var blocks []string
	for _, f := range gating {
		blocks = append(blocks, junitFindingBlock(f))
	}
	if len(below) > 0 {
		blocks = append(blocks, fmt.Sprintf("%s below --fail-on %s (reported, not failing the gate):",
			pluralize(len(below), "finding"), threshold))
		for _, f := range below {
			blocks = append(blocks, junitFindingBlock(f))
		}
	}
	for _, f := range other {
		blocks = append(blocks, location(f.File, f.Line, f.Column)+" ("+junitSkipReason(f, baseline)+")\n"+f.Message)
	}
	text := strings.Join(blocks, "\n\n")
	switch {
	case len(gating) > 0:
		lead := gating[0] // the most severe gating finding names the failure
		for _, f := range gating[1:] {
			if rank := finding.SeverityRank(f.Severity); rank >= 0 && (finding.SeverityRank(lead.Severity) < 0 || rank < finding.SeverityRank(lead.Severity)) {
				lead = f
			}
		}
		msg := lead.Message
		if len(gating) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(gating)-1)
		}
		c.Failure = &junitText{Message: msg, Type: lead.Severity, Text: text}
	case len(below) == 0 && len(other) > 0:
		var reasons []string
		for _, f := range other {
			if reason := junitSkipReason(f, baseline); !slices.Contains(reasons, reason) {
				reasons = append(reasons, reason)
			}
		}
		c.Skipped = &junitText{Message: strings.Join(reasons, "; "), Text: text}
	case text != "":
		c.SystemOut = &junitText{Text: text}
	}
}

// junitFindingBlock is one finding as a failure's or an output's text.
func junitFindingBlock(f finding.Finding) string {
	block := []string{location(f.File, f.Line, f.Column) + " " + resourceLabel(f), strings.TrimSpace(f.RuleID + " " + f.Title), f.Severity + ": " + f.Message}
	if f.Remediation != "" {
		block = append(block, "Remediation: "+f.Remediation)
	}
	return strings.Join(block, "\n")
}

// junitSkipReason says why a finding that does not fail is skipped.
func junitSkipReason(f finding.Finding, baseline string) string {
	if f.Status == finding.StatusBaselined {
		if baseline != "" {
			return "baselined in " + baseline
		}
		return "baselined"
	}
	reason := "suppressed"
	if j := suppressionJustification(f.Suppression); j != "" {
		reason += ": " + j
	}
	if f.Suppression != nil && f.Suppression.Expires != "" {
		reason += ", expires " + f.Suppression.Expires
	}
	return reason
}
