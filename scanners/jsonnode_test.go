package scanners

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// sameTree compares what the loader reads from a node tree: kinds, tags,
// values and positions.
func sameTree(t *testing.T, file string, want, got *yaml.Node) bool {
	t.Helper()
	if want.Kind != got.Kind || want.Value != got.Value || want.Line != got.Line || want.Column != got.Column ||
		want.Tag != got.Tag || want.Style != got.Style || len(want.Content) != len(got.Content) {
		t.Errorf("%s: yaml.v3 %d:%d kind %d %s style %d %q (%d children), fast path %d:%d kind %d %s style %d %q (%d children)", file,
			want.Line, want.Column, want.Kind, want.Tag, want.Style, want.Value, len(want.Content),
			got.Line, got.Column, got.Kind, got.Tag, got.Style, got.Value, len(got.Content))
		return false
	}
	for i := range want.Content {
		if !sameTree(t, file, want.Content[i], got.Content[i]) {
			return false
		}
	}
	return true
}

// TestFastJSONMatchesYAML: the JSON fast path must build exactly the tree
// yaml.v3 builds, on every JSON template of the corpus and on tricky input.
func TestFastJSONMatchesYAML(t *testing.T) {
	docs := map[string]string{
		"escapes":  `{"a": "line\nbreak \"quoted\" \\ \u00e9 tab\t", "b": ["x", 1, -2.5, 1e3, true, false, null, {}, []]}`,
		"unicode":  "{\n  \"k\u00e9y\": \"v\u00e4lue\", \"n\": {\"deep\": [1, 2, {\"x\": \"y\"}]}\n}",
		"numbers":  `{"a": 0, "b": -0, "c": 10.25, "d": 2E-3, "e": 123456789012}`,
		"crlf":     "{\r\n  \"a\": 1,\r\n  \"b\": [\r\n    2\r\n  ]\r\n}\r\n",
		"tabs":     "{\n\t\"a\": {\n\t\t\"b\": 1\n\t}\n}",
		"one line": `{"Resources":{"A":{"Type":"AWS::SQS::Queue","Properties":{"DelaySeconds":5}}}}`,
	}
	if _, err := os.Stat(corpusDir); err == nil {
		files, _ := Discover([]string{corpusDir})
		for _, f := range files {
			if strings.HasSuffix(f, ".json") {
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				docs[f] = string(data)
			}
		}
	}
	compared := 0
	for name, src := range docs {
		var want yaml.Node
		require.NoError(t, yaml.Unmarshal([]byte(src), &want), name)
		got, err := parseJSON([]byte(src))
		require.NoError(t, err, name)
		if sameTree(t, name, &want, got) {
			compared++
		}
	}
	assert.Equal(t, len(docs), compared)
}

// JSON allows "\/" and surrogate pairs, which yaml.v3 rejects: the fast
// path reads them.
func TestFastJSONReadsWhatYAMLRejects(t *testing.T) {
	res := Load("t.json", []byte(`{"Resources": {"A": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "a\/b \ud83d\ude00"}}}}`), Options{})
	require.NotNil(t, res.Template, "%v", res.Diagnostics)
	assert.Equal(t, "a/b \U0001F600", res.Template.Resources[0].Properties["QueueName"])
}

func TestFastJSONRejectsWhatItCannotRead(t *testing.T) {
	for _, src := range []string{
		`{"a": 1,}`, `{"a" 1}`, `{a: 1}`, `["x"`, `{"a": "unterminated}`, `{"a": tru}`, `{"a": 1} trailing`,
		`{"a": "bad \x escape"}`, "{\"a\": \"ctrl\x01\"}", `{"a": -}`, `{"a": 08}`, `[-01]`, `[0e]`, `[1.]`, `[1e+]`,
	} {
		_, err := parseJSON([]byte(src))
		assert.Error(t, err, src)
	}
}
