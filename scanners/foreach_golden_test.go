package scanners

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// expandedDump is the model of a template with Fn::ForEach loops as the
// golden files record it: the resources with the line:column of every
// property path (dumpModel), plus the expanded Outputs and Conditions
// sections, each entry with its line:column and value.
type expandedDump struct {
	modelDump
	Outputs    map[string]entryDump `json:"outputs,omitempty"`
	Conditions map[string]entryDump `json:"conditions,omitempty"`
}

type entryDump struct {
	At    string `json:"at"`
	Value any    `json:"value"`
}

func dumpSection(t *Template, name string) map[string]entryDump {
	n := mappingValue(t.doc.top, name)
	if n == nil {
		return nil
	}
	out := map[string]entryDump{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		c := &converter{file: t.File}
		out[k.Value] = entryDump{At: fmt.Sprintf("%d:%d", k.Line, k.Column), Value: c.convert(n.Content[i+1], 0)}
	}
	return out
}

// TestForEachGolden holds the expanded model of a loop in each position
// (Resources, Outputs and Conditions, resource properties, nested loops;
// YAML and JSON) to golden files, lines included: a generated resource's
// line is the line of the loop body that made it.
func TestForEachGolden(t *testing.T) {
	for _, name := range []string{"resources.yaml", "resources.json", "outputs.yaml", "properties.yaml", "nested.yaml"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "foreach", name)
			res := LoadFile(path, Options{})
			require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
			dump := expandedDump{modelDump: dumpModel(res),
				Outputs: dumpSection(res.Template, "Outputs"), Conditions: dumpSection(res.Template, "Conditions")}
			assertGoldenJSON(t, path+".golden.json", dump)
		})
	}
}
