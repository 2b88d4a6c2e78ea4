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

// WriteJUnit writes the report as JUnit XML: one testsuite per file with
// findings or diagnostics, one testcase per rule and resource (a failure
// for failing findings, skipped for suppressed and baselined ones) and a
// "parse" testcase for the file's diagnostics (an error if any is an
// error). A scan with nothing to report gets a single passing testcase, so
// CI does not mistake it for a missing report.
func WriteJUnit(w io.Writer, r *Report) error {
	type group struct {
		rule, resource string
		findings       []finding.Finding
	}
	type file struct {
		groups map[[2]string]*group
		diags  []scanners.Diagnostic
	}
	files := map[string]*file{}
	get := func(name string) *file {
		if files[name] == nil {
			files[name] = &file{groups: map[[2]string]*group{}}
		}
		return files[name]
	}
	for _, f := range r.Findings {
		fl := get(f.File)
		key := [2]string{f.RuleID, resourceLabel(f)}
		if fl.groups[key] == nil {
			fl.groups[key] = &group{rule: f.RuleID, resource: resourceLabel(f)}
		}
		fl.groups[key].findings = append(fl.groups[key].findings, f)
	}
	for _, d := range r.Diagnostics {
		get(d.File).diags = append(get(d.File).diags, d)
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
		keys := make([][2]string, 0, len(fl.groups))
		for k := range fl.groups {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b [2]string) int {
			if c := strings.Compare(a[0], b[0]); c != 0 {
				return c
			}
			return strings.Compare(a[1], b[1])
		})
		for _, k := range keys {
			g := fl.groups[k]
			suite.Cases = append(suite.Cases, junitFindingCase(name, g.rule, g.resource, g.findings, r.Baseline))
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

// junitFindingCase is the testcase of one rule on one resource: a failure
// if any of its findings fails, skipped when all are suppressed or
// baselined.
func junitFindingCase(file, rule, resource string, findings []finding.Finding, baseline string) junitCase {
	c := junitCase{Name: strings.TrimSpace(rule + " " + resource), Classname: file, File: file}
	var failing, other []finding.Finding
	for _, f := range findings {
		if f.Status == finding.StatusFail {
			failing = append(failing, f)
		} else {
			other = append(other, f)
		}
	}
	if len(failing) == 0 {
		var reasons []string
		for _, f := range other {
			if reason := junitSkipReason(f, baseline); !slices.Contains(reasons, reason) {
				reasons = append(reasons, reason)
			}
		}
		blocks := make([]string, 0, len(other))
		for _, f := range other {
			blocks = append(blocks, location(f.File, f.Line, f.Column)+"\n"+f.Message)
		}
		c.Skipped = &junitText{Message: strings.Join(reasons, "; "), Text: strings.Join(blocks, "\n\n")}
		return c
	}
	lead := failing[0] // the most severe failing finding names the failure
	blocks := make([]string, 0, len(findings))
	for _, f := range failing {
		if rank := finding.SeverityRank(f.Severity); rank >= 0 && (finding.SeverityRank(lead.Severity) < 0 || rank < finding.SeverityRank(lead.Severity)) {
			lead = f
		}
		block := []string{location(f.File, f.Line, f.Column), strings.TrimSpace(f.RuleID + " " + f.Title), f.Message}
		if f.Remediation != "" {
			block = append(block, "Remediation: "+f.Remediation)
		}
		blocks = append(blocks, strings.Join(block, "\n"))
	}
	for _, f := range other {
		blocks = append(blocks, location(f.File, f.Line, f.Column)+" ("+junitSkipReason(f, baseline)+")\n"+f.Message)
	}
	msg := lead.Message
	if len(failing) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(failing)-1)
	}
	c.Failure = &junitText{Message: msg, Type: lead.Severity, Text: strings.Join(blocks, "\n\n")}
	return c
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
