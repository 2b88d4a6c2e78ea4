package finding

import "slices"

// Severities from most to least severe.
var Severities = []string{"critical", "high", "medium", "low", "info"}

// Concerns is the vocabulary of what a rule is about: the six reliability
// concerns of the core pack, the resilience patterns of the second pack,
// and governance (findings about suppressions themselves).
var Concerns = []string{
	"multi-az", "pitr", "backup", "concurrency", "health-check", "tier",
	"coupling", "timeouts", "throttling", "change", "monitoring",
	"data-protection", "governance",
}

// SeverityRank orders severities: critical is 0, info is 4, unknown is -1.
func SeverityRank(s string) int { return slices.Index(Severities, s) }

// Rule is one rule's metadata, read from its `# METADATA` annotation.
type Rule struct {
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	Description     string   `json:"description"`
	Severity        string   `json:"severity"`
	Concern         string   `json:"concern"`
	WellArchitected []string `json:"well_architected"`
	ResourceTypes   []string `json:"resource_types,omitempty"`
	Inputs          []string `json:"inputs"`
	Remediation     string   `json:"remediation"`
	Scope           string   `json:"scope"`
	Tiers           []int    `json:"tiers,omitempty"`
	Package         string   `json:"package"`
	File            string   `json:"file"`
	Builtin         bool     `json:"builtin"`
	// HasUnknowns: the rule defines `unknowns`, what it could not verify,
	// reported in --strict mode.
	HasUnknowns bool `json:"has_unknowns,omitempty"`
}

// AppliesTo reports whether the rule runs on the given kind of input
// ("template" or "account").
func (r *Rule) AppliesTo(kind string) bool { return slices.Contains(r.Inputs, kind) }
