package scanners

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBadInputBecomesDiagnostics(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		src     string
		line    int
		message string
		partial bool // the template still loads, with the diagnostic
	}{
		{"yaml syntax error", "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: [unclosed\n", 4, "YAML syntax error", false},
		{"json syntax error", "t.json", "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"A\": {\"Type\": \"X\",}\n", 0, "JSON syntax error", false},
		{"template without Resources", "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nDescription: nothing\n", 1, "no Resources section", false},
		{"SAM template without Resources", "t.yaml", "Transform: AWS::Serverless-2016-10-31\n", 1, "no Resources section", false},
		{"not UTF-8", "t.yaml", "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Description: caf\xe9\n", 4, "not valid UTF-8", false},
		{"binary", "t.yaml", "Resources:\x00\x01\x02", 1, "binary content", false},
		{"resource without Type", "t.yaml", "Resources:\n  A:\n    Properties: {}\n", 2, "resource A has no Type", true},
		{"resource not a mapping", "t.yaml", "Resources:\n  A: 3\n  B:\n    Type: AWS::SQS::Queue\n", 2, "resource A is not a mapping", true},
		{"Resources not a mapping", "t.yaml", "Resources: [a]\n", 1, "Resources must be a mapping", false},
		{"unknown tag", "t.yaml", "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Nope x\n", 5, "unknown tag !Nope", true},
		{"undefined condition", "t.yaml", "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Condition: Missing\n", 0, "condition Missing is used but not defined", true},
		{"alias bomb", "t.yaml", bomb(), 0, "more than", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Load(tc.file, []byte(tc.src), Options{})
			require.False(t, res.Skipped, "a broken template must not be skipped silently")
			require.NotEmpty(t, res.Diagnostics)
			d := res.Diagnostics[0]
			assert.Equal(t, tc.file, d.File)
			assert.Equal(t, SeverityError, d.Severity)
			assert.Contains(t, d.Message, tc.message)
			if tc.line != 0 {
				assert.Equal(t, tc.line, d.Line, "line of %q", d.Message)
			}
			assert.Equal(t, tc.partial, res.Template != nil)
		})
	}
}

// TestDuplicateKeysWarnAndTheLastValueWins: CloudFormation accepts a
// duplicate key and uses its last value, so bulwark does the same and warns,
// naming both lines, in every parser (fast YAML, yaml.v3, JSON); findings
// point at the occurrence in use.
func TestDuplicateKeysWarnAndTheLastValueWins(t *testing.T) {
	yamlSrc := "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 1\n      DelaySeconds: 2\n"
	tests := []struct {
		name, file, src string
		warnings        []string // line: message
		queueLine       int      // where resource A is located
		delayLine       int      // where its DelaySeconds is located
	}{
		{"fast YAML", "t.yaml", yamlSrc, []string{
			`4: duplicate key "A" at line 2; line 4's value is used, as CloudFormation does`,
			`8: duplicate key "DelaySeconds" at line 7; line 8's value is used, as CloudFormation does`,
		}, 4, 8},
		{"yaml.v3 (a document marker)", "t.yaml", "---\n" + yamlSrc, []string{
			`5: duplicate key "A" at line 3; line 5's value is used, as CloudFormation does`,
			`9: duplicate key "DelaySeconds" at line 8; line 9's value is used, as CloudFormation does`,
		}, 5, 9},
		{"JSON", "t.json", "{\"Resources\": {\n \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n \"A\": {\"Type\": \"AWS::SQS::Queue\",\n  \"Properties\": {\"DelaySeconds\": 1,\n   \"DelaySeconds\": 2}}}}\n", []string{
			`3: duplicate key "A" at line 2; line 3's value is used, as CloudFormation does`,
			`5: duplicate key "DelaySeconds" at line 4; line 5's value is used, as CloudFormation does`,
		}, 3, 5},
		{"three times", "t.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: 2}\n", []string{
			`6: duplicate key "A" at lines 2 and 4; line 6's value is used, as CloudFormation does`,
		}, 6, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Load(tc.file, []byte(tc.src), Options{})
			require.NotNil(t, res.Template)
			var got []string
			for _, d := range res.Diagnostics {
				assert.Equal(t, SeverityWarning, d.Severity, d.Message)
				assert.Equal(t, tc.file, d.File)
				got = append(got, fmt.Sprintf("%d: %s", d.Line, d.Message))
			}
			assert.ElementsMatch(t, tc.warnings, got)
			require.Len(t, res.Template.Resources, 1)
			a := res.Template.Resources[0]
			assert.Equal(t, "AWS::SQS::Queue", a.Type, "the last value is used")
			assert.EqualValues(t, 2, a.Properties["DelaySeconds"], "the last value is used")
			assert.Equal(t, tc.queueLine, res.Template.Locate("A", nil).Line)
			assert.Equal(t, tc.delayLine, res.Template.Locate("A", []any{"Properties", "DelaySeconds"}).Line)
		})
	}
	// Without duplicates, no warning.
	res := Load("t.yaml", []byte("Resources:\n  A:\n    Type: AWS::SQS::Queue\n  B:\n    Type: AWS::SQS::Queue\n"), Options{})
	assert.Empty(t, res.Diagnostics)
}

// bomb is a "billion laughs" document: nine levels of nine aliases.
func bomb() string {
	s := "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 10; i++ {
		s += "a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " ["
		for j := 0; j < 9; j++ {
			if j > 0 {
				s += ", "
			}
			s += "*a" + string(rune('0'+i-1))
		}
		s += "]\n"
	}
	return s + "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: *a9\n"
}

func TestNonTemplatesAreSkipped(t *testing.T) {
	for name, src := range map[string]string{
		"config.yaml":  "name: app\nreplicas: 3\n",
		"package.json": `{"name": "x", "version": "1.0.0"}`,
		"list.yaml":    "- a\n- b\n",
		"empty.yaml":   "",
		"broken.yaml":  "key: [unclosed\n",
	} {
		res := Load(name, []byte(src), Options{})
		assert.True(t, res.Skipped, "%s should be skipped", name)
		assert.Empty(t, res.Diagnostics, name)
	}
}

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) { require.NoError(t, err) }
	must(os.MkdirAll(filepath.Join(dir, "a", "node_modules"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "a", "t.yaml"), []byte("Resources: {}"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "a", "t.template"), []byte("{}"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "a", "readme.md"), []byte("#"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "a", "node_modules", "x.json"), []byte("{}"), 0o644))
	// A symlink loop must not hang the walk.
	must(os.Symlink(dir, filepath.Join(dir, "a", "loop")))
	files, diags := Discover([]string{dir, filepath.Join(dir, "missing")})
	assert.Equal(t, []string{filepath.Join(dir, "a", "t.template"), filepath.Join(dir, "a", "t.yaml")}, files)
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Message, "no such file")
}
