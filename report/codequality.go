package report

import (
	"encoding/json"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"io"
	"path/filepath"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// GitLab's Code Quality report: the subset of the Code Climate issue
// format GitLab reads (docs.gitlab.com, "Code Quality report format").
type (
	cqIssue struct {
		Description string     `json:"description"`
		CheckName   string     `json:"check_name"`
		Fingerprint string     `json:"fingerprint"`
		Severity    string     `json:"severity"`
		Location    cqLocation `json:"location"`
	}
	cqLocation struct {
		Path  string  `json:"path"`
		Lines cqLines `json:"lines"`
	}
	cqLines struct {
		Begin int `json:"begin"`
	}
)

// cqSeverity maps bulwark's severities onto GitLab's five.
var cqSeverity = map[string]string{
	"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info",
}

// WriteCodeQuality writes the failing findings as a GitLab Code Quality
// report (artifacts:reports:codequality), which GitLab shows in the merge
// request widget and diff. Suppressed and baselined findings are left out,
// as accepted; fingerprints are the findings' own, made unique if two
// coincide (GitLab drops duplicates).
func WriteCodeQuality(w io.Writer, r *Report) error {
	issues := []cqIssue{}
	seen := map[string]int{}
	for _, f := range r.Findings {
		if f.Status != finding.StatusFail {
			continue
		}
		sev := cqSeverity[f.Severity]
		if sev == "" {
			sev = "major"
		}
		fp := f.Fingerprint
		if fp == "" {
			fp = finding.FingerprintOf(f.RuleID, f.File, f.Resource, f.Property)
		}
		if n := seen[fp]; n > 0 {
			seen[fp]++
			fp = fmt.Sprintf("%s-%d", fp, n)
		} else {
			seen[fp] = 1
		}
		issues = append(issues, cqIssue{
			// GitLab shows these to people: control characters and bidi
			// overrides are written as visible escapes, as in every
			// human-readable format.
			Description: inert.String(strings.TrimSpace(f.RuleID + " " + resourceLabel(f) + ": " + f.Message)),
			CheckName:   inert.String(f.RuleID),
			Fingerprint: fp,
			Severity:    sev,
			Location:    cqLocation{Path: inert.String(filepath.ToSlash(f.File)), Lines: cqLines{Begin: max(f.Line, 1)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}
