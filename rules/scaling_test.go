package rules

import (
	"context"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingTracer counts evaluation steps: a measure of a rule's work that,
// unlike time, does not depend on the machine.
type countingTracer struct{ events int }

func (c *countingTracer) Enabled() bool               { return true }
func (c *countingTracer) TraceEvent(topdown.Event)    { c.events++ }
func (c *countingTracer) Config() topdown.TraceConfig { return topdown.TraceConfig{} }

// TestRulesScaleLinearly holds every rule (deny, facts and, with --strict,
// unknowns) to work linear in the resources of a template: doubling a
// template of cross-referencing resources must not much more than double
// the evaluation steps. A rule that looks a partial rule up by id inside
// a loop over resources is quadratic and fails here.
func TestRulesScaleLinearly(t *testing.T) {
	steps := func(e *Engine, n int, query string) int {
		res := scanners.Load("scaled.yaml", scaledTemplate(n, true), scanners.Options{})
		require.NotNil(t, res.Template, "%v", res.Diagnostics)
		input := Env{}.inputOf(res.Template, "template", Env{}.enrich(&scanners.Source{Template: res.Template}))
		tr := &countingTracer{}
		_, err := rego.New(rego.Query(query), rego.Compiler(e.compiler), rego.ParsedInput(input),
			rego.QueryTracer(tr)).Eval(context.Background())
		require.NoError(t, err, query)
		return tr.events
	}
	e, err := New(Options{Strict: true})
	require.NoError(t, err)
	for _, r := range e.Rules() {
		if r.Package == "bulwark.governance" {
			continue
		}
		docs := []string{"deny"}
		if r.Scope == "workload" {
			docs = []string{"facts"}
		}
		if r.HasUnknowns {
			docs = append(docs, "unknowns")
		}
		for _, doc := range docs {
			q := "x = data." + r.Package + "." + doc
			small, large := steps(e, 25, q), steps(e, 100, q)
			// 4x the resources: linear work is 4x the steps (every rule
			// measures 3.9-4.0); quadratic work tends to 16x (a rule that
			// was quadratic measured 7.5).
			t.Logf("%s %s ratio %.2f", r.ID, doc, float64(large)/float64(small))
			assert.Less(t, float64(large), 5*float64(small), "%s %s: %d steps for 25 groups of resources, %d for 100: not linear", r.ID, doc, small, large)
		}
	}
}
