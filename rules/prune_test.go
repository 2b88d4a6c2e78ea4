package rules

import (
	"context"
	"os"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The embedded pack is pruned to what deny/facts (and unknowns, when
// strict) reach; pruning must find every reference and change no result.
func TestPruningChangesNoFinding(t *testing.T) {
	roots := []string{"../testdata/examples", "../testdata/tiers", "../testdata/loader"}
	if _, err := os.Stat("../../shared/corpus/aws-cloudformation-templates"); err == nil {
		roots = append(roots, "../../shared/corpus/aws-cloudformation-templates")
	}
	files, _ := scanners.Discover(roots)
	require.NotEmpty(t, files)
	for _, strict := range []bool{false, true} {
		pruned, err := New(Options{Strict: strict})
		require.NoError(t, err)
		// A rule folder, even empty, turns pruning off.
		full, err := New(Options{Strict: strict, RuleDirs: []string{t.TempDir()}})
		require.NoError(t, err)
		a := pruned.Scan(context.Background(), files, ScanOptions{})
		b := full.Scan(context.Background(), files, ScanOptions{})
		require.NotEmpty(t, b.Findings)
		assert.Equal(t, b.Findings, a.Findings, "strict=%v", strict)
		assert.Equal(t, b.Diagnostics, a.Diagnostics, "strict=%v", strict)
	}
}

func TestPruningIsSureOfTheEmbeddedPack(t *testing.T) {
	modules := map[string]*ast.Module{}
	require.NoError(t, parseFS(builtinFS, "policy", "builtin:", false, modules, map[string]bool{}))
	before := countRules(modules)
	require.True(t, pruneUnreachable(modules, map[string]bool{"deny": true, "facts": true}),
		"a reference the pruner cannot resolve turns pruning off: start-up doubles")
	assert.Less(t, countRules(modules), before)
}

func countRules(modules map[string]*ast.Module) int {
	n := 0
	for _, m := range modules {
		n += len(m.Rules)
	}
	return n
}
