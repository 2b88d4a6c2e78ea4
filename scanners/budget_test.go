package scanners

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// budgetBombs are the three ways issue #15 made a small template expand
// without bound, each at the scale reported (a few hundred KB at most).
// line is where the diagnostic must point.
func budgetBombs() []struct {
	name, src, fn string
	line          int
} {
	aliases := func(ref string, n int) string { return strings.TrimSuffix(strings.Repeat(ref+", ", n), ", ") }
	// Fn::Split of a 300,000-comma parameter, used through 100 aliases:
	// 30 million strings.
	split := "Parameters:\n  P:\n    Type: String\n    Default: '" + strings.Repeat(",", 300_000) + "'\n" +
		"Resources:\n  R:\n    Type: AWS::SQS::Queue\n    Properties:\n" +
		"      A: &s !Split [',', !Ref P]\n      B: [" + aliases("*s", 100) + "]\n"
	// A 1 MB Fn::Join of Refs, joined again through 100 aliases: 100 MB
	// built before the 1 MB cap on the outer Join was ever checked.
	join := "Parameters:\n  P:\n    Type: String\n    Default: " + strings.Repeat("x", 4096) + "\n" +
		"Resources:\n  R:\n    Type: AWS::SQS::Queue\n    Properties:\n" +
		"      A: &j !Join ['', [" + aliases("!Ref P", 255) + "]]\n      B: !Join ['', [" + aliases("*j", 100) + "]]\n"
	// A Globals list of 30,000 layers merged into 3,000 functions: 90
	// million list items.
	var g strings.Builder
	g.WriteString("Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Layers:\n")
	g.WriteString(strings.Repeat("      - l\n", 30_000))
	g.WriteString("Resources:\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&g, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties:\n      Layers: [x]\n", i)
	}
	return []struct {
		name, src, fn string
		line          int
	}{
		{"Fn::Split through aliases", split, "Fn::Split", 10},
		{"Fn::Join over Fn::Join", join, "Fn::Join", 10},
		// The budget runs out in some function after the 60th; its
		// Layers line is 30,005 + 4k + 4 for function k.
		{"SAM Globals list into every function", g.String(), "SAM Globals", -1},
	}
}

// TestResolutionBudget: each bomb stops with one error diagnostic naming
// the file, the line and what ran out, no template is evaluated, and
// loading allocates a bounded amount (the unbounded code allocated
// gigabytes and ran for minutes on each).
func TestResolutionBudget(t *testing.T) {
	for _, tc := range budgetBombs() {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res := Load("t.yaml", []byte(tc.src), Options{})
			runtime.ReadMemStats(&after)
			assert.Nil(t, res.Template, "a template whose resolution stopped is not evaluated")
			var found *Diagnostic
			for i, d := range res.Diagnostics {
				if strings.Contains(d.Message, "resolution budget exceeded") {
					found = &res.Diagnostics[i]
				}
			}
			require.NotNil(t, found, "%v", res.Diagnostics)
			assert.Equal(t, "t.yaml", found.File)
			assert.Equal(t, SeverityError, found.Severity)
			assert.True(t, strings.HasPrefix(found.Message, tc.fn+": resolution budget exceeded ("), found.Message)
			assert.Contains(t, found.Message, "the template expands without bound")
			if tc.line > 0 {
				assert.Equal(t, tc.line, found.Line)
			} else {
				assert.Greater(t, found.Line, 30_005, "a function's line, not the file's")
				assert.Equal(t, 0, (found.Line-30_005)%4, "the Layers line of a function")
			}
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %d MB", allocated>>20)
			assert.Less(t, allocated, uint64(1<<30), "loading must stay within a bounded multiple of the budget")
		})
	}
}

// TestBudgetNotReachedByRealTemplates: the corpus and the project's own
// templates resolve well within the budget (their scan output is
// unchanged by it), with room to spare.
func TestBudgetNotReachedByRealTemplates(t *testing.T) {
	var files []string
	for _, dir := range []string{corpusDir, "../testdata/examples", "../testdata/tiers", "../testdata/loader"} {
		found, _ := Discover([]string{dir})
		files = append(files, found...)
	}
	require.NotEmpty(t, files)
	var most [2]int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		res := Load(f, data, Options{})
		for _, d := range res.Diagnostics {
			assert.NotContains(t, d.Message, "resolution budget", f)
		}
		if res.Template != nil {
			most[0] = max(most[0], res.Template.budget.values)
			most[1] = max(most[1], res.Template.budget.bytes)
		}
	}
	t.Logf("%d files; the most any drew: %d values, %d bytes", len(files), most[0], most[1])
	assert.Less(t, most[0], int64(defaultBudgetValues/20))
	assert.Less(t, most[1], int64(defaultBudgetBytes/20))
}

// TestBudgetCoversWhatIsProduced: every value in a loaded template was
// paid for (the budget's count is at least the logical size of the
// output), for templates that use every kind of expansion.
func TestBudgetCoversWhatIsProduced(t *testing.T) {
	files, _ := Discover([]string{"../testdata/examples", "../testdata/loader"})
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		res := Load(filepath.Base(f), data, Options{})
		if res.Template == nil {
			continue
		}
		values, bytes := outputSize(res.Template)
		assert.LessOrEqual(t, values, res.Template.budget.values, f)
		assert.LessOrEqual(t, bytes, res.Template.budget.bytes, f)
	}
}

// outputSize is the logical size of everything a loaded template hands on.
func outputSize(t *Template) (values, bytes int64) {
	add := func(v any) {
		n, b, _ := sizeOf(v, 1<<62, 1<<62)
		values += n
		bytes += b
	}
	for _, r := range t.Resources {
		add(r.Properties)
		add(r.Metadata)
		add(r.Attributes)
	}
	add(t.Parameters)
	add(t.Metadata)
	return values, bytes
}

// TestLocateScalesLinearly: loading a template and locating every one of
// its resources does work linear in the resources, in YAML and in
// single-line JSON. Looking each id up by scanning the Resources mapping
// was quadratic (20,000 resources took minutes).
func TestLocateScalesLinearly(t *testing.T) {
	yamlOf := func(n int) (string, []byte) {
		var b strings.Builder
		b.WriteString("Resources:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  Q%d:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: q%d}\n", i, i)
		}
		return "t.yaml", []byte(b.String())
	}
	jsonOf := func(n int) (string, []byte) {
		var b strings.Builder
		b.WriteString(`{"Resources":{`)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `"F%d":{"Type":"AWS::Lambda::Function","Properties":{"FunctionName":"f%d","Timeout":30}}`, i, i)
		}
		b.WriteString("}}")
		return "t.json", []byte(b.String())
	}
	for _, tc := range []struct {
		name string
		gen  func(int) (string, []byte)
	}{{"yaml", yamlOf}, {"single-line json", jsonOf}} {
		t.Run(tc.name, func(t *testing.T) {
			steps := func(n int) int {
				name, data := tc.gen(n)
				res := Load(name, data, Options{})
				require.NotNil(t, res.Template, "%v", res.Diagnostics)
				require.Len(t, res.Template.Resources, n)
				for _, r := range res.Template.Resources {
					loc := res.Template.Locate(r.ID, []any{"Properties", "QueueName"})
					require.Equal(t, r.Location.Line, loc.Line-map[bool]int{true: 0, false: 2}[name == "t.json"])
				}
				return res.Template.doc.steps
			}
			small, large := steps(1000), steps(4000)
			t.Logf("lookup steps: %d for 1,000 resources, %d for 4,000 (ratio %.2f)", small, large, float64(large)/float64(small))
			assert.Less(t, float64(large), 5*float64(small), "not linear")
		})
	}
}
