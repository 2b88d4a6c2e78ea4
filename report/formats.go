package report

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// Writer renders a report in one format.
type Writer func(io.Writer, *Report) error

// Formats maps each output format name to its writer.
var Formats = map[string]Writer{
	"text":     WriteText,
	"json":     WriteJSON,
	"sarif":    WriteSARIF,
	"junit":    WriteJUnit,
	"markdown": WriteMarkdown,
	// GitLab's merge request widget (artifacts:reports:codequality).
	"codequality": WriteCodeQuality,
	// The Well-Architected reliability report, for people.
	"html":            WriteHTML,
	"report-markdown": WriteReportMarkdown,
}

// FormatNames lists the formats, sorted, for help and error messages.
func FormatNames() string {
	names := make([]string, 0, len(Formats))
	for n := range Formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// Output is one requested rendering: a format written to a path ("" or "-"
// is standard output).
type Output struct {
	Format string
	Path   string
}

// ParseOutputs reads "sarif=bulwark.sarif,junit=junit.xml" (a flag may be
// given several times; each value may hold several pairs).
func ParseOutputs(values []string) ([]Output, error) {
	var out []Output
	for _, v := range values {
		for _, pair := range splitOutputs(v) {
			pair = strings.TrimSpace(pair)
			if pair == "" {
				continue
			}
			format, path, ok := strings.Cut(pair, "=")
			if !ok || path == "" {
				return nil, fmt.Errorf("--output-format %q: expected FORMAT=FILE, e.g. sarif=bulwark.sarif", pair)
			}
			if _, known := Formats[format]; !known {
				return nil, fmt.Errorf("--output-format %q: unknown format %q (use %s)", pair, format, FormatNames())
			}
			out = append(out, Output{Format: format, Path: path})
		}
	}
	return out, nil
}

// splitOutputs splits "sarif=a.sarif,junit=j.xml" at the commas that start
// another FORMAT= (a word and an equals sign) or end the value: any other
// comma belongs to the file name ("markdown=/tmp/a,b/c.md" is one output).
func splitOutputs(v string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(v); i++ {
		if v[i] == ',' && startsOutput.MatchString(v[i+1:]) {
			parts = append(parts, v[start:i])
			start = i + 1
		}
	}
	return append(parts, v[start:])
}

// startsOutput: what follows a comma that separates two outputs.
var startsOutput = regexp.MustCompile(`^\s*([A-Za-z][A-Za-z-]*=|$)`)
