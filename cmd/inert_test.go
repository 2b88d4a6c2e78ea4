package cmd

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileStrings clear a terminal, forge a GitHub Actions workflow command
// and reverse the text that follows ("Trojan Source").
var hostileStrings = map[string]string{
	"escape":   "\x1b[2J",
	"command":  "\r\n::error file=x::pwned",
	"override": "\u202e",
	"lsep":     "\u2028::warning::x",
	"tab":      "\t::x",
}

// echoRule reports every queue with its name in the message, so a
// property value reaches every output.
const echoRule = `# METADATA
# title: Queue names are echoed
# custom:
#   id: ACME-ECHO
#   severity: high
#   concern: backup
#   well_architected: [REL09-BP01]
#   remediation: Rename the queue.
package bulwark.rules.acme.echo

import data.bulwark.lib

deny contains lib.finding(id, ["Properties", "QueueName"], sprintf("queue named %s", [r.Properties.QueueName])) if {
	some id, r in lib.resources(["AWS::SQS::Queue"])
	r.Properties.QueueName
}
`

// TestOutputIsInert: a hostile logical id, file name and property value
// reach every text-like output (and standard error) escaped: no raw
// control byte, no line a CI runner would read as a command. The
// machine-readable formats stay valid and give the values back exactly.
func TestOutputIsInert(t *testing.T) {
	rulesDir := t.TempDir()
	writeFile(t, rulesDir, "echo.rego", echoRule)
	for name, h := range hostileStrings {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			quoted, _ := json.Marshal(h) // a JSON string is a YAML double-quoted scalar
			q := string(quoted[1 : len(quoted)-1])
			tmpl := writeFile(t, dir, "t"+h+".yaml", "Resources:\n  \"Q"+q+"\":\n    Type: AWS::SQS::Queue\n"+
				"    Properties:\n      QueueName: \"n"+q+"\"\n")
			writeFile(t, dir, "broken"+h+".yaml", "Resources:\n  A:\n    Type: [unclosed\n")
			writeFile(t, dir, "skipped"+h+".yaml", "just: data\n")

			// One scan writes every format (rules compile once).
			outDir := t.TempDir()
			code, stdout, stderr := run(t, append([]string{"scan", "--rules", rulesDir, "-v", dir}, allFormats(outDir)...)...)
			require.Equal(t, ExitError, code, "the broken file is an error: %s", stderr)
			assertInert(t, "stderr", stderr)
			assert.Contains(t, stderr, "skipped", "the skipped file is listed")
			assertInert(t, "stdout", stdout)
			for format := range report.Formats {
				data, err := os.ReadFile(filepath.Join(outDir, format))
				require.NoError(t, err, stderr)
				text := string(data)
				switch format {
				case "json":
					var rep jsonReport
					require.NoError(t, json.Unmarshal(data, &rep))
					assert.True(t, hasFinding(rep, "Q"+h, tmpl), "JSON gives the values back exactly")
				case "sarif":
					var v map[string]any
					require.NoError(t, json.Unmarshal(data, &v))
					assert.Contains(t, jsonStrings(v), "queue named n"+h, "SARIF gives the message back exactly")
				case "junit":
					assertValidXML(t, data)
				default: // text, markdown, report-markdown, html
					assertInert(t, format, text)
					assert.Contains(t, text, "ACME-ECHO", "%s reports the finding", format)
				}
			}
		})
	}
}

// assertInert fails on any byte or rune that acts in a terminal or log,
// and on any line a CI runner would take for a workflow command.
func assertInert(t *testing.T, what, s string) {
	t.Helper()
	for i, r := range s {
		if r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x2028 && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			t.Errorf("%s: raw control %U at byte %d: %q", what, r, i, s[max(0, i-40):min(len(s), i+40)])
			return
		}
	}
	for _, line := range strings.Split(s, "\n") {
		assert.False(t, strings.HasPrefix(strings.TrimSpace(line), "::"), "%s: a line reads as a workflow command: %q", what, line)
	}
}

// allFormats asks for every format, each into dir/FORMAT, and text on
// standard output.
func allFormats(dir string) []string {
	var args []string
	for format := range report.Formats {
		args = append(args, "--output-format", format+"="+filepath.Join(dir, format))
	}
	return args
}

func hasFinding(rep jsonReport, resource, file string) bool {
	for _, f := range rep.Findings {
		if f.Resource == resource && f.File == file {
			return true
		}
	}
	return false
}

// jsonStrings collects every string in a decoded JSON value.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}

// assertValidXML decodes the whole document and checks that it holds only
// characters XML 1.0 allows (even escaped, it forbids most C0 controls).
func assertValidXML(t *testing.T, data []byte) {
	t.Helper()
	require.True(t, utf8.Valid(data))
	for _, r := range string(data) {
		ok := r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
		require.True(t, ok, "JUnit holds %U, which XML 1.0 forbids", r)
	}
	for _, ref := range []string{"&#x1B;", "&#27;", "&#x0;", "&#x1b;"} {
		require.NotContains(t, string(data), ref, "a forbidden character as a reference is still forbidden")
	}
	d := xml.NewDecoder(strings.NewReader(string(data)))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
}
