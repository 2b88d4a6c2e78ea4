package scanners

import (
	"encoding/json"

	"go.yaml.in/yaml/v3"
)

// The AWS::LanguageExtensions transform ("AWS::LanguageExtensions
// transform", AWS CloudFormation Template Reference) adds Fn::ForEach
// (foreach.go), Fn::Length, Fn::ToJsonString, Fn::FindInMap's
// DefaultValue, and intrinsics in DeletionPolicy and UpdateReplacePolicy
// (resolved like any attribute, see buildResources). It is declared at the
// top level as a literal string, alone or in a list of transforms.

// langExt is what expanding the language extensions hands to the loader.
type langExt struct {
	top   *yaml.Node // the document with its loops expanded
	diags []Diagnostic
	// unexpanded holds the resources with a property loop that was not
	// expanded: their properties are unknown, so they are not evaluated.
	unexpanded map[string]bool
	// conditionsUnknown: a loop in Conditions was not expanded, so a
	// condition that is not defined may be one it would generate.
	conditionsUnknown bool
	steps             int // the expansion's work (tests)
}

// usesLanguageExtensions reports whether the Transform declaration (a
// string or a list) names AWS::LanguageExtensions.
func usesLanguageExtensions(n *yaml.Node) bool {
	n = deref(n)
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return n.Value == languageExtName
	}
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			if c = deref(c); c.Kind == yaml.ScalarNode && c.Value == languageExtName {
				return true
			}
		}
	}
	return false
}

// expandLanguageExtensions expands the Fn::ForEach loops of a template's
// top-level mapping: Conditions first (the other sections' collections may
// use conditions), then Resources and Outputs. Collections resolve against
// the template's Parameters (defaults and --param values), Mappings and
// Conditions. Everything it copies is drawn from the template's budget b;
// when that runs out, b is marked exceeded and diags say where.
func expandLanguageExtensions(file string, top *yaml.Node, opts Options, b *budget) *langExt {
	lx := &langExt{top: top, unexpanded: map[string]bool{}}
	if !hasLoop(top, map[*yaml.Node]bool{}) {
		return lx
	}
	// Parameters and Mappings are converted here for the collections, and
	// again with the whole document; their diagnostics come from that.
	conv := &converter{file: file, budget: b}
	doc := map[string]any{}
	for _, name := range []string{"Parameters", "Mappings"} {
		if n := mappingValue(top, name); n != nil {
			doc[name] = conv.convert(n, 0)
		}
	}
	if conv.fatal {
		lx.diags = errorsOnly(conv.diags)
		return lx
	}
	e := &expander{file: file, budget: b, unexpanded: lx.unexpanded}
	e.r = newResolver(file, doc, opts, b)
	out := *top
	out.Content = append([]*yaml.Node(nil), top.Content...)
	for _, name := range []string{"Conditions", "Resources", "Outputs"} {
		i := lastKey(top, name)
		if i < 0 || b.exceeded {
			continue
		}
		expanded := e.expandSection(name, top.Content[i+1])
		out.Content[i+1] = expanded
		if name == "Conditions" {
			lx.conditionsUnknown = e.failed
			c := &converter{file: file, budget: b}
			e.r.condDefs, _ = c.convert(expanded, 0).(map[string]any)
			e.r.conditionsNode = expanded
		}
	}
	lx.top = &out
	lx.diags = dedupe(e.diags)
	lx.steps = e.steps
	return lx
}

// lastKey is the index of key's last occurrence in mapping n (the one in
// use), or -1.
func lastKey(n *yaml.Node, key string) int {
	for i := len(n.Content) - 2; i >= 0; i -= 2 {
		if n.Content[i].Value == key {
			return i
		}
	}
	return -1
}

func errorsOnly(diags []Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, d := range diags {
		if d.Severity == SeverityError {
			out = append(out, d)
		}
	}
	return out
}

// dedupe drops repeated diagnostics: a loop nested in another is expanded
// once per outer item and would say the same thing each time.
func dedupe(diags []Diagnostic) []Diagnostic {
	seen := map[Diagnostic]bool{}
	out := diags[:0]
	for _, d := range diags {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// length resolves Fn::Length: the number of items of a list, or of what
// an intrinsic resolves to. An item that may still turn into AWS::NoValue
// (an unresolved Fn::If or Fn::FindInMap) leaves the length unknown.
func (r *resolver) length(arg any) any {
	const name = "Fn::Length"
	v := r.resolveArg(name, arg)
	list, ok := v.([]any)
	if !ok {
		return r.call(name, v)
	}
	for _, item := range list {
		if m, ok := item.(map[string]any); ok && (m["Fn::If"] != nil || m["Fn::FindInMap"] != nil) && isIntrinsicMap(m) {
			return r.call(name, v)
		}
	}
	return int64(len(list))
}

// toJSONString resolves Fn::ToJsonString: an object or list, once fully
// known, as compact JSON. Keys come out sorted (CloudFormation's order is
// not documented; rules compare the parsed value, not the text).
func (r *resolver) toJSONString(arg any) any {
	const name = "Fn::ToJsonString"
	v := r.resolveArg(name, arg)
	switch v.(type) {
	case map[string]any, []any:
	default:
		return r.call(name, v)
	}
	if containsIntrinsic(v) {
		return r.call(name, v)
	}
	out, err := json.Marshal(v)
	if err != nil || len(out) > maxBuiltString {
		return r.call(name, v)
	}
	if !r.take(0, int64(len(out)), name) {
		return nil
	}
	return string(out)
}

// containsIntrinsic reports whether an unresolved intrinsic is anywhere in v.
func containsIntrinsic(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		if isIntrinsicMap(x) {
			return true
		}
		for _, e := range x {
			if containsIntrinsic(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if containsIntrinsic(e) {
				return true
			}
		}
	}
	return false
}

// findInMapDefault resolves Fn::FindInMap's fourth argument, {DefaultValue:
// v}: found reports whether it has one. v may be noValue (AWS::NoValue
// removes the key that holds the Fn::FindInMap).
func (r *resolver) findInMapDefault(args []any) (v any, found bool) {
	if len(args) != 4 {
		return nil, false
	}
	d, ok := args[3].(map[string]any)
	if !ok || len(d) != 1 {
		return nil, false
	}
	raw, ok := d["DefaultValue"]
	if !ok {
		return nil, false
	}
	r.pushKey("Fn::FindInMap")
	r.pushIndex(3)
	r.pushKey("DefaultValue")
	v = r.resolve(raw)
	r.pop()
	r.pop()
	r.pop()
	return v, true
}
