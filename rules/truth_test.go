package rules

import (
	"context"
	"fmt"
	"testing"

	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTruthAgreesWithLib: the tier estimator (Go) and the rules (Rego)
// read "true as a string" the same way, so an estimate and a finding never
// disagree on whether a flag is on.
func TestTruthAgreesWithLib(t *testing.T) {
	q := libQuery(t, "t := count([1 | data.bulwark.lib.is_true(input)]) > 0; f := count([1 | data.bulwark.lib.is_false(input)]) > 0")
	yes, no := true, false
	libTruth := func(v any) *bool {
		rs, err := q.Eval(context.Background(), rego.EvalInput(v))
		require.NoError(t, err)
		if len(rs) == 0 {
			return nil
		}
		if rs[0].Bindings["t"] == true {
			return &yes
		}
		if rs[0].Bindings["f"] == true {
			return &no
		}
		return nil
	}
	for _, v := range []any{true, false, "true", "false", "True", "FALSE", "tRuE", " true", "true ", "yes", "no", "1", "0", "",
		int64(1), int64(0), 1.0, map[string]any{"Ref": "Flag"}, map[string]any{"Fn::If": []any{"c", true, false}}, []any{true}} {
		t.Run(fmt.Sprintf("%#v", v), func(t *testing.T) {
			assert.Equal(t, libTruth(v), estimate.Truth(v))
		})
	}
}
