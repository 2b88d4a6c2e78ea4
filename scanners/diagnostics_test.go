package scanners

import (
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
		{"duplicate key", "t.yaml", "Resources:\n  A:\n    Type: AWS::SQS::Queue\n  A:\n    Type: AWS::SNS::Topic\n", 4, `duplicate key "A" (first defined at line 2)`, true},
		{"duplicate property", "t.yaml", "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 1\n      DelaySeconds: 2\n", 6, `duplicate key "DelaySeconds"`, true},
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
