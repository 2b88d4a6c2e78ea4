package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"io/fs"
	"os"
	"sort"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
)

// Baseline is the file `bulwark baseline write` records: today's failing
// findings by fingerprint, so a gate can fail only on new ones.
type Baseline struct {
	SchemaVersion string          `json:"schema_version"`
	Tool          Tool            `json:"tool"`
	Findings      []BaselineEntry `json:"findings"`
}

// NewBaseline records the failing findings of a scan.
func NewBaseline(version string, findings []finding.Finding) *Baseline {
	b := &Baseline{SchemaVersion: SchemaVersion, Tool: Tool{Name: "bulwark", Version: version}, Findings: []BaselineEntry{}}
	seen := map[string]bool{}
	for _, f := range findings {
		if f.Status != finding.StatusFail || seen[f.Fingerprint] {
			continue
		}
		seen[f.Fingerprint] = true
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint, RuleID: f.RuleID,
			File: f.File, Resource: f.Resource, Property: f.Property})
	}
	sort.Slice(b.Findings, func(i, j int) bool {
		a, c := b.Findings[i], b.Findings[j]
		if a.File != c.File {
			return a.File < c.File
		}
		if a.Resource != c.Resource {
			return a.Resource < c.Resource
		}
		return a.RuleID+a.Property < c.RuleID+c.Property
	})
	return b
}

// ReadBaseline loads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := safeio.ReadFile(path, MaxBaselineSize)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, unwrapPath(err))
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s: not a bulwark baseline: %v", path, err)
	}
	if b.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("baseline %s: schema_version %q, this bulwark reads %q", path, b.SchemaVersion, SchemaVersion)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: entry %d has no fingerprint", path, i+1)
		}
	}
	return &b, nil
}

// CheckBaselineFile says whether path may be replaced by a new baseline:
// it does not exist, is empty, or is a bulwark baseline (a JSON object
// with a schema_version, a tool named bulwark and a findings list; of any
// schema version, so an old baseline can be rewritten). Anything else is
// someone's file and the error says why it is not a baseline.
func CheckBaselineFile(path string) error {
	if path == "" || path == "-" {
		return nil
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !info.Mode().IsRegular():
		return nil // a device or a pipe is written, not replaced
	case info.Size() == 0:
		return nil
	}
	data, err := safeio.ReadFile(path, MaxBaselineSize)
	if err != nil {
		return fmt.Errorf("it is not a bulwark baseline: %w", unwrapPath(err))
	}
	var shape struct {
		SchemaVersion *string            `json:"schema_version"`
		Tool          *Tool              `json:"tool"`
		Findings      *[]json.RawMessage `json:"findings"`
		Summary       json.RawMessage    `json:"summary"`
	}
	if err := json.Unmarshal(data, &shape); err != nil {
		return fmt.Errorf("it exists and is not a bulwark baseline (not a JSON baseline: %v)", err)
	}
	if shape.SchemaVersion == nil || shape.Tool == nil || shape.Tool.Name != "bulwark" || shape.Findings == nil {
		return errors.New("it exists and is not a bulwark baseline (no schema_version, tool bulwark and findings)")
	}
	if shape.Summary != nil {
		return errors.New("it is a bulwark report, not a bulwark baseline")
	}
	return nil
}

// ApplyBaseline marks failing findings recorded in the baseline as
// baselined and returns the recorded findings that are gone (fixed).
func ApplyBaseline(findings []finding.Finding, b *Baseline) (fixed []BaselineEntry) {
	recorded := make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		recorded[e.Fingerprint] = true
	}
	present := map[string]bool{}
	for i := range findings {
		f := &findings[i]
		present[f.Fingerprint] = true
		if f.Status == finding.StatusFail && recorded[f.Fingerprint] {
			f.Status = finding.StatusBaselined
		}
	}
	for _, e := range b.Findings {
		if !present[e.Fingerprint] {
			fixed = append(fixed, e)
		}
	}
	return fixed
}
