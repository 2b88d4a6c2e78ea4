package report

import "github.com/bulwarkhq/bulwark/scanners/inert"

// Coverage is one service in one account and Region of an audit: whether
// it was read, failed (its resources are missing from the report) or
// skipped (not selected). Scans of templates have none.
type Coverage struct {
	Account string `json:"account"`
	// Region is "global" for services read once per account (Route 53),
	// and "" when the account itself could not be audited.
	Region  string `json:"region"`
	Service string `json:"service"`
	Status  string `json:"status"`           // read, failed or skipped
	Reason  string `json:"reason,omitempty"` // why it failed or was skipped; for a read service, the facts left unknown
}

// Coverage statuses.
const (
	CoverageRead    = "read"
	CoverageFailed  = "failed"
	CoverageSkipped = "skipped"
)

// WAAuditRow is one account and Region of an audit, as the reliability
// report's coverage table shows it.
type WAAuditRow struct {
	Account, Region string
	Services        []WAAuditService // selected, in the order of the report: read or failed
	Problems        []WAAuditService // of Services, those failed or partly read, with the reason
	Skipped         []string         // not selected
	Failed          int
	Mark            Mark
}

// WAAuditService is one selected service of a row.
type WAAuditService struct {
	Name, Status, Reason string
	Mark                 Mark
}

var (
	markRead    = Mark{"pass", "✔", "read"}
	markPartly  = Mark{"warn", "◐", "partly read"}
	markNotRead = Mark{"fail", "✖", "not read"}
)

// AuditCoverage groups an audit's coverage into one row per account and
// Region, in the report's order; nil for a scan of templates.
func (v *WAView) AuditCoverage() []WAAuditRow {
	return waAuditRows(v.Report.Coverage)
}

func waAuditRows(in []Coverage) []WAAuditRow {
	var rows []WAAuditRow
	index := map[[2]string]int{}
	for _, c := range in {
		k := [2]string{c.Account, c.Region}
		i, ok := index[k]
		if !ok {
			i = len(rows)
			index[k] = i
			rows = append(rows, WAAuditRow{Account: c.Account, Region: c.Region})
		}
		row := &rows[i]
		s := WAAuditService{Name: c.Service, Status: c.Status, Reason: c.Reason}
		switch {
		case c.Status == CoverageSkipped:
			row.Skipped = append(row.Skipped, c.Service)
			continue
		case c.Status == CoverageFailed:
			s.Mark = markNotRead
			row.Failed++
		case c.Reason != "":
			s.Mark = markPartly
		default:
			s.Mark = markRead
		}
		row.Services = append(row.Services, s)
		if s.Reason != "" {
			row.Problems = append(row.Problems, s)
		}
	}
	for i := range rows {
		r := &rows[i]
		switch {
		case r.Failed > 0:
			r.Mark = Mark{"fail", "✖", pluralize(r.Failed, "service") + " not read"}
		case len(r.Problems) > 0:
			r.Mark = Mark{"warn", "◐", "every selected service read, some facts unknown"}
		default:
			r.Mark = Mark{"pass", "✔", "every selected service read"}
		}
	}
	return rows
}

// inertCoverage passes the coverage's values through inert.String: role
// ARNs come from the role file and reasons carry AWS's error messages.
func inertCoverage(in []Coverage) []Coverage {
	if in == nil {
		return nil
	}
	out := make([]Coverage, len(in))
	for i, c := range in {
		s := inert.String
		out[i] = Coverage{Account: s(c.Account), Region: s(c.Region), Service: s(c.Service), Status: s(c.Status), Reason: s(c.Reason)}
	}
	return out
}
