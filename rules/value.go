package rules

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"
)

// toValue converts the loader's plain Go values straight to OPA's AST, once
// per input, without a JSON round trip.
func toValue(v any) ast.Value {
	switch x := v.(type) {
	case nil:
		return ast.Null{}
	case string:
		return ast.String(x)
	case bool:
		return ast.Boolean(x)
	case int:
		return ast.Number(strconv.Itoa(x))
	case int64:
		return ast.Number(strconv.FormatInt(x, 10))
	case float64:
		return ast.Number(strconv.FormatFloat(x, 'g', -1, 64))
	case json.Number:
		return ast.Number(x)
	case map[string]any:
		// Insertion order does not matter: objects sort their keys
		// themselves when iterated.
		obj := ast.NewObjectWithCapacity(len(x))
		for k, e := range x {
			obj.Insert(ast.StringTerm(k), ast.NewTerm(toValue(e)))
		}
		return obj
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			terms[i] = ast.NewTerm(toValue(e))
		}
		return ast.NewArray(terms...)
	case []string:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			terms[i] = ast.StringTerm(e)
		}
		return ast.NewArray(terms...)
	}
	// Anything else is a programming error in the model builder; keep the
	// evaluation going with a visible marker rather than panic.
	return ast.String(fmt.Sprintf("<unsupported %T>", v))
}
