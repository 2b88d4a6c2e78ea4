package rules

import (
	"context"
	"io/fs"
	"sort"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLibKnowsEveryIntrinsic: the loader and the rules' lib name the same
// intrinsic functions. A key the loader leaves unresolved but lib does not
// know (Rain::Constant, Fn::ForEach) would read to a rule as a plain value
// and could become a false finding.
func TestLibKnowsEveryIntrinsic(t *testing.T) {
	rs, err := libQuery(t, "x = data.bulwark.lib.intrinsic_keys").Eval(context.Background())
	require.NoError(t, err)
	require.Len(t, rs, 1)
	var lib []string
	for _, k := range rs[0].Bindings["x"].([]any) {
		lib = append(lib, k.(string))
	}
	sort.Strings(lib)
	assert.Equal(t, scanners.IntrinsicNames(), lib)
}

// libQuery prepares a query over the pack's lib alone, for tests that hold
// Go and Rego to the same decisions.
func libQuery(t *testing.T, query string) rego.PreparedEvalQuery {
	t.Helper()
	src, err := fs.ReadFile(BuiltinPolicy(), "policy/lib/bulwark.rego")
	require.NoError(t, err)
	q, err := rego.New(rego.Query(query), rego.Module("bulwark.rego", string(src))).PrepareForEval(context.Background())
	require.NoError(t, err)
	return q
}
