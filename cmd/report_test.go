package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/report"
)

// runReportCmd runs the command line with the report command registered
// (whether or not root.go registers it yet), translating errors to exit
// codes as Execute does.
func runReportCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	root := NewRoot()
	if c, _, err := root.Find([]string{"report"}); err != nil || c == root {
		root.AddCommand(newReportCmd())
	}
	var out, errb bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetIn(strings.NewReader(stdin))
	err := root.Execute()
	var ee *exitError
	switch {
	case err == nil:
		code = ExitOK
	case errors.As(err, &ee):
		code = ee.code
		if ee.err != nil {
			errb.WriteString("bulwark: " + ee.err.Error() + "\n")
		}
	default:
		code = ExitError
		errb.WriteString("bulwark: " + err.Error() + "\n")
	}
	return code, out.String(), errb.String()
}

// saveScanJSON saves the JSON report of a scan and returns its path. The
// version is pinned to the one the report package's golden files use.
func saveScanJSON(t *testing.T, name string, paths ...string) string {
	t.Helper()
	saved := Version
	Version = "0.1.0-dev"
	t.Cleanup(func() { Version = saved })
	out := filepath.Join(t.TempDir(), name)
	code, _, stderr := run(t, append([]string{"scan", "--format", "json", "-o", out}, paths...)...)
	require.Contains(t, []int{ExitOK, ExitFindings}, code, stderr)
	return out
}

func TestReportRendersTheGoldenReports(t *testing.T) {
	saved := saveScanJSON(t, "examples.json", examples)
	for format, golden := range map[string]string{"html": "examples.html", "report-markdown": "examples.md"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runReportCmd(t, "", "report", saved, "-f", format)
			require.Equal(t, ExitOK, code, stderr)
			want, err := os.ReadFile(filepath.Join("testdata", "golden", "wa", golden))
			require.NoError(t, err, "go test ./report -update writes it")
			if string(want) != out {
				t.Errorf("bulwark report of the saved scan differs from the in-process golden %s (go test ./report -update rewrites it); first differing line: %s",
					golden, firstDifferentLine(string(want), out))
			}
		})
	}
}

// firstDifferentLine is the number and text of the first line where got
// differs from want.
func firstDifferentLine(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Sprintf("%d: want %q, got %q", i+1, w[i], g[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

func TestReportDefaultsToHTMLAndWritesAFile(t *testing.T) {
	saved := saveScanJSON(t, "examples.json", examples)
	out := filepath.Join(t.TempDir(), "reliability.html")
	code, stdout, stderr := runReportCmd(t, "", "report", saved, "-o", out)
	require.Equal(t, ExitOK, code, stderr)
	assert.Empty(t, stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, []byte("<!DOCTYPE html>")))
}

// A saved report rendered as JSON again is the report it was.
func TestReportJSONRoundTrip(t *testing.T) {
	saved := saveScanJSON(t, "examples.json", examples)
	code, out, stderr := runReportCmd(t, "", "report", saved, "-f", "json")
	require.Equal(t, ExitOK, code, stderr)
	want, err := os.ReadFile(saved)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), out)
}

// Two reports merge into what one scan of both gives.
func TestReportMergesReports(t *testing.T) {
	a := saveScanJSON(t, "a.json", examples+"/orders-service.yaml", examples+"/backup-plan.json")
	b := saveScanJSON(t, "b.json", examples+"/payments-sam.yaml")
	both := saveScanJSON(t, "both.json", examples+"/orders-service.yaml", examples+"/backup-plan.json", examples+"/payments-sam.yaml")

	code, out, stderr := runReportCmd(t, "", "report", a, b, "-f", "json")
	require.Equal(t, ExitOK, code, stderr)
	var merged, want report.Report
	require.NoError(t, json.Unmarshal([]byte(out), &merged))
	data, err := os.ReadFile(both)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &want))
	assert.Equal(t, want.Summary, merged.Summary)
	assert.Equal(t, want.Findings, merged.Findings)
	assert.Equal(t, want.Workloads, merged.Workloads)
	assert.Equal(t, want.Sources, merged.Sources)
	assert.Equal(t, want.GeneratedAt, merged.GeneratedAt)
}

func TestReportReadsStandardInputAndOtherFormats(t *testing.T) {
	data, err := os.ReadFile(saveScanJSON(t, "examples.json", examples))
	require.NoError(t, err)
	for format, want := range map[string]string{
		"text": " templates, ", "sarif": `"version": "2.1.0"`, "junit": "<testsuites",
		"markdown": "## bulwark", "report-markdown": "# Reliability report",
	} {
		code, out, stderr := runReportCmd(t, string(data), "report", "-", "-f", format)
		assert.Equal(t, ExitOK, code, "%s: %s", format, stderr)
		assert.Contains(t, out, want, format)
	}
}

func TestReportTemplateOption(t *testing.T) {
	saved := saveScanJSON(t, "examples.json", examples)
	dir := t.TempDir()
	html := writeFile(t, dir, "mine.html.tmpl", `<p>{{.Summary.Findings}} failing, {{len .Areas}} areas, {{.Tool.Name}}</p>`)
	md := writeFile(t, dir, "mine.md.tmpl", `{{range .Areas}}{{range .Questions}}{{.Label}} {{.Mark.Text}}
{{end}}{{end}}`)

	var rep report.Report
	data, err := os.ReadFile(saved)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep))
	code, out, stderr := runReportCmd(t, "", "report", saved, "--template", html)
	require.Equal(t, ExitOK, code, stderr)
	assert.Equal(t, fmt.Sprintf("<p>%d failing, 4 areas, bulwark</p>", rep.Summary.Findings), out)

	code, out, stderr = runReportCmd(t, "", "report", saved, "-f", "report-markdown", "--template", md)
	require.Equal(t, ExitOK, code, stderr)
	assert.Contains(t, out, "REL 12 not checked by bulwark\n")
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	saved := saveScanJSON(t, "examples.json", examples)
	broken := writeFile(t, dir, "broken.json", "{\n  \"schema_version\": \"1\",\n  \"findings\": [,]\n}\n")
	future := writeFile(t, dir, "future.json", `{"schema_version": "2", "findings": []}`)
	notReport := writeFile(t, dir, "package.json", `{"name": "left-pad"}`)
	wrongType := writeFile(t, dir, "wrong.json", "{\"schema_version\": \"1\",\n\"findings\": {\"a\": 1}}")
	badTemplate := writeFile(t, dir, "bad.tmpl", "{{.Nope")
	failingTemplate := writeFile(t, dir, "fails.tmpl", "{{.Nope}}")
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no report", []string{"report"}, "at least one JSON report"},
		{"missing file", []string{"report", filepath.Join(dir, "nope.json")}, "reading"},
		{"syntax error", []string{"report", broken}, "broken.json: not a bulwark JSON report: line 3"},
		{"future schema", []string{"report", future}, `schema_version "2", but this bulwark reads version "1"`},
		{"not a report", []string{"report", notReport}, "no schema_version"},
		{"wrong shape", []string{"report", wrongType}, "wrong.json: not a valid bulwark JSON report: line 2"},
		{"unknown format", []string{"report", saved, "-f", "pdf"}, `unknown --format "pdf"`},
		{"template of another format", []string{"report", saved, "-f", "sarif", "--template", badTemplate}, "--template applies to the html and report-markdown formats"},
		{"missing template", []string{"report", saved, "--template", filepath.Join(dir, "none.tmpl")}, "report template"},
		{"template that does not parse", []string{"report", saved, "--template", badTemplate}, "report template " + badTemplate},
		{"template that fails", []string{"report", saved, "-f", "report-markdown", "--template", failingTemplate}, "can't evaluate field Nope"},
		{"stdin twice", []string{"report", "-", "-"}, "only once"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runReportCmd(t, "{}", tc.args...)
			assert.Equal(t, ExitError, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tc.stderr)
		})
	}
}
