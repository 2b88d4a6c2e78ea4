package rules

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// RulePattern is a rule id or a doublestar glob over rule ids
// ("BW-PITR-*"), with where it was written, for error messages ("--rule",
// "config .bulwark.yaml: only_rules").
type RulePattern struct {
	Pattern string
	From    string
}

// Selection says which rules a run evaluates: Only (when not empty) keeps
// the rules an entry matches, then Skip drops those an entry matches (skip
// wins). Every entry must match at least one loaded rule: a typo must not
// silently turn a check off, or leave the gate checking nothing.
type Selection struct {
	Only []RulePattern
	Skip []RulePattern
}

// selected returns the ids the selection leaves on, or an error naming
// the first entry that matches no rule, or saying that nothing is left.
func (s Selection) selected(rules []*Rule) (map[string]bool, error) {
	match := func(p RulePattern) ([]string, error) {
		if !doublestar.ValidatePattern(p.Pattern) {
			return nil, fmt.Errorf("%s %q: not a valid pattern (an unclosed [ or {, or a trailing \\)", p.From, p.Pattern)
		}
		var ids []string
		for _, r := range rules {
			if ok, _ := doublestar.Match(p.Pattern, r.ID); ok {
				ids = append(ids, r.ID)
			}
		}
		if len(ids) == 0 {
			what := "no rule has the id"
			if strings.ContainsAny(p.Pattern, "*?[{") {
				what = "the pattern matches no rule"
			}
			return nil, fmt.Errorf("%s %s: %s (see `bulwark rules list`)", p.From, p.Pattern, what)
		}
		return ids, nil
	}
	on := map[string]bool{}
	for _, r := range rules {
		on[r.ID] = len(s.Only) == 0
	}
	for _, p := range s.Only {
		ids, err := match(p)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			on[id] = true
		}
	}
	for _, p := range s.Skip {
		ids, err := match(p)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			on[id] = false
		}
	}
	for _, v := range on {
		if v {
			return on, nil
		}
	}
	return nil, fmt.Errorf("the rule selection (%s) leaves no rule to run", s.describe())
}

// describe lists the selection's entries for a message.
func (s Selection) describe() string {
	var parts []string
	for _, p := range s.Only {
		parts = append(parts, p.From+" "+p.Pattern)
	}
	for _, p := range s.Skip {
		parts = append(parts, p.From+" "+p.Pattern)
	}
	return strings.Join(parts, ", ")
}

// Selected returns the rules this engine evaluates (all loaded rules but
// the disabled and unselected ones), sorted by id: the rules a report says
// were checked.
func (e *Engine) Selected() []*Rule {
	out := make([]*Rule, 0, len(e.rules))
	for _, r := range e.rules {
		if !e.off[r.ID] {
			out = append(out, r)
		}
	}
	return out
}
