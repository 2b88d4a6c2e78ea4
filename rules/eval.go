package rules

import (
	"context"
	"errors"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"slices"
	"strings"
	"time"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// Env is what the caller knows beyond the templates: settings the rules
// read (limits, defaults) and the tier targets.
type Env struct {
	Settings map[string]any
	// Tier forces a tier for every template (--tier); 0 leaves it to the
	// template's Metadata.bulwark.tier, then DefaultTier.
	Tier        int
	DefaultTier int
	Tiers       map[int]estimate.Tier
	// Today decides whether a suppression has expired; zero means now.
	Today time.Time
	// ADRStatus looks up a decision record a suppression cites ("ADR-0007")
	// and returns its status; nil when no ADR folder is known, and then
	// citations are not checked.
	ADRStatus func(id string) (status string, exists bool)

	// nest is set when the source is a nested stack's template (nested.go).
	nest *nesting
}

func (env Env) today() time.Time {
	if env.Today.IsZero() {
		return time.Now()
	}
	return env.Today
}

// DefaultSettings are the values rules fall back to.
func DefaultSettings() map[string]any {
	return map[string]any{
		"account_concurrency_limit":  int64(1000),
		"unreserved_concurrency_min": int64(100),
		"min_backup_retention_days":  int64(7),
	}
}

// inputOf builds the rule input for a template.
func (env Env) inputOf(t *scanners.Template, kind string, w estimate.Workload) ast.Value {
	resources := make(map[string]any, len(t.Resources))
	types := map[string]any{}
	for _, r := range t.Resources {
		doc := map[string]any{"Type": r.Type}
		if r.Properties != nil {
			doc["Properties"] = r.Properties
		}
		if r.Metadata != nil {
			doc["Metadata"] = r.Metadata
		}
		if r.Condition != "" {
			doc["Condition"] = r.Condition
		}
		for k, v := range r.Attributes {
			doc[k] = v
		}
		resources[r.ID] = doc
		ids, _ := types[r.Type].([]any)
		types[r.Type] = append(ids, r.ID)
	}
	settings := DefaultSettings()
	for k, v := range env.Settings {
		settings[k] = v
	}
	in := map[string]any{
		"kind":      kind,
		"file":      t.File,
		"resources": resources,
		"types":     types,
		"settings":  settings,
	}
	if t.Parameters != nil {
		in["parameters"] = t.Parameters
	}
	if t.Metadata != nil {
		in["metadata"] = t.Metadata
	}
	if t.Globals != nil {
		in["globals"] = t.Globals
	}
	if len(t.Schedules) > 0 {
		s := make(map[string]any, len(t.Schedules))
		for expr, sch := range t.Schedules {
			if sch.Error != "" {
				s[expr] = map[string]any{"error": sch.Error}
			} else {
				s[expr] = map[string]any{"interval_seconds": sch.IntervalSeconds}
			}
		}
		in["schedules"] = s
	}
	in["estimates"] = w.Input(env.tiers())
	if level := w.Tier; level != 0 {
		if tier, ok := env.tiers()[level]; ok {
			in["tier"] = map[string]any{"level": int64(level), "rpo_seconds": tier.RPOSeconds, "rto_seconds": tier.RTOSeconds}
		}
	}
	return toValue(in)
}

// Evaluation is the result of evaluating one template.
type Evaluation struct {
	Workload    estimate.Workload
	Findings    []Finding
	Facts       []located
	Diagnostics []scanners.Diagnostic
	// Checked lists the ids of the rules that looked at the template (its
	// resource types and tier selected them, its source did not leave them
	// unchecked), so a report can show a rule with no finding as passed.
	Checked []string
}

// located is a workload fact with the location of what it is about.
type located struct {
	fact         map[string]any
	loc          scanners.Location
	resourceType string
	construct    string // the resource's CDK construct path
	skips        []skipEntry
	nest         *nesting
}

// EvaluateTemplate evaluates a template file: EvaluateSource of a
// template source.
func (e *Engine) EvaluateTemplate(ctx context.Context, t *scanners.Template, env Env) Evaluation {
	return e.EvaluateSource(ctx, &scanners.Source{Template: t, Kind: scanners.KindTemplate}, env, false)
}

// EvaluateSource runs the template-scope rules of the source's kind against
// it and collects the facts of workload-scope rules, all located while the
// template is at hand. The source's settings override env's, unless
// keepSettings (the caller set them explicitly); what the source left
// unchecked is not reported.
func (e *Engine) EvaluateSource(ctx context.Context, src *scanners.Source, env Env, keepSettings bool) Evaluation {
	var ev Evaluation
	t := src.Template
	rs := e.perInput[src.Kind]
	if rs == nil {
		ev.Diagnostics = append(ev.Diagnostics, scanners.Diagnostic{File: t.File, Severity: scanners.SeverityError,
			Message: fmt.Sprintf("unknown kind of input %q", src.Kind)})
		return ev
	}
	present := make(map[string]bool, len(t.Resources))
	for _, r := range t.Resources {
		present[r.Type] = true
	}
	env = sourceEnv(env, src, keepSettings)
	w := env.enrich(src)
	set, err := rs.forTypes(present, src.Profile.Tier)
	if err != nil {
		ev.Diagnostics = append(ev.Diagnostics, scanners.Diagnostic{File: t.File, Severity: scanners.SeverityError,
			Message: fmt.Sprintf("compiling the rules for this template: %v", err)})
		return ev
	}
	ev = e.evaluate(ctx, t, env, set, w)
	for _, rs := range [][]*Rule{set.rules, set.facts} {
		for _, r := range rs {
			// A workload rule collects facts from every kind of source but
			// judges only the kinds it declares.
			if _, unchecked := src.Unchecked[r.ID]; !unchecked && r.AppliesTo(src.Kind) && !slices.Contains(ev.Checked, r.ID) {
				ev.Checked = append(ev.Checked, r.ID)
			}
		}
	}
	if len(src.Unchecked) > 0 {
		kept := ev.Findings[:0]
		for _, f := range ev.Findings {
			if _, unchecked := src.Unchecked[f.RuleID]; !unchecked {
				kept = append(kept, f)
			}
		}
		ev.Findings = kept
	}
	return ev
}

// sourceEnv is env for one source: its settings merged in.
func sourceEnv(env Env, src *scanners.Source, keepSettings bool) Env {
	if src.Parent != nil {
		env.nest = nestingOf(src)
	}
	if len(src.Settings) == 0 {
		return env
	}
	settings := make(map[string]any, len(env.Settings)+len(src.Settings))
	first, second := env.Settings, src.Settings
	if keepSettings {
		first, second = second, first
	}
	for k, v := range first {
		settings[k] = v
	}
	for k, v := range second {
		settings[k] = v
	}
	env.Settings = settings
	return env
}

// evaluate runs one compiled rule set against a template.
func (e *Engine) evaluate(ctx context.Context, t *scanners.Template, env Env, set *preparedSet, w estimate.Workload) Evaluation {
	var ev Evaluation
	ev.Workload = w
	input := env.inputOf(t, set.kind, ev.Workload)
	bindings := e.evalBounded(ctx, set, input, func(r *Rule, err error) {
		ev.Diagnostics = append(ev.Diagnostics, scanners.Diagnostic{File: t.File, Severity: scanners.SeverityError,
			Message: fmt.Sprintf("rule %s (%s) %s", r.ID, r.File, e.failure(err))})
	})
	types := make(map[string]string, len(t.Resources))
	for _, r := range t.Resources {
		types[r.ID] = r.Type
	}
	for i, r := range set.rules {
		for _, raw := range rawFindings(bindings[fmt.Sprintf("r%d", i)]) {
			rt, ok := types[raw.Resource]
			if !ok {
				ev.Diagnostics = append(ev.Diagnostics, scanners.Diagnostic{File: t.File, Severity: scanners.SeverityError,
					Message: fmt.Sprintf("rule %s reported resource %q, which the template does not have", r.ID, raw.Resource)})
				continue
			}
			ev.Findings = append(ev.Findings, newFinding(r, raw, rt, t.Locate(raw.Resource, raw.Path), pathString(raw.Path)))
		}
	}
	if set.strict {
		unverified := func(r *Rule, binding any) {
			for _, raw := range rawFindings(binding) {
				rt, ok := types[raw.Resource]
				if !ok {
					continue
				}
				f := newFinding(r, raw, rt, t.Locate(raw.Resource, raw.Path), pathString(raw.Path))
				f.Title += " (could not be verified)"
				f.Severity = "low"
				f.Message = "could not be verified: " + raw.Message
				f.Fingerprint = FingerprintOf(r.ID+"/unknown", f.File, f.Resource, f.Property)
				ev.Findings = append(ev.Findings, f)
			}
		}
		for i, r := range set.rules {
			unverified(r, bindings[fmt.Sprintf("u%d", i)])
		}
		for i, r := range set.facts {
			unverified(r, bindings[fmt.Sprintf("w%d", i)])
		}
	}
	skips, problems := e.templateSkips(t, env)
	applySkips(ev.Findings, skips)
	ev.Findings = append(ev.Findings, problems...)
	for i := range ev.Findings {
		ev.Findings[i].ConstructPath = constructPath(t, ev.Findings[i].Resource)
	}
	for i := range set.facts {
		facts, _ := bindings[fmt.Sprintf("f%d", i)].([]any)
		for _, f := range facts {
			m, ok := f.(map[string]any)
			if !ok {
				continue
			}
			id, _ := m["resource"].(string)
			path, _ := m["path"].([]any)
			m["file"] = t.File
			ev.Facts = append(ev.Facts, located{fact: m, loc: t.Locate(id, path), resourceType: types[id],
				construct: constructPath(t, id), skips: skips[id], nest: env.nest})
		}
	}
	if env.nest != nil {
		for i := range ev.Findings {
			env.nest.annotate(&ev.Findings[i])
		}
	}
	return ev
}

// evaluateWorkload runs the workload-scope rules over the facts of every
// template evaluated before.
func (e *Engine) evaluateWorkload(ctx context.Context, facts []located) ([]Finding, []scanners.Diagnostic) {
	if len(e.workload.rules) == 0 {
		return nil, nil
	}
	all := make([]any, len(facts))
	index := map[string]located{}
	for i, f := range facts {
		all[i] = f.fact
		file, _ := f.fact["file"].(string)
		id, _ := f.fact["resource"].(string)
		path, _ := f.fact["path"].([]any)
		index[factKey(file, id, path)] = f
		if _, ok := index[factKey(file, id, nil)]; !ok {
			index[factKey(file, id, nil)] = f
		}
	}
	var diags []scanners.Diagnostic
	input := toValue(map[string]any{"kind": "workload", "facts": all})
	bindings := e.evalBounded(ctx, e.workload, input, func(r *Rule, err error) {
		diags = append(diags, scanners.Diagnostic{Severity: scanners.SeverityError, File: r.File,
			Message: fmt.Sprintf("rule %s %s on the workload", r.ID, e.failure(err))})
	})
	var out []Finding
	for i, r := range e.workload.rules {
		for _, raw := range rawFindings(bindings[fmt.Sprintf("r%d", i)]) {
			f, ok := index[factKey(raw.File, raw.Resource, raw.Path)]
			if !ok {
				f, ok = index[factKey(raw.File, raw.Resource, nil)]
			}
			if !ok {
				diags = append(diags, scanners.Diagnostic{Severity: scanners.SeverityError, File: r.File,
					Message: fmt.Sprintf("rule %s reported %s in %q, which no fact describes", r.ID, raw.Resource, raw.File)})
				continue
			}
			found := []Finding{newFinding(r, raw, f.resourceType, f.loc, pathString(raw.Path))}
			found[0].ConstructPath = f.construct
			applySkips(found, map[string][]skipEntry{raw.Resource: f.skips})
			if f.nest != nil {
				f.nest.annotate(&found[0])
			}
			out = append(out, found...)
		}
	}
	return out, diags
}

// constructPath is the CDK construct path of resource id, "" when the
// template does not have it or it was not synthesized by the CDK.
func constructPath(t *scanners.Template, id string) string {
	if r := t.Resource(id); r != nil {
		return r.ConstructPath()
	}
	return ""
}

func factKey(file, id string, path []any) string {
	return file + "\x00" + id + "\x00" + fmt.Sprint(path)
}

func newFinding(r *Rule, raw rawFinding, resourceType string, loc scanners.Location, prop string) Finding {
	return Finding{
		Fingerprint: FingerprintOf(r.ID, loc.File, raw.Resource, prop),
		RuleID:      r.ID, Title: r.Title, Severity: r.Severity, Concern: r.Concern, Status: StatusFail,
		Resource: raw.Resource, ResourceType: resourceType,
		File: loc.File, Line: loc.Line, Column: loc.Column, Property: prop,
		Message: raw.Message, Remediation: r.Remediation, WellArchitected: r.WellArchitected,
		Details: raw.Details,
	}
}

// pathString renders ["Properties", "Subnets", 0] as Properties.Subnets[0].
func pathString(path []any) string {
	var b strings.Builder
	for _, p := range path {
		switch x := p.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(x)
		default:
			fmt.Fprintf(&b, "[%v]", x)
		}
	}
	return b.String()
}

func rawFindings(v any) []rawFinding {
	list, _ := v.([]any)
	out := make([]rawFinding, 0, len(list))
	for _, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			continue
		}
		var f rawFinding
		f.Resource, _ = m["resource"].(string)
		f.File, _ = m["file"].(string)
		f.Path, _ = m["path"].([]any)
		f.Message, _ = m["message"].(string)
		f.Details, _ = m["details"].(map[string]any)
		out = append(out, f)
	}
	return out
}

func (s *preparedSet) eval(ctx context.Context, input ast.Value) (map[string]any, error) {
	rs, err := s.query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return map[string]any{}, nil
	}
	out := make(map[string]any, len(rs[0].Bindings))
	for k, v := range rs[0].Bindings {
		out[k] = v
	}
	return out, nil
}

// evalBounded evaluates a rule set under the engine's deadline. When the
// combined query fails (a rule errs, or the deadline passes) it falls back
// to rule by rule, so the failing rule is named and the others still
// report; the fallback shares one more deadline, so a template costs at
// most twice the limit, and the rule running when it passes is named.
func (e *Engine) evalBounded(ctx context.Context, set *preparedSet, input ast.Value, report func(*Rule, error)) map[string]any {
	qctx, cancel := context.WithTimeout(ctx, e.timeout)
	bindings, err := set.eval(qctx, input)
	cancel()
	if err == nil {
		return bindings
	}
	fctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	return set.evalEach(fctx, input, report)
}

// failure describes why a rule failed: its error, or the deadline.
func (e *Engine) failure(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("did not finish within the evaluation time limit of %s and was stopped (a runaway rule; if it is only slow, raise --eval-timeout or eval_timeout)", e.timeout)
	case errors.Is(err, context.Canceled):
		return "was cancelled"
	}
	return fmt.Sprintf("failed: %v", err)
}

// evalEach evaluates rule by rule, reporting the ones that fail, so one
// broken rule cannot hide the findings of the others. It is the slow path,
// taken only after the combined query failed. Once ctx is done, the rule
// that was running is reported with ctx's error and the rest are skipped:
// they could only fail the same way.
func (s *preparedSet) evalEach(ctx context.Context, input ast.Value, report func(*Rule, error)) map[string]any {
	out := map[string]any{}
	stopped := false
	one := func(binding string, r *Rule, doc string) {
		if stopped {
			return
		}
		rs, err := rego.New(rego.Query("x = data."+r.Package+"."+doc), rego.Compiler(s.compiler),
			rego.Capabilities(capabilities), rego.ParsedInput(input)).Eval(ctx)
		if err != nil {
			if ctx.Err() != nil {
				stopped = true
				err = ctx.Err()
			}
			report(r, err)
			return
		}
		if len(rs) > 0 {
			out[binding] = rs[0].Bindings["x"]
		}
	}
	for i, r := range s.rules {
		one(fmt.Sprintf("r%d", i), r, "deny")
	}
	for i, r := range s.facts {
		one(fmt.Sprintf("f%d", i), r, "facts")
	}
	if s.strict {
		for i, r := range s.rules {
			if r.HasUnknowns {
				one(fmt.Sprintf("u%d", i), r, "unknowns")
			}
		}
		for i, r := range s.facts {
			if r.HasUnknowns {
				one(fmt.Sprintf("w%d", i), r, "unknowns")
			}
		}
	}
	return out
}
