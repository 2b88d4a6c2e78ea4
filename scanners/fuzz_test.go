package scanners

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// seeds adds every file of the given folders (relative to the repository
// root) to a fuzz target's seed corpus. Seeds live in the top-level
// testdata/fuzz; crashers the fuzzer finds are written by Go under
// scanners/testdata/fuzz and replay as regression tests from then on.
func seeds(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		entries, _ := os.ReadDir(filepath.Join("..", dir))
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			data, err := os.ReadFile(filepath.Join("..", dir, e.Name()))
			if err == nil {
				f.Add(data)
			}
		}
	}
}

// FuzzLoad: no input makes the loader panic or hang, every diagnostic
// names its file, and every resource of a loaded template can be located.
func FuzzLoad(f *testing.F) {
	seeds(f, "testdata/fuzz/load", "testdata/loader", "testdata/examples", "testdata/tiers")
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"t.yaml", "t.json"} {
			res := Load(name, data, Options{})
			for _, d := range res.Diagnostics {
				if d.File != name || d.Message == "" {
					t.Fatalf("diagnostic without file or message: %+v", d)
				}
			}
			if res.Template == nil {
				continue
			}
			for _, r := range res.Template.Resources {
				if loc := res.Template.Locate(r.ID, []any{"Properties", "X", 0}); loc.File != name {
					t.Fatalf("location of %s has file %q", r.ID, loc.File)
				}
			}
		}
	})
}

// FuzzJSONMatchesYAML is differential: when both the JSON fast path and
// yaml.v3 accept a document, they must build the same tree.
func FuzzJSONMatchesYAML(f *testing.F) {
	seeds(f, "testdata/fuzz/load", "testdata/loader")
	f.Add([]byte(`{"a": [1, 2.5, "x\n", true, null, {"b": {}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// YAML treats NEL, LS and PS as line breaks (folding them inside
		// quoted strings and counting lines by them); JSON, and the fast
		// path, treat them as ordinary characters. That difference is
		// deliberate, so such input is not compared.
		if bytes.ContainsAny(data, "\u0085\u2028\u2029") {
			return
		}
		got, err := parseJSON(data)
		if err != nil {
			return
		}
		var want yaml.Node
		if yaml.Unmarshal(data, &want) != nil || want.Kind == 0 {
			return // JSON that yaml.v3 rejects (\/, surrogate pairs) is fine
		}
		sameTree(t, "fuzz", &want, got)
	})
}

// FuzzYAMLMatchesYAML: whatever the YAML fast path reads, yaml.v3 reads
// too, into the same tree (kinds, tags, styles, values, lines, columns).
func FuzzYAMLMatchesYAML(f *testing.F) {
	seeds(f, "testdata/fuzz/load", "testdata/loader")
	for _, src := range fastYAMLDocs {
		f.Add([]byte(src))
	}
	for _, src := range fastYAMLFallbacks {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parseYAMLFast(data)
		if err != nil {
			return
		}
		var want yaml.Node
		if err := yaml.Unmarshal(data, &want); err != nil {
			t.Fatalf("the fast path read what yaml.v3 rejects (%v): %q", err, data)
		}
		sameTree(t, "fuzz", &want, got)
	})
}

// FuzzResolve puts arbitrary YAML where a property value goes, in a
// template with parameters, mappings and conditions to resolve against.
func FuzzResolve(f *testing.F) {
	for _, v := range []string{"!Ref Env", "!If [IsProd, a, b]", "!Sub '${Env}-${!x}-${A.B}'", "!Select [1, !Split [',', 'a,b']]",
		"!FindInMap [M, !Ref Env, k]", "!Join ['', [!Ref Env, !GetAZs '']]", "!Condition IsProd", "[!Ref AWS::NoValue]"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, value string) {
		src := "Parameters:\n  Env: {Type: String, Default: prod}\nMappings:\n  M: {prod: {k: v}}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  C2: !Or [!Condition IsProd, !Condition C2]\nResources:\n  R:\n    Type: AWS::X::Y\n    Condition: C2\n    Properties:\n      V: " + value + "\n"
		_ = Load("t.yaml", []byte(src), Options{})
	})
}

// FuzzSchedule: no expression panics, and a parsed one has a positive
// interval.
func FuzzSchedule(f *testing.F) {
	seeds(f, "testdata/fuzz/schedule")
	for _, s := range []string{"cron(0 3 * * ? *)", "rate(5 minutes)", "cron(0/15 8-17 ? * MON-FRI *)", "cron(0 0 L * ? *)", "cron(0 0 ? * 6#3 *)", "cron(0 0 15W * ? *)"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, expr []byte) {
		s := ParseSchedule(string(expr))
		if s.Error == "" && s.IntervalSeconds <= 0 {
			t.Fatalf("%q parsed with interval %d", expr, s.IntervalSeconds)
		}
	})
}

// budgetProgram turns fuzz bytes into a template that multiplies values:
// each byte adds one property V<i> (anchored &v<i>) whose value is an
// intrinsic (or a list) over the earlier ones through aliases, so nested
// Fn::Join/Split/Sub/Select/If/FindInMap/Ref grow exponentially; the last
// one is also a SAM Globals list merged into several functions.
func budgetProgram(data []byte) string {
	if len(data) < 2 {
		return ""
	}
	var b strings.Builder
	paramDefault := strings.Repeat("a,bc,", int(data[0])%64+1)
	fmt.Fprintf(&b, "Parameters:\n  P: {Type: String, Default: '%s'}\n  L: {Type: CommaDelimitedList, Default: '%s'}\n", paramDefault, paramDefault)
	b.WriteString("Mappings:\n  M: {k: {v: [a, b, c]}}\nConditions:\n  C: !Equals [!Ref P, x]\nResources:\n  R:\n    Type: AWS::Serverless::Function\n    Properties:\n")
	functions := int(data[1]) % 20
	ops := data[2:]
	if len(ops) > 48 {
		ops = ops[:48]
	}
	n := 0
	for i, op := range ops {
		prev := func(k int) string {
			if i == 0 {
				return "'" + strings.Repeat("x", int(op)%7+1) + "'"
			}
			return fmt.Sprintf("*v%d", i-1-(int(op)/10+k)%i)
		}
		var expr string
		switch op % 10 {
		case 0:
			expr = "'" + strings.Repeat("y,", int(op)/10+1) + "'"
		case 1:
			expr = "!Ref P"
		case 2:
			expr = "!Ref L"
		case 3:
			expr = fmt.Sprintf("!Join [',', [%s, %s]]", prev(0), prev(1))
		case 4:
			expr = fmt.Sprintf("!Split [',', %s]", prev(0))
		case 5:
			expr = fmt.Sprintf("!Sub ['${A}-${A}', {A: %s}]", prev(0))
		case 6:
			expr = fmt.Sprintf("!Select [%d, %s]", op%3, prev(0))
		case 7:
			expr = fmt.Sprintf("!If [C, %s, %s]", prev(0), prev(1))
		case 8:
			expr = "!FindInMap [M, k, v]"
		case 9:
			expr = fmt.Sprintf("[%s, %s, %s]", prev(0), prev(1), prev(0))
		}
		fmt.Fprintf(&b, "      V%d: &v%d %s\n", i, i, expr)
		n++
	}
	for f := 0; f < functions; f++ {
		fmt.Fprintf(&b, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties: {Layers: [z]}\n", f)
	}
	if n > 0 {
		fmt.Fprintf(&b, "Globals:\n  Function:\n    Layers: [*v%d, *v%d]\n", n-1, n-1)
	}
	return b.String()
}

// FuzzResolveBudget: whatever program of intrinsics and aliases the bytes
// make, loading returns within its budget, without a panic: the budget's
// counts never pass its limits, everything a loaded template hands on was
// paid for, and running out is an error that names the file.
func FuzzResolveBudget(f *testing.F) {
	seeds(f, "testdata/fuzz/budget")
	f.Add([]byte{3, 5, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3})
	f.Add([]byte{63, 19, 1, 4, 9, 9, 9, 9, 9, 9, 9, 9})
	f.Add([]byte{10, 10, 2, 5, 5, 5, 5, 5, 5, 7, 6, 8, 13, 23})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := budgetProgram(data)
		if src == "" {
			return
		}
		opts := Options{budgetValues: 20_000, budgetBytes: 256 << 10}
		res := Load("t.yaml", []byte(src), opts)
		if b := res.budget; b != nil {
			if b.values > b.maxValues || b.bytes > b.maxBytes {
				t.Fatalf("drew %d values / %d bytes from a budget of %d / %d", b.values, b.bytes, b.maxValues, b.maxBytes)
			}
			if b.exceeded {
				if res.Template != nil {
					t.Fatalf("a template whose budget ran out was returned")
				}
				found := false
				for _, d := range res.Diagnostics {
					found = found || d.File == "t.yaml" && d.Severity == SeverityError && strings.Contains(d.Message, "resolution budget exceeded")
				}
				if !found {
					t.Fatalf("budget exceeded without its diagnostic: %v", res.Diagnostics)
				}
			}
		}
		if res.Template != nil {
			values, bytes := outputSize(res.Template)
			if values > res.budget.values || bytes > res.budget.bytes {
				t.Fatalf("the template holds %d values / %d bytes, more than the %d / %d paid for", values, bytes, res.budget.values, res.budget.bytes)
			}
		}
	})
}
