package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

var waID = regexp.MustCompile(`^REL(0[1-9]|1[0-3])-BP[0-9]{2}$`)

// ruleFromAnnotation validates and decodes a package-scope annotation.
func ruleFromAnnotation(file, pkg string, a *ast.Annotations) (*Rule, error) {
	c := a.Custom
	r := &Rule{
		Title:       strings.TrimSpace(a.Title),
		Description: strings.TrimSpace(a.Description),
		Package:     pkg,
		File:        file,
		Scope:       "template",
		Inputs:      []string{"template", "account"},
	}
	var problems []string
	if a.Location != nil {
		if keys := unknownMetadataKeys(string(a.Location.Text)); len(keys) > 0 {
			problems = append(problems, unknownKeysProblem(keys))
		}
	}
	str := func(key string, required bool) string {
		v, ok := c[key]
		if !ok {
			if required {
				problems = append(problems, fmt.Sprintf("custom.%s is missing", key))
			}
			return ""
		}
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" {
			problems = append(problems, fmt.Sprintf("custom.%s must be a non-empty string", key))
		}
		return strings.TrimSpace(s)
	}
	list := func(key string) []string {
		v, ok := c[key]
		if !ok {
			return nil
		}
		switch x := v.(type) {
		case string:
			return []string{x}
		case []any:
			out := make([]string, 0, len(x))
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					problems = append(problems, fmt.Sprintf("custom.%s must be a list of strings", key))
					return nil
				}
				out = append(out, s)
			}
			return out
		}
		problems = append(problems, fmt.Sprintf("custom.%s must be a list of strings", key))
		return nil
	}
	r.ID = str("id", true)
	r.Severity = str("severity", true)
	r.Concern = str("concern", true)
	r.Remediation = str("remediation", true)
	r.WellArchitected = list("well_architected")
	r.ResourceTypes = list("resource_types")
	if in := list("inputs"); in != nil {
		r.Inputs = in
	}
	if s := str("scope", false); s != "" {
		r.Scope = s
	}
	if r.Title == "" {
		problems = append(problems, "title is missing")
	}
	if r.Severity != "" && SeverityRank(r.Severity) < 0 {
		problems = append(problems, fmt.Sprintf("severity %q is not one of %s", r.Severity, strings.Join(Severities, ", ")))
	}
	if r.Concern != "" && !slices.Contains(Concerns, r.Concern) {
		problems = append(problems, fmt.Sprintf("concern %q is not one of %s", r.Concern, strings.Join(Concerns, ", ")))
	}
	if len(r.WellArchitected) == 0 {
		problems = append(problems, "custom.well_architected is missing")
	}
	for _, w := range r.WellArchitected {
		if !waID.MatchString(w) {
			problems = append(problems, fmt.Sprintf("well_architected %q is not a reliability best-practice id like REL09-BP01", w))
		}
	}
	for _, in := range r.Inputs {
		if in != "template" && in != "account" {
			problems = append(problems, fmt.Sprintf("inputs %q is not template or account", in))
		}
	}
	if r.Scope != "template" && r.Scope != "workload" {
		problems = append(problems, fmt.Sprintf("scope %q is not template or workload", r.Scope))
	}
	if t, ok := c["tiers"]; ok {
		arr, _ := t.([]any)
		for _, x := range arr {
			i, ok := wholeNumber(x)
			if !ok || i < 1 || i > 4 {
				problems = append(problems, "custom.tiers must be a list of tier numbers 1-4")
				break
			}
			r.Tiers = append(r.Tiers, int(i))
		}
	}
	if len(problems) > 0 {
		line := 0
		if a.Location != nil {
			line = a.Location.Row
		}
		return nil, fmt.Errorf("%s:%d: rule metadata: %s", file, line, strings.Join(problems, "; "))
	}
	return r, nil
}

// wholeNumber reads a number decoded from YAML or JSON, whatever its Go type.
func wholeNumber(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case float64:
		return int64(x), x == float64(int64(x))
	case interface{ Int64() (int64, error) }:
		i, err := x.Int64()
		return i, err == nil
	}
	return 0, false
}
