package scanners

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// fastYAMLDocs are documents the fast path must read exactly as yaml.v3 does.
var fastYAMLDocs = map[string]string{
	"mapping":            "A: 1\nB: two\nC:\n  D: true\n  E: null\n",
	"scalars":            "a: 012\nb: 0x1F\nc: 1e3\nd: -1.5\ne: ~\nf: yes\ng: True\nh: 2001-12-14\ni: .inf\nj: 1_000\nk: ''\nl: \"\"\n",
	"sequence":           "A:\n  - 1\n  - b\n  -   c\n",
	"indentless":         "A:\n- 1\n- 2\nB: x\n",
	"compact":            "A:\n  - K: v\n    L: w\n  - - nested\n    - again\n  - M: [1, 2]\n",
	"tags":               "A: !Ref X\nB: !GetAtt T.Arn\nC: !Sub '${AWS::Region}-x'\nD: !If [C, !Ref A, !Ref \"AWS::NoValue\"]\nE: !Join\n  - ''\n  - - a\n    - !Ref B\n",
	"tagged flow":        "A: !Select [0, !GetAZs '']\nB: !Equals [!Ref Env, prod]\n",
	"flow":               "A: {K: v, L: [1, 2, {M: n}], 'q': \"r\"}\nB: []\nC: {}\n",
	"flow lines":         "A: [\n  a,\n  b, # comment\n  c\n]\nB: {x: 1,\n  y: 2}\n",
	"quoted":             "a: 'it''s'\nb: \"tab\\there \\\"q\\\" \\u00e9 \\x41 \\U0001F600\"\nc: \"#not a comment\"\n\"d e\": 1\n'f': 2\n",
	"comments":           "# head\nA: 1 # line\n\n  # indented comment\nB:\n  # before\n  C: 2\n# foot\n",
	"literal":            "A: |\n  line one\n    indented\n\n  line three\nB: x\n",
	"literal strip":      "A: |-\n  x\n\n\nB: |+\n  y\n\n\nC: z\n",
	"folded":             "A: >\n  one\n  two\n\n  three\nB: >-\n  x\n  y\n",
	"tagged literal":     "A: !Sub |\n  echo ${X}\n  done\nB:\n  - !Base64 |\n    #!/bin/bash\n    echo hi\n",
	"block in seq":       "A:\n  - |\n    x\n  - y\n",
	"plain text":         "A: a b c:d e#f\nB: http://example.com/x?y=z\nC: -1\nD: arn:aws:s3:::bucket/*\nE: '*'\nF: ?x\n",
	"unicode":            "A: h\u00e9llo w\u00f6rld\n\u00e9: [\u00e4, \u00f6]\nB: 'x'\n",
	"deep":               "A:\n  B:\n    C:\n      D:\n        - E:\n            F: [g]\n",
	"trailing space":     "A: x   \nB:    y\n",
	"no final break":     "A: x",
	"leading blank":      "\n\n# c\n\nA: 1\n",
	"long plain key":     "Key with spaces: v\n",
	"seq after tag":      "A: !Join\n- ''\n- [a, b]\n",
	"empty literal line": "A: |\n  x\n \n  y\n",
	"empty values":       "A:\nB: !GetAZs\nC:   # comment\n\nD:\n  - !GetAZs\n  - x\nE:\n\n  scalar below\nF: # c\n  !Ref x\nG:",
	"nested dashes":      "A:\n  - - a\n    - - b\n      - c\n  - d\n",
	"colon start":        "A:\n  - :lambda:path\n  - :*\n  - ?q\n",
}

// fastYAMLFallbacks are documents outside the subset: the fast path must
// give up (yaml.v3 reads them, or reports their errors).
var fastYAMLFallbacks = []string{
	"---\nA: 1\n", "%YAML 1.2\n---\nA: 1\n", "A: &x 1\nB: *x\n", "A:\n  <<: {b: 1}\n", "A: 1\r\nB: 2\r\n",
	"A:\t1\n", "A:\n  -\n", "A: !Ref\n  x\n", "A: [:x]\n", "A: multi\n  line\n", "A: 'multi\n  line'\n", "? complex\n: key\n",
	"A: |2\n   x\n", "- a\n- b\n", "just a scalar\n", "A: [a, b\n", "A: {a: 1,}\n", "A: !!str 1\n",
	"A: x\n  B: y\n", "A: b: c\n", "A: [a: b]\n", "A: \"bad \\/ escape\"\n", "A: >\n  x\n   more\n  y\n",
}

func TestFastYAMLMatchesYAML(t *testing.T) {
	docs := map[string]string{}
	for k, v := range fastYAMLDocs {
		docs[k] = v
	}
	for name, src := range docs {
		var want yaml.Node
		require.NoError(t, yaml.Unmarshal([]byte(src), &want), name)
		got, err := parseYAMLFast([]byte(src))
		require.NoError(t, err, "%s: the fast path should read it", name)
		sameTree(t, name, &want, got)
	}
}

func TestFastYAMLGivesUpOutsideTheSubset(t *testing.T) {
	for _, src := range fastYAMLFallbacks {
		_, err := parseYAMLFast([]byte(src))
		assert.ErrorIs(t, err, errFastYAML, "%q", src)
	}
}

// TestFastYAMLOnRealTemplates compares the fast path with yaml.v3 on every
// YAML template of the corpus and of testdata, and holds it to reading most
// of them (or it would not be worth having).
func TestFastYAMLOnRealTemplates(t *testing.T) {
	roots := []string{"../testdata"}
	if _, err := os.Stat(corpusDir); err == nil {
		roots = append(roots, corpusDir)
	}
	files, _ := Discover(roots)
	total, fast := 0, 0
	var fellBack []string
	for _, f := range files {
		if ext := filepath.Ext(f); ext != ".yaml" && ext != ".yml" || strings.Contains(f, "hostile") {
			continue
		}
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var want yaml.Node
		if yaml.Unmarshal(data, &want) != nil {
			continue
		}
		total++
		got, err := parseYAMLFast(data)
		if err != nil {
			fellBack = append(fellBack, f)
			continue
		}
		fast++
		sameTree(t, f, &want, got)
	}
	t.Logf("fast path read %d of %d YAML files; fell back on: %v", fast, total, fellBack)
	require.Positive(t, total)
	assert.GreaterOrEqual(t, float64(fast)/float64(total), 0.8, "the fast path reads at least 80%% of real templates")
}
