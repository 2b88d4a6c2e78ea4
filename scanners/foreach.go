package scanners

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Fn::ForEach (AWS::LanguageExtensions) is expanded on the node tree,
// before the template is converted: every generated key and value is a
// copy of the loop body's node with its line and column, so the rest of the
// loader (resolution, SAM Globals, locating findings) sees ordinary
// resources whose lines are the lines of the loop body that made them.
//
// Semantics, from the Fn::ForEach reference (AWS CloudFormation Template
// Reference, "Fn::ForEach") and the language-extensions RFC 0009:
//   - `Fn::ForEach::<LoopName>: [Identifier, Collection, {OutputKey: OutputValue}]`
//     is allowed in the Conditions, Outputs and Resources sections and inside
//     resource properties, where it adds keys to the enclosing mapping;
//   - every `${Identifier}` in keys and values is replaced by the item, every
//     `&{Identifier}` by the item stripped of non-alphanumeric characters,
//     and `Ref: Identifier` by the item;
//   - the Collection is a list, or a Ref to a CommaDelimitedList parameter
//     (bulwark resolves any intrinsic the resolver can: Fn::FindInMap,
//     Fn::Split, ...);
//   - loops nest (RFC 0009: "up to 5 nested Fn::ForEach"), each with its
//     own identifier;
//   - the quotas apply to the resulting template ("Using Fn::ForEach does not
//     change the quotas, which apply to the resultant template").

// maxLoopDepth is how deep loops nest. RFC 0009 ("Can customers use
// multiple nested Fn::ForEach?"): up to 5 nested Fn::ForEach loops.
const maxLoopDepth = 5

// CloudFormation quotas that apply to the transformed template ("Understand
// CloudFormation quotas", AWS CloudFormation User Guide): a template of at
// most 1 MB, at most 500 resources and 200 outputs, and logical ids of at
// most 255 characters. A loop that would pass them is an error. The size
// quota also bounds what loops can make bulwark build: what they generate
// is counted as the least it takes in minified JSON, so a loop stops
// before it has built more than about half a million nodes.
const (
	quotaTemplate   = 1 << 20 // bytes: "Template body size in an Amazon S3 object", 1 MB
	quotaResources  = 500
	quotaOutputs    = 200
	quotaLogicalID  = 255
	forEachPrefix   = "Fn::ForEach::"
	languageExtName = "AWS::LanguageExtensions"
)

// position says what the keys of a mapping are, and so whether a loop
// among them is expanded.
type position int

const (
	inPlain      position = iota // a value: loops are not allowed, copied as they are
	inSection                    // the entries of Resources, Outputs or Conditions
	inResource                   // a resource's body: its Properties hold loops
	inProperties                 // any mapping under a resource's Properties
)

// expander expands the loops of one template.
type expander struct {
	file    string
	budget  *budget
	r       *resolver // resolves collections
	diags   []Diagnostic
	nodes   int    // nodes copied so far
	size    int    // the least size in JSON of what loops generated, in bytes
	steps   int    // nodes copied, keys merged, items and bytes substituted: the work TestForEachScalesLinearly holds linear
	section string // the section being expanded
	// resource is the resource whose body is being copied; unexpanded
	// collects those with a property loop that could not be expanded:
	// their properties are unknown, so they are not evaluated.
	resource   string
	unexpanded map[string]bool
	// failed is set when a loop of the section was left as written (in
	// Conditions: a condition it would define is unknown, not undefined).
	failed bool
}

// env maps the identifiers of the enclosing loops to their current items.
type env map[string]string

// pair is one entry of a mapping being built; loop is the key of the loop
// that generated it (nil for an entry as written).
type pair struct{ k, v, loop *yaml.Node }

func (e *expander) errorf(n *yaml.Node, format string, args ...any) {
	e.diags = append(e.diags, Diagnostic{File: e.file, Line: n.Line, Column: n.Column,
		Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
}

func (e *expander) warnf(n *yaml.Node, format string, args ...any) {
	e.diags = append(e.diags, Diagnostic{File: e.file, Line: n.Line, Column: n.Column,
		Severity: SeverityWarning, Message: fmt.Sprintf(format, args...)})
}

// stop ends the expansion with an error at n: the budget is marked
// exceeded, so the template is not evaluated.
func (e *expander) stop(n *yaml.Node, loop, format string, args ...any) {
	if !e.budget.exceeded {
		e.budget.take(e.budget.maxValues+1, 0, loop, nil)
		e.errorf(n, format, args...)
	}
}

// take draws one node holding bytes from the budget and the node count;
// false (with an error at n) when either runs out.
func (e *expander) take(n *yaml.Node, loop string, bytes int) bool {
	if e.budget.exceeded {
		return false
	}
	if loop != "" {
		// At least the value's bytes and two more: quotes, a comma, a colon,
		// brackets.
		e.size += bytes + 2
		if e.size > quotaTemplate {
			e.stop(n, loop, "%s: the Fn::ForEach loops generate more than %d bytes of template, above CloudFormation's 1 MB quota for a template (it applies to the transformed template); the template is not evaluated", loop, quotaTemplate)
			return false
		}
	} else {
		loop = "Fn::ForEach"
	}
	e.nodes++
	e.steps++
	if e.nodes > maxNodes {
		e.stop(n, loop, "%s: the loops expand the template to more than %d nodes: the template expands without bound", loop, maxNodes)
		return false
	}
	if !e.budget.take(1, int64(bytes), loop, nil) {
		e.errorf(n, "%s", e.budget.message())
		return false
	}
	return true
}

// expandSection expands the loops among the entries of a section mapping,
// returning the mapping to use instead (n itself when it holds no loop).
func (e *expander) expandSection(name string, n *yaml.Node) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode || !hasLoop(n, map[*yaml.Node]bool{}) {
		return n
	}
	e.section, e.failed = name, false
	out := e.mapping(n, env{}, inSection, "", 0)
	if out == nil {
		return n
	}
	e.checkQuota(name, n, out)
	return out
}

// checkQuota reports a section that the loops made larger than its quota.
func (e *expander) checkQuota(name string, before, after *yaml.Node) {
	quota := map[string]int{"Resources": quotaResources, "Outputs": quotaOutputs}[name]
	if quota == 0 || len(after.Content)/2 <= quota {
		return
	}
	at := before // the first loop: the entries as written may be within the quota
	for i := 0; i+1 < len(before.Content); i += 2 {
		if strings.HasPrefix(before.Content[i].Value, forEachPrefix) {
			at = before.Content[i]
			break
		}
	}
	e.errorf(at, "%s: with its Fn::ForEach loops expanded the section has %d entries, above CloudFormation's quota of %d %s per template",
		name, len(after.Content)/2, quota, strings.ToLower(name))
}

// childPos is the position of the value under key in a mapping at pos.
func (e *expander) childPos(pos position, key string) position {
	switch pos {
	case inSection:
		if e.section == "Resources" {
			return inResource
		}
	case inResource:
		if key == "Properties" {
			return inProperties
		}
	case inProperties:
		return inProperties
	}
	return inPlain
}

func isLoopKey(k *yaml.Node, pos position) bool {
	return (pos == inSection || pos == inProperties) && k.Kind == yaml.ScalarNode && strings.HasPrefix(k.Value, forEachPrefix)
}

// mapping copies mapping n (at pos) with the identifiers of en
// substituted and its loops expanded into its entries. A loop that cannot
// be expanded stays as written. nil when the budget ran out.
func (e *expander) mapping(n *yaml.Node, en env, pos position, loop string, depth int) *yaml.Node {
	if !e.take(n, loop, 0) {
		return nil
	}
	pairs, _ := e.entries(n, en, pos, true, loop, depth)
	if e.budget.exceeded {
		return nil
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: n.Tag, Style: n.Style, Line: n.Line, Column: n.Column,
		Content: make([]*yaml.Node, 0, 2*len(pairs))}
	seen := make(map[string]pair, len(pairs))
	for _, p := range pairs {
		e.steps++
		if prev, dup := seen[p.k.Value]; dup && (p.loop != nil || prev.loop != nil) {
			// CloudFormation rejects the template; the first one is kept.
			by := func(q pair) string {
				if q.loop == nil {
					return fmt.Sprintf("line %d", q.k.Line)
				}
				return fmt.Sprintf("%s (line %d)", q.loop.Value, q.k.Line)
			}
			e.errorf(p.k, "%q is defined twice, by %s and by %s", p.k.Value, by(prev), by(p))
			continue
		}
		seen[p.k.Value] = p
		if p.loop != nil && pos == inSection && e.section != "Conditions" {
			e.checkLogicalID(p)
		}
		out.Content = append(out.Content, p.k, p.v)
	}
	return out
}

// checkLogicalID: a generated resource or output id must be a valid
// logical id (alphanumeric, at most 255 characters): `${X}` of an item
// with a hyphen makes one that CloudFormation rejects (`&{X}` is the form
// that strips such characters).
func (e *expander) checkLogicalID(p pair) {
	id := p.k.Value
	if !isAlphanumeric(id) {
		e.errorf(p.k, "%s generates the logical id %q, which is not alphanumeric (use &{Identifier} to drop other characters)", p.loop.Value, id)
	} else if len(id) > quotaLogicalID {
		e.errorf(p.k, "%s generates a logical id of %d characters, above CloudFormation's limit of %d", p.loop.Value, len(id), quotaLogicalID)
	}
}

// entries copies the entries of mapping n (at pos), expanding its loops in
// place. A loop that cannot be expanded is kept as written when keep is
// set; otherwise entries stops and returns ok=false (the enclosing loop is
// then not expanded either).
func (e *expander) entries(n *yaml.Node, en env, pos position, keep bool, loop string, depth int) (pairs []pair, ok bool) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if isLoopKey(k, pos) {
			generated, ok := e.loop(k, v, en, pos)
			if e.budget.exceeded {
				return nil, false
			}
			if ok {
				pairs = append(pairs, generated...)
				continue
			}
			if !keep {
				return nil, false
			}
			if pos == inProperties && e.resource != "" {
				e.unexpanded[e.resource] = true
			}
			e.failed = true
			cv := e.copy(v, en, inPlain, loop, depth+1)
			if cv == nil {
				return nil, false
			}
			pairs = append(pairs, pair{k: k, v: cv})
			continue
		}
		nk := k
		if k.Kind == yaml.ScalarNode {
			nk = e.scalar(k, e.subst(k.Value, en))
		}
		if !e.take(k, loop, len(nk.Value)) {
			return nil, false
		}
		saved := e.resource
		if pos == inSection && e.section == "Resources" {
			e.resource = nk.Value
		}
		cv := e.copy(v, en, e.childPos(pos, nk.Value), loop, depth+1)
		e.resource = saved
		if cv == nil {
			return nil, false
		}
		pairs = append(pairs, pair{k: nk, v: cv})
	}
	return pairs, true
}

// loop expands one Fn::ForEach::<LoopName> at pos: the entries its body
// generates for each item, or ok=false (with a diagnostic) when it cannot
// be expanded.
func (e *expander) loop(k, v *yaml.Node, en env, pos position) (_ []pair, ok bool) {
	name := k.Value
	v = deref(v)
	if len(en)+1 > maxLoopDepth {
		e.errorf(k, "%s: Fn::ForEach loops nest %d deep, above CloudFormation's limit of %d", name, len(en)+1, maxLoopDepth)
		return nil, false
	}
	if v.Kind != yaml.SequenceNode || len(v.Content) != 3 {
		e.errorf(k, "%s must be a list of three: [Identifier, Collection, {OutputKey: OutputValue}]", name)
		return nil, false
	}
	idNode := deref(v.Content[0])
	if idNode.Kind != yaml.ScalarNode || idNode.Value == "" || idNode.ShortTag() != "!!str" {
		e.errorf(idNode, "%s: the identifier must be a string", name)
		return nil, false
	}
	id := idNode.Value
	if _, clash := en[id]; clash {
		e.errorf(idNode, "%s: identifier %q is already the identifier of an enclosing loop", name, id)
		return nil, false
	}
	body := deref(v.Content[2])
	if body.Kind != yaml.MappingNode {
		e.errorf(body, "%s: the third item must be a mapping {OutputKey: OutputValue}", name)
		return nil, false
	}
	items, ok := e.collection(name, v.Content[1], en)
	if !ok {
		return nil, false
	}
	var out []pair
	for _, item := range items {
		inner := make(env, len(en)+1)
		for k, v := range en {
			inner[k] = v
		}
		inner[id] = item
		generated, ok := e.entries(body, inner, pos, false, name, 0)
		if !ok {
			return nil, false
		}
		for i := range generated {
			if generated[i].loop == nil {
				generated[i].loop = k
			}
		}
		out = append(out, generated...)
	}
	return out, true
}

// collection resolves a loop's collection to its items. A collection that
// depends on what is unknown (a parameter without a value, an attribute)
// is a warning: the loop stays unexpanded and what it would generate is
// not checked. One that is not a list of strings is an error.
func (e *expander) collection(name string, n *yaml.Node, en env) ([]string, bool) {
	c := e.copy(n, en, inPlain, name, 0)
	if c == nil {
		return nil, false
	}
	conv := &converter{file: e.file, budget: e.budget}
	v := conv.convert(c, 0)
	if conv.fatal {
		e.diags = append(e.diags, conv.diags...)
		return nil, false
	}
	rv := e.r.at("", c, nil, v)
	if e.budget.exceeded {
		e.errorf(deref(n), "%s", e.budget.message())
		return nil, false
	}
	list, ok := rv.([]any)
	if !ok {
		if m, isMap := rv.(map[string]any); isMap && isIntrinsicMap(m) {
			e.unresolved(deref(n), name, m)
		} else {
			e.errorf(deref(n), "%s: the collection must be a list (or resolve to one)", name)
		}
		return nil, false
	}
	items := make([]string, 0, len(list))
	for _, it := range list {
		e.steps++
		s, ok := scalarString(it)
		if !ok {
			if m, isMap := it.(map[string]any); isMap && isIntrinsicMap(m) {
				e.unresolved(deref(n), name, m)
			} else {
				e.errorf(deref(n), "%s: the collection's items must be strings", name)
			}
			return nil, false
		}
		items = append(items, s)
	}
	return items, true
}

// unresolved warns of a collection that depends on the unknown value v.
func (e *expander) unresolved(n *yaml.Node, name string, v map[string]any) {
	what := ""
	for k, arg := range v {
		what = k
		if s, ok := arg.(string); ok && k == "Ref" {
			what = "Ref " + s
		}
	}
	e.warnf(n, "%s: the collection cannot be resolved (%s is unknown): the loop is not expanded and what it generates is not checked", name, what)
}

// copy copies n with the identifiers of en substituted: in every string
// (keys too), and `Ref: Identifier` becomes the item. pos is what n's keys
// are when n is a mapping.
func (e *expander) copy(n *yaml.Node, en env, pos position, loop string, depth int) *yaml.Node {
	if depth > maxDepth {
		e.stop(n, loop, "nesting deeper than %d levels", maxDepth)
		return nil
	}
	if n.Kind == yaml.AliasNode {
		// CloudFormation reads the YAML as JSON first: an alias is its
		// anchor's value, substituted like any other.
		return e.copy(n.Alias, en, pos, loop, depth+1)
	}
	if item, ok := refToIdentifier(n, en); ok {
		if !e.take(n, loop, len(item)) {
			return nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: item, Style: yaml.DoubleQuotedStyle, Line: n.Line, Column: n.Column}
	}
	switch n.Kind {
	case yaml.MappingNode:
		return e.mapping(n, en, pos, loop, depth+1)
	case yaml.SequenceNode:
		if !e.take(n, loop, 0) {
			return nil
		}
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: n.Tag, Style: n.Style, Line: n.Line, Column: n.Column,
			Content: make([]*yaml.Node, 0, len(n.Content))}
		p := inPlain
		if pos == inProperties {
			p = inProperties // a loop in a mapping inside a property's list
		}
		for _, c := range n.Content {
			cc := e.copy(c, en, p, loop, depth+1)
			if cc == nil {
				return nil
			}
			out.Content = append(out.Content, cc)
		}
		return out
	case yaml.ScalarNode:
		v := e.subst(n.Value, en)
		if len(v) > maxBuiltString {
			e.stop(n, loop, "%s: a substituted string is longer than %d bytes: the template expands without bound", loop, maxBuiltString)
			return nil
		}
		if !e.take(n, loop, len(v)) {
			return nil
		}
		if v == n.Value {
			return n // an unchanged scalar is shared: nothing modifies nodes
		}
		return e.scalar(n, v)
	}
	return n
}

// scalar is a copy of scalar node n holding v. A plain string stays a
// string whatever it now reads as ("${Count}" becoming "5"): CloudFormation
// substitutes in the JSON string.
func (e *expander) scalar(n *yaml.Node, v string) *yaml.Node {
	c := *n
	c.Value = v
	if c.Tag == "" {
		c.Tag = n.ShortTag()
	}
	return &c
}

// refToIdentifier reports whether n is `Ref: Identifier` (long or short
// form) for an identifier of en, and the item it stands for.
func refToIdentifier(n *yaml.Node, en env) (string, bool) {
	if len(en) == 0 {
		return "", false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!Ref" {
		item, ok := en[n.Value]
		return item, ok
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "Ref" {
		if v := deref(n.Content[1]); v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" {
			item, ok := en[v.Value]
			return item, ok
		}
	}
	return "", false
}

// subst replaces ${Identifier} and &{Identifier} of the identifiers of en
// in s. ${!Literal} is Fn::Sub's escape and stays as written.
func (e *expander) subst(s string, en env) string {
	if len(en) == 0 || !strings.ContainsAny(s, "{") {
		return s
	}
	e.steps += len(s)
	var b strings.Builder
	for {
		i := strings.IndexAny(s, "$&")
		if i < 0 || i+1 >= len(s) {
			b.WriteString(s)
			return b.String()
		}
		if s[i+1] != '{' {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+2 : i+j]
		item, ok := en[name]
		if !ok {
			b.WriteString(s[:i+j+1])
			s = s[i+j+1:]
			continue
		}
		b.WriteString(s[:i])
		if s[i] == '&' {
			item = alphanumeric(item)
		}
		b.WriteString(item)
		s = s[i+j+1:]
	}
}

// alphanumeric keeps the ASCII letters and digits of s: what &{Identifier}
// puts in a key ("10.0.2.0/24" becomes "1002024").
func alphanumeric(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isAlphanumeric(s string) bool { return s != "" && alphanumeric(s) == s }

// hasLoop reports whether a Fn::ForEach key is anywhere under n (aliases
// followed once each, so the walk is linear however they multiply).
func hasLoop(n *yaml.Node, seen map[*yaml.Node]bool) bool {
	if n == nil || seen[n] {
		return false
	}
	seen[n] = true
	if n.Kind == yaml.MappingNode {
		for i := 0; i < len(n.Content); i += 2 {
			if strings.HasPrefix(n.Content[i].Value, forEachPrefix) {
				return true
			}
		}
	}
	if n.Kind == yaml.AliasNode {
		return hasLoop(n.Alias, seen)
	}
	for _, c := range n.Content {
		if hasLoop(c, seen) {
			return true
		}
	}
	return false
}
