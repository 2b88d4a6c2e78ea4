package estimate

import "strings"

// Absorb adds a nested template's estimates to its root's workload: its
// resources, named by the stacks that lead to them ("Orders/Table"), and,
// when it is held to the workload's tier, its share of the RPO and RTO.
// A nested template that declares a tier of its own keeps its resources
// to it, as a resource tagged with its own tier is.
func (w *Workload) Absorb(child Workload, stacks string) {
	own := child.Tier != w.Tier
	for _, r := range child.Resources {
		r.Resource = stacks + "/" + r.Resource
		if own && r.Tier == 0 {
			r.Tier = child.Tier
		}
		w.Resources = append(w.Resources, r)
	}
	if !own {
		w.RPO = worst(w.RPO, parts(w.RPO, child.RPO)...)
		w.RTO = worst(w.RTO, parts(w.RTO, child.RTO)...)
	}
	w.judge()
}

// parts are the workload estimates worst combines again: those that apply,
// each as the component it was ("at least" is put back by worst).
func parts(es ...Estimate) []Estimate {
	var out []Estimate
	for _, e := range es {
		if e.NotApplicable {
			continue
		}
		if e.AtLeast {
			e.AtLeast = false
			e.Text = strings.TrimPrefix(e.Text, "at least ")
		}
		out = append(out, e)
	}
	return out
}
