package scanners

import (
	"strconv"
	"sync"

	"go.yaml.in/yaml/v3"
)

// docIndex keeps the template's node tree so that a rule's property path is
// turned into a line only for the findings that need one, after evaluation.
type docIndex struct {
	top       *yaml.Node
	resources *yaml.Node
	globals   *yaml.Node

	// keys indexes the large mappings a lookup has gone through (the
	// Resources section above all), so that locating every resource and
	// every finding stays linear in the template instead of rescanning a
	// mapping of thousands of keys per lookup.
	mu   sync.Mutex
	keys map[*yaml.Node]map[string]int
	// steps counts the keys compared or hashed by lookups: the work that
	// TestLocateScalesLinearly holds linear.
	steps int
}

func newDocIndex(top *yaml.Node) *docIndex {
	return &docIndex{top: top, resources: mappingValue(top, "Resources"), globals: mappingValue(top, "Globals")}
}

// indexedMapping is the size from which a mapping is indexed on its first
// lookup: below it a scan is as fast as a hash.
const indexedMapping = 16

// entry is mappingEntry through the index: the key and value of key in
// mapping n (the last one, as in the converted value), or nil.
func (d *docIndex) entry(n *yaml.Node, key string) (k, v *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode || len(n.Content) < 2*indexedMapping {
		if n != nil {
			d.mu.Lock()
			d.steps += len(n.Content) / 2
			d.mu.Unlock()
		}
		return mappingEntry(n, key)
	}
	d.mu.Lock()
	d.steps++
	idx, ok := d.keys[n]
	if !ok {
		idx = make(map[string]int, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			idx[n.Content[i].Value] = i // a later duplicate overwrites: last one wins
		}
		d.steps += len(n.Content) / 2
		if d.keys == nil {
			d.keys = map[*yaml.Node]map[string]int{}
		}
		d.keys[n] = idx
	}
	d.mu.Unlock()
	if i, ok := idx[key]; ok {
		return n.Content[i], n.Content[i+1]
	}
	return nil, nil
}

// mappingValue returns the value node of key in a mapping node, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	k, v := mappingEntry(n, key)
	_ = k
	return v
}

func mappingEntry(n *yaml.Node, key string) (k, v *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	// Last one wins, as in the converted value.
	for i := len(n.Content) - 2; i >= 0; i -= 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func (d *docIndex) resourceOrder() []string {
	if d.resources == nil {
		return nil
	}
	ids := make([]string, 0, len(d.resources.Content)/2)
	seen := map[string]bool{}
	for i := 0; i+1 < len(d.resources.Content); i += 2 {
		id := d.resources.Content[i].Value
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

func (d *docIndex) resourceLocation(id string) Location {
	k, _ := d.entry(d.resources, id)
	if k == nil {
		return Location{}
	}
	return Location{Line: k.Line, Column: k.Column}
}

// Locate maps a path relative to a resource (e.g. ["Properties", "MultiAZ"]
// or ["Properties", "Subnets", 1]) to a source location: the key of the
// deepest element of the path that exists, so a missing property points at
// its nearest existing parent. Properties a SAM resource inherited from
// Globals point into the Globals section.
func (t *Template) Locate(resourceID string, path []any) Location {
	loc := Location{File: t.File}
	if t.doc == nil {
		return loc
	}
	key, node := t.doc.entry(t.doc.resources, resourceID)
	if key == nil {
		return loc
	}
	loc.Line, loc.Column = key.Line, key.Column
	if len(path) >= 2 && path[0] == "Properties" {
		if name, ok := path[1].(string); ok && t.inherited[resourceID][name] {
			if sec := t.globalsSection(resourceID); sec != nil {
				key, node = nil, sec
				loc.Line, loc.Column = sec.Line, sec.Column
				path = path[1:]
			}
		}
	}
	loc, _ = t.doc.follow(loc, node, path)
	return loc
}

// follow walks path down from node, moving loc to each step found; reached
// is how many steps it took.
func (d *docIndex) follow(loc Location, node *yaml.Node, path []any) (_ Location, reached int) {
	for _, step := range path {
		k, v := d.descend(node, step)
		if v == nil {
			break
		}
		reached++
		node = v
		if k != nil {
			loc.Line, loc.Column = k.Line, k.Column
		} else {
			loc.Line, loc.Column = v.Line, v.Column
		}
		if v.Kind == yaml.AliasNode && k == nil {
			break // an alias in a list: the place is where it is used, not its anchor
		}
	}
	return loc, reached
}

// locateSite is where the resolution budget ran out, and what to call what
// ran out there: the innermost intrinsic on the path up to that place,
// else the first one past it (what an alias used there stands for), else
// fn, the step that ran out.
func (t *Template) locateSite(s site, fn string) (Location, string) {
	var loc Location
	reached := 0
	if s.root == nil {
		key, _ := t.doc.entry(t.doc.resources, s.resource)
		loc = t.Locate(s.resource, s.path)
		if key != nil {
			// Locate follows the same path; count its steps again for the name.
			_, reached = t.doc.follow(Location{}, mappingValue(t.doc.resources, s.resource), s.path)
		}
	} else {
		n := deref(s.root)
		loc, reached = t.doc.follow(Location{File: t.File, Line: n.Line, Column: n.Column}, n, s.path)
	}
	for i := reached - 1; i >= 0; i-- {
		if k, ok := s.path[i].(string); ok && intrinsicNames[k] {
			return loc, k
		}
	}
	for _, p := range s.path[reached:] {
		if k, ok := p.(string); ok && intrinsicNames[k] {
			return loc, k
		}
	}
	return loc, fn
}

func (t *Template) globalsSection(resourceID string) *yaml.Node {
	r := t.Resource(resourceID)
	if r == nil {
		return nil
	}
	for section, typ := range globalsSections {
		if typ == r.Type {
			return mappingValue(t.doc.globals, section)
		}
	}
	return nil
}

// descend takes one step along a path. A step through an unresolved or
// resolved Fn::If enters the first branch that has the next key, which is
// close enough for a line number.
func (d *docIndex) descend(n *yaml.Node, step any) (key, value *yaml.Node) {
	n = deref(n)
	if n == nil {
		return nil, nil
	}
	switch s := step.(type) {
	case string:
		if k, v := d.entry(n, s); v != nil {
			return k, v
		}
		for _, branch := range ifBranches(n) {
			if k, v := mappingEntry(branch, s); v != nil {
				return k, v
			}
		}
		if shortTags[n.Tag] == s {
			return nil, n // an intrinsic in short form: its argument is the node itself
		}
	case int, int64, float64, jsonNumber:
		i := toIndex(s)
		if n.Kind == yaml.SequenceNode && i >= 0 && i < len(n.Content) {
			return nil, n.Content[i]
		}
	}
	return nil, nil
}

// jsonNumber is how a rule's numeric path step arrives (json.Number).
type jsonNumber interface{ String() string }

func toIndex(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case float64:
		return int(x)
	case jsonNumber:
		i, err := strconv.Atoi(x.String())
		if err == nil {
			return i
		}
	}
	return -1
}

// ifBranches returns the two value branches of an Fn::If node, short or long form.
func ifBranches(n *yaml.Node) []*yaml.Node {
	var seq *yaml.Node
	if n.Tag == "!If" {
		seq = n
	} else if v := mappingValue(n, "Fn::If"); v != nil && len(n.Content) == 2 {
		seq = deref(v)
	}
	if seq == nil || seq.Kind != yaml.SequenceNode || len(seq.Content) != 3 {
		return nil
	}
	return seq.Content[1:]
}
