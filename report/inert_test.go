package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/scanners"
)

// hostileReport has every C0 control, DEL, a C1 control, bidi overrides,
// the line separators and the noncharacters XML forbids in its values.
func hostileReport() *Report {
	var all strings.Builder
	for c := rune(0); c < 0x20; c++ {
		all.WriteRune(c)
	}
	all.WriteString("\x7f\u009b\u202e\u2066\u2028\u2029\ufffe\uffff")
	h := "v" + all.String() + "\r\n::error file=x::pwned"
	return &Report{
		SchemaVersion: SchemaVersion,
		Sources:       []string{"dir" + h},
		Findings: []finding.Finding{{RuleID: "R-1", Title: "t" + h, Severity: "high", Status: finding.StatusFail,
			Resource: "Q" + h, ResourceType: "AWS::SQS::Queue", File: "f" + h + ".yaml", Line: 2, Message: "m" + h,
			ConstructPath: "S/C" + h}},
		Diagnostics: []scanners.Diagnostic{{File: "d" + h + ".yaml", Line: 1, Severity: scanners.SeverityError, Message: "e" + h}},
		Workloads:   []estimate.Workload{{Name: "w" + h, File: "f" + h + ".yaml"}},
		Coverage:    []Coverage{{Account: "a" + h, Region: "r" + h, Service: "s" + h, Status: CoverageFailed, Reason: "x" + h}},
		Summary:     Summary{Findings: 1, Errors: 1, BySeverity: map[string]int{"high": 1}},
	}
}

// TestWritersWithHostileValues: the human formats hold no raw control
// character and no line a CI runner takes for a command; JSON and SARIF
// decode; JUnit is well-formed XML 1.0 with only the characters it allows.
func TestWritersWithHostileValues(t *testing.T) {
	for name, write := range Formats {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, write(&buf, hostileReport()))
			out := buf.String()
			switch name {
			case "json", "sarif":
				var v any
				require.NoError(t, json.Unmarshal(buf.Bytes(), &v))
			case "junit":
				for _, r := range out {
					ok := r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
					require.True(t, ok, "%U is not an XML 1.0 character", r)
				}
				d := xml.NewDecoder(strings.NewReader(out))
				for {
					if _, err := d.Token(); err != nil {
						assert.Equal(t, "EOF", err.Error())
						break
					}
				}
			default:
				for i, r := range out {
					if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x2028 && r <= 0x202e || r >= 0x2066 && r <= 0x2069) {
						t.Fatalf("raw %U at byte %d: %q", r, i, out[max(0, i-30):min(len(out), i+30)])
					}
				}
				for _, line := range strings.Split(out, "\n") {
					assert.False(t, strings.HasPrefix(strings.TrimSpace(line), "::"), "%q", line)
				}
			}
		})
	}
}
