package report

import (
	"errors"
	"io/fs"
)

// Size limits of what the report package and `bulwark report` read. A
// baseline can come from the repository under review and a report from a
// pipeline: a file above its limit (or a pipe, or a device) is an error
// naming it, never an endless read.
const (
	// MaxBaselineSize bounds a baseline file. An entry is about 250
	// bytes, so this holds some 250,000 recorded findings.
	MaxBaselineSize = 64 << 20
	// MaxReportSize bounds one saved JSON report read by `bulwark report`
	// (a file or standard input): a scan of tens of thousands of templates.
	MaxReportSize = 256 << 20
	// MaxTemplateSize bounds a --template for the HTML or Markdown report.
	MaxTemplateSize = 5 << 20
)

// unwrapPath drops the *fs.PathError layer of err when the message around
// it already names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
