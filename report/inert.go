package report

import (
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"slices"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// inertReport is a copy of r whose values from templates and the command
// line (sources, file names, logical ids, messages, suppression reasons)
// went through inert.String, for formats whose own escaping leaves control
// characters and bidi overrides alone (html/template). r is not changed.
func inertReport(r *Report) *Report {
	out := *r
	s := inert.String
	out.Sources = make([]string, len(r.Sources))
	for i, src := range r.Sources {
		out.Sources[i] = s(src)
	}
	out.Baseline = s(r.Baseline)
	out.Findings = make([]finding.Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.File, f.Resource, f.ResourceType, f.Property = s(f.File), s(f.Resource), s(f.ResourceType), s(f.Property)
		f.ConstructPath = s(f.ConstructPath)
		f.Message, f.Title, f.RuleID, f.Severity = s(f.Message), s(f.Title), s(f.RuleID), s(f.Severity)
		if f.Suppression != nil {
			sup := *f.Suppression
			sup.Reason, sup.ADR, sup.Expires = s(sup.Reason), s(sup.ADR), s(sup.Expires)
			f.Suppression = &sup
		}
		out.Findings[i] = f
	}
	out.Diagnostics = make([]scanners.Diagnostic, len(r.Diagnostics))
	for i, d := range r.Diagnostics {
		d.File, d.Message = s(d.File), s(d.Message)
		out.Diagnostics[i] = d
	}
	out.Workloads = make([]estimate.Workload, len(r.Workloads))
	for i, w := range r.Workloads {
		w.Name, w.File, w.TierSource = s(w.Name), s(w.File), s(w.TierSource)
		w.Resources = slices.Clone(w.Resources)
		for j := range w.Resources {
			w.Resources[j].Resource, w.Resources[j].Type = s(w.Resources[j].Resource), s(w.Resources[j].Type)
		}
		out.Workloads[i] = w
	}
	out.Fixed = make([]BaselineEntry, len(r.Fixed))
	for i, e := range r.Fixed {
		e.File, e.Resource, e.Property = s(e.File), s(e.Resource), s(e.Property)
		out.Fixed[i] = e
	}
	out.Changes = inertChanges(r.Changes)
	out.Coverage = inertCoverage(r.Coverage)
	return &out
}
