package rules

import (
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/config"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/bulwarkhq/bulwark/scanners"
)

// skipEntry is one parsed Metadata.bulwark.skip item of a resource.
type skipEntry struct {
	ruleID string
	supp   Suppression
}

// templateSkips reads every resource's Metadata.bulwark.skip, returns the
// suppressions that take effect and a finding for each that does not.
func (e *Engine) templateSkips(t *scanners.Template, env Env) (map[string][]skipEntry, []Finding) {
	valid := map[string][]skipEntry{}
	var problems []Finding
	for _, r := range t.Resources {
		b, _ := r.Metadata["bulwark"].(map[string]any)
		raw, ok := b["skip"]
		if !ok {
			continue
		}
		list, isList := raw.([]any)
		if !isList {
			loc := t.Locate(r.ID, []any{"Metadata", "bulwark", "skip"})
			problems = append(problems, e.governance("BW-GOV-004", r.ID, r.Type, loc, "Metadata.bulwark.skip",
				fmt.Sprintf("Metadata.bulwark.skip of %s is not a list of suppressions", r.ID)))
			continue
		}
		for i, item := range list {
			p := []any{"Metadata", "bulwark", "skip", i}
			loc := t.Locate(r.ID, p)
			prop := pathString(p)
			m, _ := item.(map[string]any)
			id, _ := m["id"].(string)
			if id == "" {
				problems = append(problems, e.governance("BW-GOV-004", r.ID, r.Type, loc, prop,
					fmt.Sprintf("suppression %d of %s has no rule id", i+1, r.ID)))
				continue
			}
			s := Suppression{Kind: "template"}
			s.Reason, _ = m["reason"].(string)
			s.ADR, _ = m["adr"].(string)
			s.Expires = fmt.Sprint(orEmpty(m["expires"]))
			if f := e.checkSuppression(id, s, env, r.ID); f != nil {
				f.Resource, f.ResourceType, f.File, f.Line, f.Column, f.Property = r.ID, r.Type, loc.File, loc.Line, loc.Column, prop
				f.Fingerprint = FingerprintOf(f.RuleID, f.File, f.Resource, prop)
				problems = append(problems, *f)
				continue
			}
			valid[r.ID] = append(valid[r.ID], skipEntry{ruleID: id, supp: s})
		}
	}
	return valid, e.reported(problems)
}

// reported drops the governance findings of rules that do not run: a
// void suppression stays void (what a selected rule reports does not
// depend on which other rules run), it is only not reported.
func (e *Engine) reported(problems []Finding) []Finding {
	return slices.DeleteFunc(problems, func(f Finding) bool { return e.off[f.RuleID] })
}

func orEmpty(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// checkSuppression returns the governance finding that makes a suppression
// void, or nil when it takes effect. Location fields are left to the caller.
func (e *Engine) checkSuppression(ruleID string, s Suppression, env Env, subject string) *Finding {
	today := env.today()
	var f Finding
	switch {
	case ruleID == "":
		f = e.governance("BW-GOV-004", "", "", scanners.Location{}, "",
			fmt.Sprintf("%s has no rule id, so it does not take effect", subject))
	case isPattern(ruleID):
		f = e.governance("BW-GOV-003", "", "", scanners.Location{}, "",
			fmt.Sprintf("suppression on %s: rule id pattern %s matches no rule; ids are exact%s", subject, ruleID, e.idsLike(ruleID)))
	case e.byID[ruleID] == nil:
		f = e.governance("BW-GOV-003", "", "", scanners.Location{}, "",
			fmt.Sprintf("suppression on %s names rule %s, which does not exist", subject, ruleID))
	case strings.TrimSpace(s.Reason) == "":
		f = e.governance("BW-GOV-001", "", "", scanners.Location{}, "",
			fmt.Sprintf("suppression of %s on %s has no reason, so it does not take effect", ruleID, subject))
	case s.Expires != "":
		exp, err := time.Parse(time.DateOnly, s.Expires)
		if err != nil {
			f = e.governance("BW-GOV-004", "", "", scanners.Location{}, "",
				fmt.Sprintf("suppression of %s on %s: expires %q is not a date like 2027-01-31", ruleID, subject, s.Expires))
		} else if today.After(exp.Add(24*time.Hour - time.Nanosecond)) {
			f = e.governance("BW-GOV-002", "", "", scanners.Location{}, "",
				fmt.Sprintf("suppression of %s on %s expired on %s: the finding counts again", ruleID, subject, s.Expires))
		} else {
			return e.checkADR(ruleID, s, env, subject)
		}
	default:
		return e.checkADR(ruleID, s, env, subject)
	}
	return &f
}

// isPattern reports whether a rule id is written as a glob. Rule ids are
// matched exactly, so such a suppression can never match: an accepted risk
// names each rule it accepts.
func isPattern(ruleID string) bool { return strings.ContainsAny(ruleID, "*?[{") }

// idsLike names, as a hint, the rules a pattern was probably meant to cover.
func (e *Engine) idsLike(pattern string) string {
	var ids []string
	for id := range e.byID {
		if ok, _ := doublestar.Match(pattern, id); ok {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	sort.Strings(ids)
	if len(ids) > 5 {
		ids = append(ids[:5], "...")
	}
	return " (write one suppression per rule: " + strings.Join(ids, ", ") + ")"
}

// checkADR voids a suppression whose cited decision record is missing or
// not Accepted, when the ADR folder is known.
func (e *Engine) checkADR(ruleID string, s Suppression, env Env, subject string) *Finding {
	if s.ADR == "" || env.ADRStatus == nil {
		return nil
	}
	status, ok := env.ADRStatus(s.ADR)
	var msg string
	switch {
	case !ok:
		msg = fmt.Sprintf("suppression of %s on %s cites %s, which is not in the ADR folder", ruleID, subject, s.ADR)
	case status != "Accepted":
		msg = fmt.Sprintf("suppression of %s on %s cites %s, whose status is %q, not Accepted", ruleID, subject, s.ADR, status)
	default:
		return nil
	}
	f := e.governance("BW-GOV-005", "", "", scanners.Location{}, "", msg)
	return &f
}

func (e *Engine) governance(id, resource, resourceType string, loc scanners.Location, prop, msg string) Finding {
	r := e.byID[id]
	return newFinding(r, rawFinding{Resource: resource, Message: msg}, resourceType, loc, prop)
}

// applySkips marks the findings a valid template suppression covers.
func applySkips(findings []Finding, skips map[string][]skipEntry) {
	for i := range findings {
		f := &findings[i]
		for _, s := range skips[f.Resource] {
			if s.ruleID == f.RuleID && f.Status == StatusFail {
				supp := s.supp
				f.Status, f.Suppression = StatusSuppressed, &supp
			}
		}
	}
}

// applyConfigSuppressions marks findings covered by the config file's
// suppressions and returns a governance finding for each void suppression.
// Files and audits alike (an audit's files are aws://ACCOUNT/REGION[/STACK]).
func (e *Engine) applyConfigSuppressions(findings []Finding, list []config.Suppression, configPath string, env Env) []Finding {
	var problems []Finding
	var act []config.Suppression
	for _, s := range list {
		supp := Suppression{Kind: "config", Reason: s.Reason, ADR: s.ADR, Expires: s.Expires}
		if f := e.checkSuppression(s.Rule, supp, env, "config suppression"); f != nil {
			f.File, f.Line, f.Column = configPath, s.Line, 0
			f.Fingerprint = FingerprintOf(f.RuleID, configPath, "", suppressionKey(s))
			problems = append(problems, *f)
			continue
		}
		act = append(act, s)
	}
	for i := range findings {
		f := &findings[i]
		if f.Status != StatusFail || strings.HasPrefix(f.RuleID, "BW-GOV-") {
			continue
		}
		for _, s := range act {
			if s.Rule == f.RuleID && s.Covers(f.Resource, f.File, f.ConstructPath) {
				f.Status = StatusSuppressed
				f.Suppression = &Suppression{Kind: "config", Reason: s.Reason, ADR: s.ADR, Expires: s.Expires}
				break
			}
		}
	}
	return e.reported(problems)
}

// suppressionKey identifies a config suppression in the fingerprint of a
// finding about it; a construct glob is added only when set, so the
// fingerprints of suppressions without one stay as they were.
func suppressionKey(s config.Suppression) string {
	key := fmt.Sprintf("suppressions[%s/%s/%s", s.Rule, s.Resource, s.File)
	if s.Construct != "" {
		key += "/" + s.Construct
	}
	return key + "]"
}
