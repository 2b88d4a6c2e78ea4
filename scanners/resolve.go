package scanners

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// noValue is what AWS::NoValue resolves to: the enclosing key or list item
// is removed, as CloudFormation does.
type noValueT struct{}

var noValue = noValueT{}

// Limit on the size of a string built by Fn::Join/Fn::Sub, so a template
// cannot make the resolver build something huge from parameters.
const maxBuiltString = 1 << 20

var intrinsicNames = map[string]bool{
	"Ref": true, "Condition": true, "Fn::Base64": true, "Fn::Cidr": true,
	"Fn::FindInMap": true, "Fn::GetAtt": true, "Fn::GetAZs": true,
	"Fn::ImportValue": true, "Fn::Join": true, "Fn::Select": true,
	"Fn::Split": true, "Fn::Sub": true, "Fn::Transform": true, "Fn::If": true,
	"Fn::Equals": true, "Fn::And": true, "Fn::Or": true, "Fn::Not": true,
	"Fn::Length": true, "Fn::ToJsonString": true, "Fn::ForEach": true,
	"Fn::Contains": true, "Fn::EachMemberEquals": true, "Fn::EachMemberIn": true,
	"Fn::RefAll": true, "Fn::ValueOf": true, "Fn::ValueOfAll": true,
	"Rain::Embed": true, "Rain::Module": true, "Rain::S3": true, "Rain::S3Http": true, "Rain::Constant": true,
}

// IntrinsicNames lists the keys that make a one-key mapping an intrinsic
// function call, sorted. The rules' lib holds the same set (a test in
// rules keeps the two equal): what the loader leaves unresolved, the rules
// must see as unknown.
func IntrinsicNames() []string {
	out := make([]string, 0, len(intrinsicNames))
	for k := range intrinsicNames {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// isIntrinsicMap reports whether m is an intrinsic call in long form.
func isIntrinsicMap(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k, v := range m {
		if k == "Condition" || k == "Ref" {
			_, ok := v.(string)
			return ok
		}
		return intrinsicNames[k]
	}
	return false
}

type condState struct {
	value, known, visiting, done bool
}

// resolver evaluates what can be known statically: parameters (defaults and
// overrides), pseudo parameters the caller gave, Mappings, Conditions and
// the functions over them. Everything else is left as an intrinsic.
type resolver struct {
	file     string
	params   map[string]any
	pseudo   map[string]any
	mappings map[string]any
	condDefs map[string]any
	conds    map[string]*condState
	condLoc  func(name string) Location
	diags    []Diagnostic
	// conditionsNode is the template's Conditions section, where a
	// condition's budget diagnostic points.
	conditionsNode *yaml.Node

	// budget bounds everything resolution produces; paramSize caches the
	// logical size of each parameter value, charged on every Ref to it.
	budget    *budget
	paramSize map[string][2]int64
	// Where resolution is, for the diagnostic when the budget runs out:
	// under resource (or root) along path.
	resource    string
	root        *yaml.Node
	path        []step
	withGlobals bool // the resource being resolved has SAM Globals merged in
	// condsIncomplete: a Fn::ForEach loop in Conditions was not expanded,
	// so an undefined condition is unknown rather than an error.
	condsIncomplete bool
}

// noEcho decides whether a parameter is a secret, failing closed: a
// NoEcho key with any value but a clear false (the boolean false or the
// string "false" in any case) counts, so yes, on, 1, "True" or an
// intrinsic function keep the default out of findings and reports.
func noEcho(def map[string]any) bool {
	v, ok := def["NoEcho"]
	if !ok {
		return false
	}
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return !strings.EqualFold(strings.TrimSpace(x), "false")
	}
	return true
}

// step is one step of the resolver's path: a key, or an index when key is "".
type step struct {
	key   string
	index int
}

func newResolver(file string, doc map[string]any, opts Options, b *budget) *resolver {
	r := &resolver{file: file, params: map[string]any{}, pseudo: map[string]any{},
		conds: map[string]*condState{}, budget: b, paramSize: map[string][2]int64{}}
	r.mappings, _ = doc["Mappings"].(map[string]any)
	r.condDefs, _ = doc["Conditions"].(map[string]any)
	for k, v := range opts.Pseudo {
		r.pseudo[k] = v
	}
	params, _ := doc["Parameters"].(map[string]any)
	for name, p := range params {
		def, _ := p.(map[string]any)
		typ, _ := def["Type"].(string)
		if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value") {
			continue // the default names an SSM parameter; its value is unknown
		}
		if noEcho(def) {
			// A secret: never substituted, so its value cannot reach a
			// finding, a report or a log. It stays an unknown Ref.
			continue
		}
		var val any
		if v, known, passed := opts.passed.value(name); passed {
			if !known {
				continue // the parent passes what it cannot resolve: unknown, not the default
			}
			val = v
		} else if o, ok := opts.Params[name]; ok {
			val = o
		} else if d, ok := def["Default"]; ok && d != nil {
			val = d
		} else {
			continue
		}
		if isIntrinsicValue(val) {
			continue
		}
		if typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<") {
			if s, ok := val.(string); ok {
				n := int64(strings.Count(s, ",") + 1)
				if !r.budget.take(1+n, int64(len(s)), "parameter "+name, nil) {
					return r
				}
				parts := strings.Split(s, ",")
				list := make([]any, len(parts))
				for i, p := range parts {
					list[i] = strings.TrimSpace(p)
				}
				val = list
			}
		}
		// The value goes into the rules' input once and into every Ref
		// to it: its size is charged for each.
		values, bytes, over := sizeOf(val, r.budget.maxValues, r.budget.maxBytes)
		if over || !r.budget.take(values, bytes, "parameter "+name, nil) {
			r.budget.take(r.budget.maxValues+1, 0, "parameter "+name, nil)
			return r
		}
		r.paramSize[name] = [2]int64{values, bytes}
		r.params[name] = val
	}
	return r
}

// take draws from the budget for what fn is about to produce here.
func (r *resolver) take(values, bytes int64, fn string) bool {
	return r.budget.take(values, bytes, fn, r.site)
}

// site is where resolution is now, for the diagnostic.
func (r *resolver) site() site {
	s := site{resource: r.resource, root: r.root, path: make([]any, len(r.path))}
	for i, st := range r.path {
		if st.key != "" {
			s.path[i] = st.key
		} else {
			s.path[i] = st.index
		}
	}
	return s
}

func (r *resolver) pushKey(k string) { r.path = append(r.path, step{key: k}) }
func (r *resolver) pushIndex(i int)  { r.path = append(r.path, step{index: i}) }
func (r *resolver) pop()             { r.path = r.path[:len(r.path)-1] }

// at resolves v as the value at a new place (a resource, the Metadata, a
// condition), so a budget diagnostic points there.
func (r *resolver) at(resource string, root *yaml.Node, path []any, v any) any {
	saved, savedRoot, savedPath := r.resource, r.root, r.path
	r.resource, r.root, r.path = resource, root, nil
	for _, p := range path {
		switch x := p.(type) {
		case string:
			r.pushKey(x)
		case int:
			r.pushIndex(x)
		}
	}
	out := r.resolve(v)
	r.resource, r.root, r.path = saved, savedRoot, savedPath
	return out
}

func isIntrinsicValue(v any) bool {
	m, ok := v.(map[string]any)
	return ok && isIntrinsicMap(m)
}

func (r *resolver) knownParams() map[string]any { return r.params }

// conditionErrorf reports a problem with a named condition at its line.
func (r *resolver) conditionErrorf(name, format string, args ...any) {
	var loc Location
	if r.condLoc != nil {
		loc = r.condLoc(name)
	}
	r.diags = append(r.diags, Diagnostic{File: r.file, Line: loc.Line, Column: loc.Column,
		Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
}

// resolve returns v with every resolvable intrinsic evaluated. It never
// modifies v (Globals values are shared between resources).
//
// Every value it produces is drawn from the budget first; once the budget
// is exceeded it returns nil at once, so a runaway template stops quickly.
func (r *resolver) resolve(v any) any {
	if r.budget.exceeded {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		if isIntrinsicMap(x) {
			for k, arg := range x {
				return r.intrinsic(k, arg)
			}
		}
		keyBytes := 0
		for k := range x {
			keyBytes += len(k)
		}
		if !r.take(1+int64(len(x)), int64(keyBytes), r.fnHere()) {
			return nil
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			r.pushKey(k)
			rv := r.resolve(val)
			r.pop()
			if rv != noValue {
				out[k] = rv
			}
		}
		return out
	case []any:
		if !r.take(1+int64(len(x)), 0, r.fnHere()) {
			return nil
		}
		out := make([]any, 0, len(x))
		for i, val := range x {
			r.pushIndex(i)
			rv := r.resolve(val)
			r.pop()
			if rv != noValue {
				out = append(out, rv)
			}
		}
		return out
	case string:
		if !r.take(0, int64(len(x)), r.fnHere()) {
			return nil
		}
	}
	return v
}

// fnHere names what is being resolved, for the diagnostic: the innermost
// intrinsic on the path; outside any, the SAM Globals merged into the
// resource, or the value itself.
func (r *resolver) fnHere() string {
	for i := len(r.path) - 1; i >= 0; i-- {
		if k := r.path[i].key; intrinsicNames[k] {
			return k
		}
	}
	if r.withGlobals {
		return "SAM Globals"
	}
	return "value"
}

// resolveArg resolves an intrinsic's argument, one step down the path.
func (r *resolver) resolveArg(name string, arg any) any {
	r.pushKey(name)
	out := r.resolve(arg)
	r.pop()
	return out
}

// call builds an intrinsic left unresolved, {name: arg}, paid for.
func (r *resolver) call(name string, arg any) any {
	if !r.take(2, int64(len(name)), name) {
		return nil
	}
	return map[string]any{name: arg}
}

// keep rebuilds an intrinsic with resolved arguments; a removed argument is
// put back as AWS::NoValue so the call keeps its shape.
func (r *resolver) keep(name string, arg any) any {
	ra := r.resolveArg(name, arg)
	if ra == noValue {
		ra = map[string]any{"Ref": "AWS::NoValue"}
	}
	return r.call(name, ra)
}

func (r *resolver) intrinsic(name string, arg any) any {
	switch name {
	case "Ref":
		ref, _ := arg.(string)
		if ref == "AWS::NoValue" {
			return noValue
		}
		if v, ok := r.params[ref]; ok {
			size := r.paramSize[ref]
			if !r.take(size[0], size[1], name) {
				return nil
			}
			return v
		}
		if v, ok := r.pseudo[ref]; ok {
			if !r.take(0, int64(len(v.(string))), name) {
				return nil
			}
			return v
		}
		if !r.take(0, int64(len(ref)), name) {
			return nil
		}
		return r.call("Ref", ref)
	case "Condition":
		c, _ := arg.(string)
		if v, known := r.condition(c); known {
			return v
		}
		return r.call("Condition", c)
	case "Fn::If":
		args, ok := arg.([]any)
		if !ok || len(args) != 3 {
			return r.keep(name, arg)
		}
		c, _ := args[0].(string)
		if v, known := r.condition(c); known {
			branch := 2
			if v {
				branch = 1
			}
			r.pushKey(name)
			r.pushIndex(branch)
			out := r.resolve(args[branch])
			r.pop()
			r.pop()
			return out
		}
		return r.keep(name, arg)
	case "Fn::Equals":
		resolved := r.resolveArg(name, arg)
		args, ok := resolved.([]any)
		if ok && len(args) == 2 {
			a, aok := scalarString(args[0])
			b, bok := scalarString(args[1])
			if aok && bok {
				return a == b
			}
		}
		return r.call(name, resolved)
	case "Fn::And", "Fn::Or":
		args, ok := r.resolveArg(name, arg).([]any)
		if !ok {
			return r.call(name, args)
		}
		decided, unknown := name == "Fn::Or", false
		for _, a := range args {
			b, ok := a.(bool)
			if !ok {
				unknown = true
				continue
			}
			if b == decided { // a true in Or, a false in And decides it
				return decided
			}
		}
		if unknown {
			return r.call(name, args)
		}
		return !decided
	case "Fn::Not":
		args, ok := r.resolveArg(name, arg).([]any)
		if ok && len(args) == 1 {
			if b, ok := args[0].(bool); ok {
				return !b
			}
		}
		return r.call(name, args)
	case "Fn::FindInMap":
		// The keys are resolved first; a DefaultValue (AWS::LanguageExtensions)
		// only when the keys are known and name no entry.
		raw, _ := arg.([]any)
		keys := arg
		if len(raw) == 4 {
			keys = raw[:3]
		}
		args, ok := r.resolveArg(name, keys).([]any)
		if ok && len(args) == 3 {
			v, found, known := r.findInMap(args)
			if found {
				// The mapping's value is copied here: charged here, and a
				// diagnostic points at this Fn::FindInMap.
				r.pushKey(name)
				out := r.resolve(v)
				r.pop()
				return out
			}
			if d, ok := r.findInMapDefault(raw); ok && known {
				return d
			}
		}
		if ok && len(raw) == 4 {
			r.pushKey(name)
			r.pushIndex(3)
			d := r.resolve(raw[3])
			r.pop()
			r.pop()
			args = append(args, d)
		}
		return r.call(name, args)
	case "Fn::Select":
		// The result is part of the resolved arguments, already paid for.
		args, ok := r.resolveArg(name, arg).([]any)
		if ok && len(args) == 2 {
			idx, iok := toInt(args[0])
			if list, lok := args[1].([]any); lok && iok && idx >= 0 && idx < len(list) {
				return list[idx]
			}
		}
		return r.call(name, args)
	case "Fn::Join":
		args, ok := r.resolveArg(name, arg).([]any)
		if ok && len(args) == 2 {
			delim, dok := args[0].(string)
			if list, lok := args[1].([]any); dok && lok {
				if parts, size, ok := joinParts(delim, list); ok {
					if !r.take(0, int64(size), name) {
						return nil
					}
					return strings.Join(parts, delim)
				}
			}
		}
		return r.call(name, args)
	case "Fn::Split":
		args, ok := r.resolveArg(name, arg).([]any)
		if ok && len(args) == 2 {
			delim, dok := args[0].(string)
			s, sok := args[1].(string)
			if dok && sok && delim != "" {
				n := strings.Count(s, delim) + 1
				if !r.take(1+int64(n), int64(len(s)), name) {
					return nil
				}
				parts := strings.Split(s, delim)
				out := make([]any, len(parts))
				for i, p := range parts {
					out[i] = p
				}
				return out
			}
		}
		return r.call(name, args)
	case "Fn::Sub":
		return r.sub(arg)
	case "Fn::Base64":
		v := r.resolveArg(name, arg)
		if s, ok := v.(string); ok {
			if !r.take(0, int64(base64.StdEncoding.EncodedLen(len(s))), name) {
				return nil
			}
			return base64.StdEncoding.EncodeToString([]byte(s))
		}
		return r.call(name, v)
	case "Fn::Length":
		return r.length(arg)
	case "Fn::ToJsonString":
		return r.toJSONString(arg)
	case "Fn::ForEach", "Fn::Transform":
		// Evaluated by CloudFormation macros; left as is, but it goes into
		// the rules' input, so its size is charged.
		values, bytes, over := sizeOf(arg, r.budget.maxValues, r.budget.maxBytes)
		if over || !r.take(values, bytes, name) {
			r.take(r.budget.maxValues+1, 0, name)
			return nil
		}
		return r.call(name, arg)
	}
	return r.keep(name, arg)
}

// findInMap looks the three keys up in Mappings: found when the entry
// exists, known when the keys are known (then a missing entry is missing).
func (r *resolver) findInMap(args []any) (v any, found, known bool) {
	var keys [3]string
	for i := 0; i < 3; i++ {
		s, ok := scalarString(args[i])
		if !ok {
			return nil, false, false
		}
		keys[i] = s
	}
	m1, _ := r.mappings[keys[0]].(map[string]any)
	m2, _ := m1[keys[1]].(map[string]any)
	v, found = m2[keys[2]]
	return v, found, true
}

// condition evaluates a named condition; known is false when it depends on
// something unknown, is undefined, or is part of a cycle.
func (r *resolver) condition(name string) (value, known bool) {
	st := r.conds[name]
	if st == nil {
		st = &condState{}
		r.conds[name] = st
	}
	if st.done {
		return st.value, st.known
	}
	if st.visiting {
		r.conditionErrorf(name, "condition %s refers to itself through a cycle", name)
		st.done = true
		return false, false
	}
	def, ok := r.condDefs[name]
	if !ok && r.condsIncomplete {
		st.done = true // maybe one a loop not expanded would define: unknown
		return false, false
	}
	if !ok {
		r.conditionErrorf(name, "condition %s is used but not defined in Conditions", name)
		st.done = true
		return false, false
	}
	st.visiting = true
	v := r.at("", r.conditionsNode, []any{name}, def)
	st.visiting = false
	if !st.done {
		st.value, st.known = v.(bool)
		st.done = true
	}
	return st.value, st.known
}

func (r *resolver) sub(arg any) any {
	var tmpl string
	vars := map[string]any{}
	var resolvedVars any
	const name = "Fn::Sub"
	switch a := arg.(type) {
	case string:
		tmpl = a
	case []any:
		if len(a) != 2 {
			return r.call(name, r.resolveArg(name, arg))
		}
		s, ok := a[0].(string)
		if !ok {
			return r.call(name, r.resolveArg(name, arg))
		}
		tmpl = s
		r.pushKey(name)
		r.pushIndex(1)
		resolvedVars = r.resolve(a[1])
		r.pop()
		r.pop()
		if m, ok := resolvedVars.(map[string]any); ok {
			vars = m
		}
	default:
		return r.call(name, r.resolveArg(name, arg))
	}
	if !r.take(0, int64(len(tmpl)), name) {
		return nil
	}
	out, ok := substitute(tmpl, func(n int) bool { return r.take(0, int64(n), name) }, func(name string) (string, bool) {
		if v, ok := vars[name]; ok {
			return scalarString(v)
		}
		if v, ok := r.params[name]; ok {
			return scalarString(v)
		}
		if v, ok := r.pseudo[name]; ok {
			return scalarString(v)
		}
		return "", false
	})
	if ok {
		return out
	}
	if resolvedVars != nil {
		if !r.take(1+2, 0, name) {
			return nil
		}
		return r.call(name, []any{tmpl, resolvedVars})
	}
	return r.call(name, tmpl)
}

// substitute expands ${Name} placeholders; ${!Literal} stays as ${Literal}.
// ok is false when any placeholder is unknown, the result is too large, or
// grow (asked before each piece is written, with its size) refuses.
func substitute(tmpl string, grow func(int) bool, lookup func(string) (string, bool)) (string, bool) {
	var b strings.Builder
	write := func(s string) bool {
		if b.Len()+len(s) > maxBuiltString || !grow(len(s)) {
			return false
		}
		b.WriteString(s)
		return true
	}
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			ok := write(tmpl)
			return b.String(), ok
		}
		if !write(tmpl[:i]) {
			return "", false
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			ok := write(tmpl[i:])
			return b.String(), ok
		}
		name := tmpl[i+2 : i+j]
		if strings.HasPrefix(name, "!") {
			if !write("${" + name[1:] + "}") {
				return "", false
			}
		} else {
			v, ok := lookup(strings.TrimSpace(name))
			if !ok || !write(v) {
				return "", false
			}
		}
		tmpl = tmpl[i+j+1:]
	}
}

// joinParts renders a Fn::Join's list, and the size of the joined string,
// without building it; ok is false when an item is not a known scalar or
// the result would be too large.
func joinParts(delim string, list []any) (parts []string, size int, ok bool) {
	parts = make([]string, len(list))
	for i, v := range list {
		s, ok := scalarString(v)
		if !ok {
			return nil, 0, false
		}
		parts[i] = s
		size += len(s) + len(delim)
		if size > maxBuiltString {
			return nil, 0, false
		}
	}
	return parts, size, true
}

// scalarString renders a known scalar the way CloudFormation compares and
// concatenates it.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case int:
		return strconv.Itoa(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

func toInt(v any) (int, bool) {
	switch x := v.(type) {
	case int64:
		return int(x), true
	case int:
		return x, true
	case float64:
		return int(x), x == float64(int(x))
	case string:
		i, err := strconv.Atoi(strings.TrimSpace(x))
		return i, err == nil
	}
	return 0, false
}
