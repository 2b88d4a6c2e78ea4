package scanners

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
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

func newResolver(file string, doc map[string]any, opts Options) *resolver {
	r := &resolver{file: file, params: map[string]any{}, pseudo: map[string]any{},
		conds: map[string]*condState{}}
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
		if o, ok := opts.Params[name]; ok {
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
				parts := strings.Split(s, ",")
				list := make([]any, len(parts))
				for i, p := range parts {
					list[i] = strings.TrimSpace(p)
				}
				val = list
			}
		}
		r.params[name] = val
	}
	return r
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
func (r *resolver) resolve(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if isIntrinsicMap(x) {
			for k, arg := range x {
				return r.intrinsic(k, arg)
			}
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			if rv := r.resolve(val); rv != noValue {
				out[k] = rv
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(x))
		for _, val := range x {
			if rv := r.resolve(val); rv != noValue {
				out = append(out, rv)
			}
		}
		return out
	}
	return v
}

// keep rebuilds an intrinsic with resolved arguments; a removed argument is
// put back as AWS::NoValue so the call keeps its shape.
func (r *resolver) keep(name string, arg any) any {
	ra := r.resolve(arg)
	if ra == noValue {
		ra = map[string]any{"Ref": "AWS::NoValue"}
	}
	return map[string]any{name: ra}
}

func (r *resolver) intrinsic(name string, arg any) any {
	switch name {
	case "Ref":
		ref, _ := arg.(string)
		if ref == "AWS::NoValue" {
			return noValue
		}
		if v, ok := r.params[ref]; ok {
			return v
		}
		if v, ok := r.pseudo[ref]; ok {
			return v
		}
		return map[string]any{"Ref": ref}
	case "Condition":
		c, _ := arg.(string)
		if v, known := r.condition(c); known {
			return v
		}
		return map[string]any{"Condition": c}
	case "Fn::If":
		args, ok := arg.([]any)
		if !ok || len(args) != 3 {
			return r.keep(name, arg)
		}
		c, _ := args[0].(string)
		if v, known := r.condition(c); known {
			if v {
				return r.resolve(args[1])
			}
			return r.resolve(args[2])
		}
		return r.keep(name, arg)
	case "Fn::Equals":
		args, ok := r.resolve(arg).([]any)
		if ok && len(args) == 2 {
			a, aok := scalarString(args[0])
			b, bok := scalarString(args[1])
			if aok && bok {
				return a == b
			}
		}
		return map[string]any{name: r.resolve(arg)}
	case "Fn::And", "Fn::Or":
		args, ok := r.resolve(arg).([]any)
		if !ok {
			return map[string]any{name: args}
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
			return map[string]any{name: args}
		}
		return !decided
	case "Fn::Not":
		args, ok := r.resolve(arg).([]any)
		if ok && len(args) == 1 {
			if b, ok := args[0].(bool); ok {
				return !b
			}
		}
		return map[string]any{name: args}
	case "Fn::FindInMap":
		args, ok := r.resolve(arg).([]any)
		if ok && len(args) >= 3 {
			if v, found := r.findInMap(args); found {
				return r.resolve(v)
			}
		}
		return map[string]any{name: args}
	case "Fn::Select":
		args, ok := r.resolve(arg).([]any)
		if ok && len(args) == 2 {
			idx, iok := toInt(args[0])
			if list, lok := args[1].([]any); lok && iok && idx >= 0 && idx < len(list) {
				return list[idx]
			}
		}
		return map[string]any{name: args}
	case "Fn::Join":
		args, ok := r.resolve(arg).([]any)
		if ok && len(args) == 2 {
			delim, dok := args[0].(string)
			if list, lok := args[1].([]any); dok && lok {
				if s, ok := joinKnown(delim, list); ok {
					return s
				}
			}
		}
		return map[string]any{name: args}
	case "Fn::Split":
		args, ok := r.resolve(arg).([]any)
		if ok && len(args) == 2 {
			delim, dok := args[0].(string)
			s, sok := args[1].(string)
			if dok && sok && delim != "" {
				parts := strings.Split(s, delim)
				out := make([]any, len(parts))
				for i, p := range parts {
					out[i] = p
				}
				return out
			}
		}
		return map[string]any{name: args}
	case "Fn::Sub":
		return r.sub(arg)
	case "Fn::Base64":
		v := r.resolve(arg)
		if s, ok := v.(string); ok {
			return base64.StdEncoding.EncodeToString([]byte(s))
		}
		return map[string]any{name: v}
	case "Fn::ForEach", "Fn::Transform":
		return map[string]any{name: arg} // evaluated by CloudFormation macros; left as is
	}
	return r.keep(name, arg)
}

func (r *resolver) findInMap(args []any) (any, bool) {
	var keys [3]string
	for i := 0; i < 3; i++ {
		s, ok := scalarString(args[i])
		if !ok {
			return nil, false
		}
		keys[i] = s
	}
	m1, _ := r.mappings[keys[0]].(map[string]any)
	m2, _ := m1[keys[1]].(map[string]any)
	if v, ok := m2[keys[2]]; ok {
		return v, true
	}
	// Fn::FindInMap's DefaultValue (AWS::LanguageExtensions).
	if len(args) == 4 {
		if d, ok := args[3].(map[string]any); ok {
			if v, ok := d["DefaultValue"]; ok {
				return v, true
			}
		}
	}
	return nil, false
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
	if !ok {
		r.conditionErrorf(name, "condition %s is used but not defined in Conditions", name)
		st.done = true
		return false, false
	}
	st.visiting = true
	v := r.resolve(def)
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
	switch a := arg.(type) {
	case string:
		tmpl = a
	case []any:
		if len(a) != 2 {
			return map[string]any{"Fn::Sub": r.resolve(arg)}
		}
		s, ok := a[0].(string)
		if !ok {
			return map[string]any{"Fn::Sub": r.resolve(arg)}
		}
		tmpl = s
		resolvedVars = r.resolve(a[1])
		if m, ok := resolvedVars.(map[string]any); ok {
			vars = m
		}
	default:
		return map[string]any{"Fn::Sub": r.resolve(arg)}
	}
	out, ok := substitute(tmpl, func(name string) (string, bool) {
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
		return map[string]any{"Fn::Sub": []any{tmpl, resolvedVars}}
	}
	return map[string]any{"Fn::Sub": tmpl}
}

// substitute expands ${Name} placeholders; ${!Literal} stays as ${Literal}.
// ok is false when any placeholder is unknown or the result is too large.
func substitute(tmpl string, lookup func(string) (string, bool)) (string, bool) {
	var b strings.Builder
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			b.WriteString(tmpl)
			return b.String(), b.Len() <= maxBuiltString
		}
		b.WriteString(tmpl[:i])
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl[i:])
			return b.String(), b.Len() <= maxBuiltString
		}
		name := tmpl[i+2 : i+j]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
		} else {
			v, ok := lookup(strings.TrimSpace(name))
			if !ok {
				return "", false
			}
			b.WriteString(v)
		}
		if b.Len() > maxBuiltString {
			return "", false
		}
		tmpl = tmpl[i+j+1:]
	}
}

func joinKnown(delim string, list []any) (string, bool) {
	parts := make([]string, len(list))
	size := 0
	for i, v := range list {
		s, ok := scalarString(v)
		if !ok {
			return "", false
		}
		parts[i] = s
		size += len(s) + len(delim)
		if size > maxBuiltString {
			return "", false
		}
	}
	return strings.Join(parts, delim), true
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
