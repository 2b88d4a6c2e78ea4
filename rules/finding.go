package rules

// Finding statuses.
const (
	StatusFail       = "fail"
	StatusSuppressed = "suppressed"
	StatusBaselined  = "baselined"
)

// Finding is one rule's verdict on one resource, located in its source.
type Finding struct {
	RuleID          string         `json:"rule_id"`
	Title           string         `json:"title"`
	Severity        string         `json:"severity"`
	Concern         string         `json:"concern"`
	Status          string         `json:"status"`
	Resource        string         `json:"resource"`
	ResourceType    string         `json:"resource_type"`
	File            string         `json:"file"`
	Line            int            `json:"line"`
	Column          int            `json:"column"`
	Property        string         `json:"property,omitempty"`
	Message         string         `json:"message"`
	Remediation     string         `json:"remediation"`
	WellArchitected []string       `json:"well_architected"`
	Details         map[string]any `json:"details,omitempty"`
}

// rawFinding is what a rule's deny set holds, before location and metadata.
type rawFinding struct {
	File     string
	Resource string
	Path     []any
	Message  string
	Details  map[string]any
}
