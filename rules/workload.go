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
		} else if scenario == ScenarioAZ {
			rto, ok := e.compute(r)
			if !ok {
				continue
			}
			re.RTO = &rto
		} else {
			continue
		}
		if tier, ok := tiers[level]; ok && level != 0 {
			re.Compliant = both(within(re.RPO, tier.RPOSeconds), within(re.RTO, tier.RTOSeconds))
		}
		if re.Tier == 0 {
			if re.RPO != nil {
				rpos = append(rpos, *re.RPO)
			}
			if re.RTO != nil {
				rtos = append(rtos, *re.RTO)
			}
		}
		w.Resources = append(w.Resources, re)
	}
	if w.Scenario == ScenarioRegion && len(w.Resources) > 0 {
		if e.dns != nil {
			rtos = append(rtos, *e.dns)
		} else {
			rtos = append(rtos, unknownEst("no Route 53 failover record in this template: traffic failover is not visible"))
		}
	}
	w.RPO, w.RTO = worst(rpos...), worst(rtos...)
	if w.Targets != nil {
		c := both(within(&w.RPO, w.Targets.RPOSeconds), within(&w.RTO, w.Targets.RTOSeconds))
		for _, r := range w.Resources {
			c = both(c, r.Compliant)
		}
		if len(w.Resources) > 0 {
			w.Compliant = c
		}
	}
	return w
}

func workloadName(t *scanners.Template) string {
	if b, ok := t.Metadata["bulwark"].(map[string]any); ok {
		if n, ok := b["workload"].(string); ok && n != "" {
			return n
		}
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
