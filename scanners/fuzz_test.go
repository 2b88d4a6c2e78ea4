package scanners

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
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
