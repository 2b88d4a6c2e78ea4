package estimate

import (
	"strconv"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
)

func prop(r *scanners.Resource, path ...string) any {
	var v any = r.Properties
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func isIntrinsic(v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") || strings.HasPrefix(k, "Rain::")
	}
	return false
}

// truth reads a CloudFormation boolean: true, false, or unknown (nil). It
// decides as lib.is_true and lib.is_false do in Rego (TestTruthAgreesWithLib
// holds the two together): a boolean, or the string "true"/"false" in any
// case.
// Truth is the one reading of a boolean bulwark has: what lib.is_true and
// lib.is_false decide in Rego (a test holds the two together); nil when v
// is not a clear boolean.
func Truth(v any) *bool { return truth(v, false) }

func truth(v any, def bool) *bool {
	switch x := v.(type) {
	case nil:
		return boolp(def)
	case bool:
		return boolp(x)
	case string:
		switch strings.ToLower(x) {
		case "true":
			return boolp(true)
		case "false":
			return boolp(false)
		}
	}
	return nil
}

func num(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// refersTo lists the logical ids a value refers to (Ref, GetAtt, Sub).
func refersTo(v any, ids map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["Ref"].(string); ok && len(x) == 1 {
			ids[s] = true
		}
		if g, ok := x["Fn::GetAtt"].([]any); ok && len(g) > 0 {
			if s, ok := g[0].(string); ok {
				ids[s] = true
			}
		}
		if sub, ok := x["Fn::Sub"]; ok {
			var tmpl string
			switch s := sub.(type) {
			case string:
				tmpl = s
			case []any:
				if len(s) > 0 {
					tmpl, _ = s[0].(string)
				}
			}
			for _, part := range strings.Split(tmpl, "${")[1:] {
				if end := strings.IndexByte(part, '}'); end > 0 {
					name, _, _ := strings.Cut(part[:end], ".")
					ids[name] = true
				}
			}
		}
		for _, e := range x {
			refersTo(e, ids)
		}
	case []any:
		for _, e := range x {
			refersTo(e, ids)
		}
	}
}

// ResourceTier reads a resource's own reliability-tier tag (list or map
// form); 0 when it has none.
func ResourceTier(r *scanners.Resource) int {
	var value any
	switch tags := prop(r, "Tags").(type) {
	case []any:
		for _, t := range tags {
			m, _ := t.(map[string]any)
			if k, _ := m["Key"].(string); k == "reliability-tier" {
				value = m["Value"]
			}
		}
	case map[string]any:
		value = tags["reliability-tier"]
	}
	return ParseTier(value)
}

// ParseTier reads a tier written as 1-4, "tier-2", "Tier 3" or a tier's
// name ("critical"); 0 when it is none of these.
func ParseTier(v any) int {
	switch x := v.(type) {
	case int64:
		if x >= 1 && x <= 4 {
			return int(x)
		}
	case string:
		s := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(x)), "tier"), "-")
		s = strings.TrimSpace(s)
		for level, t := range DefaultTiers {
			if s == t.Name || s == strconv.Itoa(level) {
				return level
			}
		}
	}
	return 0
}

// ---- the estimator ----

func orDefault(v, def any) any {
	if v == nil {
		return def
	}
	return v
}
