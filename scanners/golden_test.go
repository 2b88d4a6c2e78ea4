package scanners

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// modelDump is the loaded model as the golden files record it: resolved
// resources plus the line:column of every property path.
type modelDump struct {
	Resources   []resourceDump `json:"resources"`
	Diagnostics []Diagnostic   `json:"diagnostics"`
}

type resourceDump struct {
	*Resource
	Paths map[string]string `json:"paths"`
}

func dumpModel(res Result) modelDump {
	d := modelDump{Diagnostics: res.Diagnostics}
	for _, r := range res.Template.Resources {
		rd := resourceDump{Resource: r, Paths: map[string]string{}}
		walkPaths([]any{"Properties"}, r.Properties, func(p []any) {
			loc := res.Template.Locate(r.ID, p)
			rd.Paths[pathKey(p)] = fmt.Sprintf("%d:%d", loc.Line, loc.Column)
		})
		d.Resources = append(d.Resources, rd)
	}
	return d
}

func walkPaths(prefix []any, v any, visit func([]any)) {
	switch x := v.(type) {
	case map[string]any:
		if isIntrinsicMap(x) {
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := append(append([]any{}, prefix...), k)
			visit(p)
			walkPaths(p, x[k], visit)
		}
	case []any:
		for i, e := range x {
			p := append(append([]any{}, prefix...), i)
			visit(p)
			walkPaths(p, e, visit)
		}
	}
}

func TestLoadedModelGolden(t *testing.T) {
	for _, name := range []string{"orders.yaml", "orders.json", "sam.yaml"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "loader", name)
			res := LoadFile(path, Options{})
			require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
			dump := dumpModel(res)
			assertGoldenJSON(t, path+".golden.json", dump)
		})
	}
}

func TestYAMLAndJSONLoadTheSameModel(t *testing.T) {
	y := LoadFile("../testdata/loader/orders.yaml", Options{})
	j := LoadFile("../testdata/loader/orders.json", Options{})
	require.NotNil(t, y.Template)
	require.NotNil(t, j.Template)
	require.Equal(t, len(y.Template.Resources), len(j.Template.Resources))
	for i := range y.Template.Resources {
		a, b := y.Template.Resources[i], j.Template.Resources[i]
		assert.Equal(t, a.ID, b.ID)
		assert.Equal(t, a.Properties, b.Properties, "resource %s", a.ID)
		assert.NotZero(t, b.Location.Line, "JSON resources have lines too")
	}
}

func TestSAMGlobalsAreMerged(t *testing.T) {
	res := LoadFile("../testdata/loader/sam.yaml", Options{})
	require.NotNil(t, res.Template)
	pay := res.Template.Resource("PayFunction")
	require.NotNil(t, pay)
	assert.Equal(t, int64(20), pay.Properties["ReservedConcurrentExecutions"], "inherited from Globals")
	assert.Equal(t, map[string]any{"Variables": map[string]any{"STAGE": "prod", "TABLE": "payments"}},
		pay.Properties["Environment"], "maps merge")
	refund := res.Template.Resource("RefundFunction")
	assert.Equal(t, int64(5), refund.Properties["ReservedConcurrentExecutions"], "own value wins")
	assert.Equal(t, int64(30), refund.Properties["Timeout"])
	// An inherited property is located in Globals, where a person fixes it.
	loc := res.Template.Locate("PayFunction", []any{"Properties", "ReservedConcurrentExecutions"})
	assert.Equal(t, 7, loc.Line)
	assert.True(t, strings.HasSuffix(loc.File, "sam.yaml"))
	assert.Nil(t, res.Template.Resource("Payments").Properties["ReservedConcurrentExecutions"], "Function globals do not leak to other types")
}

func TestLocateNearestAncestor(t *testing.T) {
	res := LoadFile("../testdata/loader/orders.yaml", Options{})
	require.NotNil(t, res.Template)
	tests := []struct {
		path []any
		line int
	}{
		{nil, 20},
		{[]any{"Properties"}, 22},
		{[]any{"Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"}, 32},
		{[]any{"Properties", "KeySchema", 0, "KeyType"}, 30},
		{[]any{"Properties", "Missing", "Deeper"}, 22},
	}
	for _, tc := range tests {
		loc := res.Template.Locate("OrdersTable", tc.path)
		assert.Equal(t, tc.line, loc.Line, "path %v", tc.path)
	}
	// Through a short-form !If to its branch.
	loc := res.Template.Locate("Database", []any{"Properties", "MultiAZ"})
	assert.Equal(t, 38, loc.Line)
}

func pathKey(p []any) string {
	var b strings.Builder
	for _, s := range p {
		if k, ok := s.(string); ok {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(k)
		} else {
			fmt.Fprintf(&b, "[%v]", s)
		}
	}
	return b.String()
}

// TestNestedModelGolden records the model of a parent and of each nested
// template loaded with the values the parent passes, lines included: a
// child's lines are its own file's.
func TestNestedModelGolden(t *testing.T) {
	type nestedDump struct {
		File   string    `json:"file"`
		Parent string    `json:"parent,omitempty"`
		Stack  string    `json:"stack,omitempty"`
		Model  modelDump `json:"model"`
	}
	dir := filepath.Join("testdata", "nested")
	res := LoadFile(filepath.Join(dir, "parent.yaml"), Options{Roots: []string{dir}, Params: map[string]string{"Env": "dev"}})
	require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
	dumps := []nestedDump{{File: filepath.ToSlash(res.Template.File), Model: dumpModel(res)}}
	for _, src := range res.Nested {
		dumps = append(dumps, nestedDump{File: filepath.ToSlash(src.Template.File), Parent: filepath.ToSlash(src.Parent.Template.File),
			Stack: src.Stack, Model: dumpModel(Result{Template: src.Template})})
	}
	assertGoldenJSON(t, filepath.Join(dir, "parent.golden.json"), dumps)
}

// assertGoldenJSON compares v, as indented JSON, with the golden file
// (rewritten first with -update).
func assertGoldenJSON(t *testing.T, golden string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(golden, append(got, '\n'), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./scanners -update to create %s", golden)
	assert.JSONEq(t, string(want), string(got))
}
