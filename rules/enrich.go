package rules

import (
	"strings"

	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/scanners"
)

// enrich is the pipeline's step between loading and evaluating: it decides
// once, for every source, the workload it belongs to and its tier (and
// where the tier came from), writes them to src.Profile, and estimates the
// workload's RPO and RTO at that tier. Everything after it (the rule set
// chosen by tier, the rules' input, the reports) reads these instead of
// deciding again. Backup schedules are parsed by the loaders
// (scanners.CollectSchedules) since they are facts of the template.
func (env Env) enrich(src *scanners.Source) estimate.Workload {
	level, from := env.tierOf(src)
	// A nested stack's template is part of its root's workload.
	src.Profile = scanners.Profile{Workload: workloadName(src.Root().Template), Tier: level, TierSource: from}
	return estimate.Of(src.Template, src.Profile, env.tiers())
}

// tierOf resolves a source's tier and says where it came from: --tier,
// then the template's Metadata.bulwark.tier, then the tier its loader knows
// from outside the template (a stack tag) or, for a nested stack's
// template, from the stack that deploys it, then the configured default.
// 0 means not set.
func (env Env) tierOf(src *scanners.Source) (int, string) {
	if env.Tier != 0 {
		return env.Tier, "--tier"
	}
	if b, ok := src.Template.Metadata["bulwark"].(map[string]any); ok {
		if level := estimate.ParseTier(b["tier"]); level != 0 {
			return level, "template Metadata.bulwark.tier"
		}
	}
	if src.Parent != nil {
		if level, from := env.inheritedTier(src.Parent); level != 0 {
			return level, from
		}
	}
	if level := estimate.ParseTier(src.TierHint); level != 0 {
		return level, src.TierHintSource
	}
	if env.DefaultTier != 0 {
		return env.DefaultTier, "config default"
	}
	return 0, ""
}

func (env Env) tiers() map[int]estimate.Tier {
	if env.Tiers != nil {
		return env.Tiers
	}
	return estimate.DefaultTiers
}

// workloadName is Metadata.bulwark.workload, a CDK stack's name, or the
// file's base name without its extension.
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
