package rules

import "github.com/bulwarkhq/bulwark/rules/finding"

// The engine's results are the shared vocabulary of package finding; these
// names keep the engine's callers and its own code short.
type (
	Finding     = finding.Finding
	Suppression = finding.Suppression
	Rule        = finding.Rule
	StackRef    = finding.StackRef
)

// Finding statuses.
const (
	StatusFail       = finding.StatusFail
	StatusSuppressed = finding.StatusSuppressed
	StatusBaselined  = finding.StatusBaselined
)

// Severities and Concerns are package finding's vocabularies.
var (
	Severities = finding.Severities
	Concerns   = finding.Concerns
)

// SeverityRank orders severities: critical is 0, info is 4, unknown is -1.
func SeverityRank(s string) int { return finding.SeverityRank(s) }

// FingerprintOf computes a finding's stable identity (see package finding).
func FingerprintOf(ruleID, file, resource, property string) string {
	return finding.FingerprintOf(ruleID, file, resource, property)
}

// SortFindings orders findings by file, line, column, then rule id.
func SortFindings(f []Finding) { finding.Sort(f) }

// rawFinding is what a rule's deny set holds, before location and metadata.
type rawFinding struct {
	File     string
	Resource string
	Path     []any
	Message  string
	Details  map[string]any
}
