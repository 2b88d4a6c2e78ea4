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
	require.True(t, pruneUnreachable(modules, map[string]bool{"deny": true, "facts": true}, nil),
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

// A package may span files with different imports (a rule and its
// _unknowns companion): each rule resolves references with its own
// file's imports, whatever order the files come in.
func TestReachableUsesEachFilesImports(t *testing.T) {
	files := map[string]string{
		"rule.rego":          "package bulwark.rules.x\n\nimport data.bulwark.helpers as h\n\ndeny contains m if m := h.message\n",
		"rule_unknowns.rego": "package bulwark.rules.x\n\nimport data.bulwark.other\n\nunknowns contains m if m := other.message\n",
		"helpers.rego":       "package bulwark.helpers\n\nmessage := \"m\"\n\nunused := 1\n",
		"other.rego":         "package bulwark.other\n\nmessage := \"o\"\n",
	}
	for i := 0; i < 20; i++ { // map order varies from run to run
		modules := map[string]*ast.Module{}
		for name, src := range files {
			modules[name] = ast.MustParseModuleWithOpts(src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		}
		reached, sure := reachable(modules, map[string]bool{"deny": true}, nil)
		require.True(t, sure)
		assert.True(t, reached[ruleKey{"bulwark.helpers", "message"}], "reached through rule.rego's import")
		assert.False(t, reached[ruleKey{"bulwark.helpers", "unused"}])
		assert.False(t, reached[ruleKey{"bulwark.other", "message"}], "only unknowns reach it")
		reached, _ = reachable(modules, map[string]bool{"deny": true, "unknowns": true}, nil)
		assert.True(t, reached[ruleKey{"bulwark.other", "message"}], "reached through the companion's import")
	}
}
