package rules

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// pruneUnreachable removes the rules no root can reach: each rule module's
// `deny` and `facts` (and `unknowns` when strict) are the roots, and a rule
// is reached when a reached rule names it (in its package, or through an
// import or a data. reference). Compilation costs in proportion to the
// Rego compiled, and half of the pack's helpers serve `unknowns` only.
// The rules of the packages in off (rules that do not run) are no roots.
// It returns false, changing nothing, when a reference cannot be resolved
// for sure: pruning is an optimisation and must never drop a live rule.
func pruneUnreachable(modules map[string]*ast.Module, roots map[string]bool, off map[string]bool) bool {
	reached, ok := reachable(modules, roots, off)
	if !ok {
		return false
	}
	for _, m := range modules {
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		kept := m.Rules[:0]
		for _, r := range m.Rules {
			if reached[ruleKey{pkg, headName(r)}] {
				kept = append(kept, r)
			}
		}
		m.Rules = kept
	}
	return true
}

// ruleKey names a rule: its package and the name it defines.
type ruleKey struct{ pkg, name string }

// reachable returns the rules the roots reach, and false when a reference
// could not be resolved for sure.
func reachable(modules map[string]*ast.Module, roots map[string]bool, off map[string]bool) (map[ruleKey]bool, bool) {
	type key = ruleKey
	// A package may span files (a rule and its _unknowns companion), each
	// with its own imports: a rule is resolved with its own file's.
	type located struct {
		rule    *ast.Rule
		imports map[string][]string // alias -> path
	}
	byKey := map[key][]located{}
	packages := map[string]bool{}
	sure := true
	for _, m := range modules {
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		packages[pkg] = true
		imports := map[string][]string{}
		for _, imp := range m.Imports {
			ref, ok := imp.Path.Value.(ast.Ref)
			if !ok || len(ref) == 0 || !ref[0].Equal(ast.DefaultRootDocument) {
				continue
			}
			path := refStrings(ref[1:])
			if path == nil {
				sure = false
				continue
			}
			alias := string(imp.Alias)
			if alias == "" {
				alias = path[len(path)-1]
			}
			imports[alias] = path
		}
		for _, r := range m.Rules {
			k := key{pkg, headName(r)}
			byKey[k] = append(byKey[k], located{r, imports})
		}
	}
	// resolve maps a path of package segments and names to the rule it
	// names: the longest package prefix, then the rule name after it.
	resolve := func(path []string) (key, bool) {
		for i := len(path) - 1; i > 0; i-- {
			pkg := strings.Join(path[:i], ".")
			if packages[pkg] {
				return key{pkg, path[i]}, true
			}
		}
		return key{}, false
	}
	reached := map[key]bool{}
	var queue []key
	mark := func(k key) {
		if !reached[k] && byKey[k] != nil {
			reached[k] = true
			queue = append(queue, k)
		}
	}
	for k := range byKey {
		if roots[k.name] && strings.HasPrefix(k.pkg, "bulwark.rules.") && !off[k.pkg] {
			mark(k)
		}
	}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		for _, lr := range byKey[k] {
			imports := lr.imports
			ast.WalkTerms(lr.rule, func(t *ast.Term) bool {
				switch v := t.Value.(type) {
				case ast.Var:
					mark(key{k.pkg, string(v)}) // a rule of the same package, or a local variable
				case ast.Ref:
					head, ok := v[0].Value.(ast.Var)
					if !ok {
						return false
					}
					var base []string
					if head.Equal(ast.DefaultRootDocument.Value) {
						base = []string{}
					} else if p, imported := imports[string(head)]; imported {
						base = p
					} else {
						return false // local: its head Var is visited as a term
					}
					rest := refStrings(v[1:])
					if rest == nil || len(base)+len(rest) == 0 {
						sure = false // a computed reference: cannot tell what it reaches
						return false
					}
					full := append(append([]string{}, base...), rest...)
					if target, ok := resolve(full); ok {
						mark(target)
					} else if strings.HasPrefix(strings.Join(full, "."), "bulwark") {
						sure = false // a whole package, or something unexpected
					}
				}
				return false
			})
		}
	}
	return reached, sure
}

// refStrings returns a reference's leading string segments (data.a.b.c ->
// a, b, c), stopping at the first variable or call; nil if there is none.
func refStrings(ref ast.Ref) []string {
	var out []string
	for _, t := range ref {
		s, ok := t.Value.(ast.String)
		if !ok {
			break
		}
		out = append(out, string(s))
	}
	return out
}
