package report

import (
	"fmt"
	"io"
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
		for _, pair := range strings.Split(v, ",") {
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
