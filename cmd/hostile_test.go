package cmd

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostileInput: each input gets a clear diagnostic and exit code 2
// within a bounded time, never a hang, a crash or a silent pass.
func TestHostileInput(t *testing.T) {
	bomb := "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 12; i++ {
		bomb += "a" + itoa(i) + ": &a" + itoa(i) + " [" + strings.Repeat("*a"+itoa(i-1)+", ", 9) + "*a" + itoa(i-1) + "]\n"
	}
	bomb += "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties: {Tags: *a11}\n"
	deep := "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      X: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
	var many strings.Builder
	many.WriteString("Resources:\n")
	for i := 0; i < 30; i++ {
		many.WriteString("  Q" + itoa(i) + ": {Type: AWS::SQS::Queue}\n")
	}
	subBomb := "Parameters:\n  P: {Type: String, Default: " + strings.Repeat("x", 5000) + "}\nResources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '" + strings.Repeat("${P}", 400) + "'\n"
	cyclic := "Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Condition: A\n"

	tests := []struct {
		name, file, content string
		args                []string
		message             string
		code                int
	}{
		{"billion laughs", "bomb.yaml", bomb, nil, "nodes (alias expansion or size limit)", ExitError},
		{"nesting depth", "deep.yaml", deep, nil, "", ExitError},
		{"file size", "big.yaml", "Resources: {}\n" + strings.Repeat("# pad\n", 400), []string{"--max-file-size", "1000"}, "above the 1000-byte limit", ExitError},
		{"resource count", "many.yaml", many.String(), []string{"--max-resources", "20"}, "30 resources, above the limit of 20", ExitError},
		{"cyclic conditions", "cyclic.yaml", cyclic, nil, "cycle", ExitError},
		{"binary file", "bin.yaml", "Resources:\x00\x01\x02\xff", nil, "binary content", ExitError},
		{"invalid UTF-8", "latin1.yaml", "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: caf\xe9}\n", nil, "not valid UTF-8", ExitError},
		{"syntax error", "broken.json", "{\"Resources\": {\"A\": ", nil, "JSON syntax error", ExitError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeFile(t, dir, tc.file, tc.content)
			start := time.Now()
			code, out, stderr := run(t, append([]string{"scan", p}, tc.args...)...)
			elapsed := time.Since(start)
			assert.Equal(t, tc.code, code, "stdout: %s\nstderr: %s", out, stderr)
			assert.Contains(t, out, p, "the diagnostic names the file")
			assert.Contains(t, out, tc.message)
			assert.Less(t, elapsed, 10*time.Second, "must not hang")
		})
	}
	// Fn::Sub expansion stays bounded: the 2 MB string is not built, the
	// value stays unknown and the scan completes.
	t.Run("Fn::Sub expansion", func(t *testing.T) {
		p := writeFile(t, t.TempDir(), "sub.yaml", subBomb)
		start := time.Now()
		code, _, _ := run(t, "scan", "--format", "json", p)
		assert.NotEqual(t, ExitError, code)
		assert.Less(t, time.Since(start), 10*time.Second)
	})
}

func TestUnreadableAndLoopingPaths(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permissions and symlinks differ on Windows")
	}
	dir := t.TempDir()
	writeFile(t, dir, "ok.yaml", "Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
	require.NoError(t, os.Symlink(dir, filepath.Join(dir, "loop")))
	secret := writeFile(t, dir, "locked.yaml", "Resources: {}\n")
	require.NoError(t, os.Chmod(secret, 0))
	defer os.Chmod(secret, 0o644)
	start := time.Now()
	code, out, _ := run(t, "scan", dir)
	assert.Less(t, time.Since(start), 10*time.Second, "a symlink loop must not hang the walk")
	if os.Geteuid() == 0 {
		// root reads any file: only the loop is exercised.
		assert.NotEqual(t, -1, code)
		return
	}
	assert.Equal(t, ExitError, code)
	assert.Contains(t, out, "locked.yaml")
	assert.Contains(t, out, "permission denied")
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestStrictReportsWhatCouldNotBeVerified: an unresolved value passes by
// default and becomes a low "could not be verified" finding with --strict.
func TestStrictReportsWhatCouldNotBeVerified(t *testing.T) {
	p := writeFile(t, t.TempDir(), "t.yaml", `Parameters:
  Pitr: {Type: String}
  MultiAz: {Type: String}
Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: !Ref Pitr}
  D:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: postgres, MultiAZ: !Ref MultiAz, BackupRetentionPeriod: 7}
`)
	code, rep := scanJSON(t, "--fail-on", "info", p)
	assert.Equal(t, ExitOK, code, "unknown values are not failures")
	assert.Empty(t, rep.Findings)
	code, rep = scanJSON(t, "--strict", "--fail-on", "low", p)
	assert.Equal(t, ExitFindings, code)
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.RuleID+":"+f.Resource] = f.Status
	}
	assert.Contains(t, got, "BW-PITR-001:T")
	assert.Contains(t, got, "BW-MULTI-AZ-005:D")
}
