package rules

import (
	"sort"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
)

// Workload estimates a template and judges it against its tier (0: not
// set, then only the estimates are reported).
func EstimateWorkload(t *scanners.Template, env Env) Workload {
	level, source := env.tierOf(t)
	w := Workload{Name: workloadName(t), File: t.File, Tier: level, TierSource: source, Scenario: ScenarioOf(level)}
	if level == 0 {
		w.TierSource = "not set"
	}
	tiers := env.tiers()
	if tier, ok := tiers[level]; ok {
		w.Targets = &tier
	}
	e := newEstimator(t)
	var rpos, rtos []Estimate
	computeAcrossRegions := false
	for _, r := range t.Resources {
		level := level
		if own := ResourceTier(r); own != 0 {
			level = own
		}
		scenario := ScenarioOf(level)
		re := ResourceEstimate{Resource: r.ID, Type: r.Type, Scenario: scenario}
		if level != w.Tier {
			re.Tier = level
		}
		if isDataStore(r.Type) {
			rpo, rto, ok := e.store(r, scenario)
			if !ok {
				continue
			}
			re.RPO, re.RTO = &rpo, &rto
		} else {
			rto, ok := e.compute(r, scenario)
			if !ok {
				continue
			}
			re.RTO = &rto
			computeAcrossRegions = computeAcrossRegions || scenario == ScenarioRegion
		}
		w.add(re, tiers, &rpos, &rtos)
	}
	if w.Scenario == ScenarioRegion && len(w.Resources) > 0 {
		switch {
		case e.dns == nil:
			rtos = append(rtos, unknownEst(noFailoverRecord))
		case !computeAcrossRegions:
			// No compute component carries the traffic failover's time: the
			// failover record is judged itself, so a slow failover has a
			// finding that names it.
			w.add(ResourceEstimate{Resource: e.dnsRecord, Type: e.byID[e.dnsRecord].Type, Scenario: ScenarioRegion,
				RTO: e.dns}, tiers, &rpos, &rtos)
		}
	}
	w.RPO = worst(notApplicable("no data to lose"), rpos...)
	w.RTO = worst(notApplicable("nothing to estimate"), rtos...)
	switch {
	case w.Targets != nil:
		c := both(within(&w.RPO, w.Targets.RPOSeconds), within(&w.RTO, w.Targets.RTOSeconds))
		for _, r := range w.Resources {
			c = both(c, r.Compliant)
		}
		if len(w.Resources) > 0 {
			w.Compliant = c
		}
	default:
		// No tier for the workload, but resources tagged with their own:
		// the verdict is theirs, so a part that misses its tier shows.
		tagged := false
		for _, r := range w.Resources {
			switch {
			case r.Tier == 0:
			case !tagged:
				tagged, w.Compliant = true, r.Compliant
			default:
				w.Compliant = both(w.Compliant, r.Compliant)
			}
		}
	}
	return w
}

// noFailoverRecord is why a Region-scenario RTO is unknown without DNS.
const noFailoverRecord = "no Route 53 failover record in this template: traffic failover to another Region is not visible"

// add records a resource's estimate, its verdict at its own tier, and, when
// it is held to the workload's tier, its share of the workload estimate.
func (w *Workload) add(re ResourceEstimate, tiers map[int]Tier, rpos, rtos *[]Estimate) {
	level := w.Tier
	if re.Tier != 0 {
		level = re.Tier
	}
	if tier, ok := tiers[level]; ok && level != 0 {
		re.Compliant = both(within(re.RPO, tier.RPOSeconds), within(re.RTO, tier.RTOSeconds))
	}
	if re.Tier == 0 {
		if re.RPO != nil {
			*rpos = append(*rpos, *re.RPO)
		}
		if re.RTO != nil {
			*rtos = append(*rtos, *re.RTO)
		}
	}
	w.Resources = append(w.Resources, re)
}

func workloadName(t *scanners.Template) string {
	if b, ok := t.Metadata["bulwark"].(map[string]any); ok {
		if n, ok := b["workload"].(string); ok && n != "" {
			return n
		}
	}
	if t.Stack != "" {
		return t.Stack // a CDK stack: its name, not its file's
	}
	name := t.File
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	return name
}

// estimatesInput is the part of a rule's input that carries the estimates.
func (w Workload) estimatesInput(tiers map[int]Tier) map[string]any {
	res := map[string]any{}
	for _, r := range w.Resources {
		level := w.Tier
		if r.Tier != 0 {
			level = r.Tier
		}
		doc := map[string]any{"tier": int64(level), "scenario": r.Scenario}
		if t, ok := tiers[level]; ok && level != 0 {
			doc["targets"] = map[string]any{"rpo_seconds": t.RPOSeconds, "rto_seconds": t.RTOSeconds,
				"rpo_text": FormatSeconds(t.RPOSeconds), "rto_text": FormatSeconds(t.RTOSeconds)}
		}
		if r.RPO != nil {
			doc["rpo"] = r.RPO.input()
		}
		if r.RTO != nil {
			doc["rto"] = r.RTO.input()
		}
		res[r.Resource] = doc
	}
	return map[string]any{"resources": res}
}

func (e Estimate) input() map[string]any {
	m := map[string]any{"text": e.Text, "unknown": e.Unknown, "evidence": strings.Join(e.Evidence, "; ")}
	if e.Seconds != nil {
		m["seconds"] = *e.Seconds
	}
	return m
}

// SortWorkloads orders workloads by file.
func SortWorkloads(ws []Workload) {
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].File < ws[j].File })
}
