package report

import (
	"slices"

	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// inertChanges is a copy of c whose values from templates and the command
// line went through inert.String (see inertReport).
func inertChanges(c *Changes) *Changes {
	if c == nil {
		return nil
	}
	s := inert.String
	out := *c
	out.Previous, out.PreviousGeneratedAt = s(c.Previous), s(c.PreviousGeneratedAt)
	out.Workloads = slices.Clone(c.Workloads)
	for i := range out.Workloads {
		w := &out.Workloads[i]
		w.Workload, w.Name = s(w.Workload), s(w.Name)
		for _, list := range []*[]ChangedFinding{&w.New, &w.Fixed, &w.Moved} {
			*list = slices.Clone(*list)
			for j := range *list {
				f := &(*list)[j]
				f.RuleID, f.Severity, f.Resource, f.File, f.Message = s(f.RuleID), s(f.Severity), s(f.Resource), s(f.File), s(f.Message)
			}
		}
		if w.Tier != nil {
			tc := *w.Tier
			tc.Previous.RPO, tc.Previous.RTO, tc.Current.RPO, tc.Current.RTO = s(tc.Previous.RPO), s(tc.Previous.RTO), s(tc.Current.RPO), s(tc.Current.RTO)
			w.Tier = &tc
		}
	}
	return &out
}
