package scanners

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits that keep hostile input from hanging or exhausting memory. A YAML
// alias can reference a large subtree many times ("billion laughs"), so the
// converter counts every node it produces, aliases expanded.
const (
	maxNodes = 1_000_000
	maxDepth = 200
)

// shortTags maps the YAML short form of each intrinsic to its long form.
var shortTags = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join",
	"!If": "Fn::If", "!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or",
	"!Not": "Fn::Not", "!Select": "Fn::Select", "!Split": "Fn::Split",
	"!FindInMap": "Fn::FindInMap", "!GetAZs": "Fn::GetAZs",
	"!ImportValue": "Fn::ImportValue", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr",
	"!Transform": "Fn::Transform", "!Length": "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString", "!ForEach": "Fn::ForEach",
	// Functions of the template's Rules section.
	"!Contains": "Fn::Contains", "!EachMemberEquals": "Fn::EachMemberEquals",
	"!EachMemberIn": "Fn::EachMemberIn", "!RefAll": "Fn::RefAll",
	"!ValueOf": "Fn::ValueOf", "!ValueOfAll": "Fn::ValueOfAll",
}

// converter turns yaml.v3 nodes into plain Go values (map[string]any, []any,
// string, bool, int64, float64, nil), expanding short tags to long-form
// intrinsics and recording problems as diagnostics with lines.
type converter struct {
	file  string
	nodes int
	diags []Diagnostic
	fatal bool
	// budget is the template's resolution budget: the converter copies
	// each alias's subtree, so what it produces is drawn from it too.
	budget *budget
	alias  string // the outermost alias being expanded, for the diagnostic
}

// take draws what converting n produces from the budget; false (and the
// conversion stopped with a diagnostic) when it runs out.
func (c *converter) take(n *yaml.Node, values, bytes int64) bool {
	if c.budget == nil {
		return true
	}
	fn := "document"
	if c.alias != "" {
		fn = "alias *" + c.alias
	}
	if c.budget.take(values, bytes, fn, func() site { return site{root: n} }) {
		return true
	}
	c.errorf(n, "%s", c.budget.message())
	c.fatal = true
	return false
}

func (c *converter) errorf(n *yaml.Node, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{File: c.file, Line: n.Line, Column: n.Column,
		Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
}

func (c *converter) convert(n *yaml.Node, depth int) any {
	if c.fatal {
		return nil
	}
	c.nodes++
	if c.nodes > maxNodes {
		c.errorf(n, "document expands to more than %d nodes (alias expansion or size limit)", maxNodes)
		c.fatal = true
		return nil
	}
	if depth > maxDepth {
		c.errorf(n, "nesting deeper than %d levels", maxDepth)
		c.fatal = true
		return nil
	}
	if n.Kind == yaml.AliasNode {
		if c.alias == "" {
			c.alias = n.Value
			defer func() { c.alias = "" }()
		}
		return c.convert(n.Alias, depth+1)
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		long, ok := shortTags[n.Tag]
		if !ok && strings.HasPrefix(n.Tag, "!Rain::") {
			// Rain (the CloudFormation CLI) expands these before deploying;
			// bulwark sees the template before that, so the value is unknown.
			c.diags = append(c.diags, Diagnostic{File: c.file, Line: n.Line, Column: n.Column, Severity: SeverityWarning,
				Message: fmt.Sprintf("%s is a Rain pre-processing directive: its value is unknown until `rain pkg` runs", n.Tag)})
			return map[string]any{n.Tag[1:]: c.plain(n, depth)}
		}
		if !ok {
			c.errorf(n, "unknown tag %s", n.Tag)
			return c.plain(n, depth)
		}
		inner := c.plain(n, depth)
		if long == "Fn::GetAtt" {
			if s, ok := inner.(string); ok {
				// !GetAtt Resource.Attribute; the attribute may itself hold dots.
				if i := strings.IndexByte(s, '.'); i > 0 {
					inner = []any{s[:i], s[i+1:]}
				}
			}
		}
		return map[string]any{long: inner}
	}
	return c.plain(n, depth)
}

// duplicate warns of a key given more than once. CloudFormation accepts a
// template with duplicate keys and uses the last value (cfn-lint no longer
// fails on them), so bulwark evaluates the last value too and only warns,
// once per key, at the occurrence in use.
func (c *converter) duplicate(key string, at []*yaml.Node) {
	last := deref(at[len(at)-1])
	lines := make([]string, 0, len(at)-1)
	for _, k := range at[:len(at)-1] {
		lines = append(lines, strconv.Itoa(deref(k).Line))
	}
	where := "line " + lines[0]
	if len(lines) > 1 {
		where = "lines " + strings.Join(lines[:len(lines)-1], ", ") + " and " + lines[len(lines)-1]
	}
	c.diags = append(c.diags, Diagnostic{File: c.file, Line: last.Line, Column: last.Column, Severity: SeverityWarning,
		Message: fmt.Sprintf("duplicate key %q at %s; line %d's value is used, as CloudFormation does", key, where, last.Line)})
}

// plain converts a node ignoring its own tag (used for the tagged node's body).
func (c *converter) plain(n *yaml.Node, depth int) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.convert(n.Content[0], depth+1)
	case yaml.MappingNode:
		keyBytes := 0
		for i := 0; i < len(n.Content); i += 2 {
			keyBytes += len(n.Content[i].Value)
		}
		if !c.take(n, 1+int64(len(n.Content)/2), int64(keyBytes)) {
			return nil
		}
		m := make(map[string]any, len(n.Content)/2)
		seen := make(map[string]int, len(n.Content)/2)
		var dups map[string][]*yaml.Node // keys given more than once, every occurrence
		var dupOrder []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.AliasNode && k.Alias != nil {
				k = k.Alias
			}
			if k.Kind != yaml.ScalarNode {
				c.errorf(k, "mapping key is not a scalar")
				continue
			}
			if first, dup := seen[k.Value]; dup {
				if dups == nil {
					dups = map[string][]*yaml.Node{}
				}
				if dups[k.Value] == nil {
					dupOrder = append(dupOrder, k.Value)
					dups[k.Value] = []*yaml.Node{n.Content[first]}
				}
				dups[k.Value] = append(dups[k.Value], k)
			} else {
				seen[k.Value] = i
			}
			m[k.Value] = c.convert(v, depth+1) // the last value wins
		}
		for _, key := range dupOrder {
			c.duplicate(key, dups[key])
		}
		return m
	case yaml.SequenceNode:
		if !c.take(n, 1+int64(len(n.Content)), 0) {
			return nil
		}
		s := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			s = append(s, c.convert(item, depth+1))
		}
		return s
	case yaml.ScalarNode:
		if !c.take(n, 0, int64(len(n.Value))) {
			return nil
		}
		return scalar(n)
	case yaml.AliasNode:
		return c.convert(n.Alias, depth+1)
	}
	return nil
}

// scalar decodes a scalar by its resolved tag. Short-tagged scalars (e.g.
// `!Ref X`) carry the short tag, so they are read as the string they hold.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return i
		}
		var i int64
		if err := n.Decode(&i); err == nil {
			return i
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}
