package rules

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResourceTypesContract: a template evaluates only the rules whose
// resource_types it contains. That is safe only if no rule reports a
// resource of a type it does not declare, so here every rule runs on every
// template and each finding's type must be among its rule's types.
func TestResourceTypesContract(t *testing.T) {
	e, err := New(Options{})
	require.NoError(t, err)
	full := &preparedSet{rules: e.perInput["template"].rules, facts: e.perInput["template"].facts}
	require.NoError(t, full.compileRules(e.compiler))
	paths := []string{"../testdata/examples", "../testdata/tiers"}
	if _, err := os.Stat(corpusDir); err == nil {
		paths = append(paths, corpusDir)
	}
	files, _ := scanners.Discover(paths)
	checked := 0
	for _, f := range files {
		res := scanners.LoadFile(f, scanners.Options{})
		if res.Template == nil {
			continue
		}
		for _, tier := range []int{0, 1, 3} {
			env := Env{Tier: tier}
			ev := e.evaluate(context.Background(), res.Template, env, full, env.enrich(&scanners.Source{Template: res.Template}))
			for _, fd := range ev.Findings {
				r := e.Rule(fd.RuleID)
				if len(r.ResourceTypes) == 0 || r.Package == "bulwark.governance" {
					continue
				}
				checked++
				assert.True(t, slices.Contains(r.ResourceTypes, fd.ResourceType),
					"%s reported %s (%s) in %s, a type missing from its resource_types", fd.RuleID, fd.Resource, fd.ResourceType, f)
			}
		}
	}
	assert.Greater(t, checked, 50)
}

const corpusDir = "../../shared/corpus/aws-cloudformation-templates"
