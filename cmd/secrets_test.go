package cmd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSecretsNeverPrinted: a NoEcho parameter's value (default or
// --param) and credentials in the environment appear in no output format.
func TestSecretsNeverPrinted(t *testing.T) {
	const secret = "Sup3rS3cretP4ss"
	const override = "0verr1dd3nS3cret"
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY")
	t.Setenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLESESSIONTOKEN")
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "db.yaml", `Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    Default: `+secret+`
  QueueName:
    Type: String
    NoEcho: "true"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUsername: admin
      MasterUserPassword: !Ref DbPassword
      DBName: !Sub "app-${DbPassword}"
      BackupRetentionPeriod: 0
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref QueueName
      VisibilityTimeout: 1
`)
	for format := range report.Formats {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(dir, "out."+format)
			code, stdout, stderr := run(t, "scan", "--format", format, "-o", out, "--param", "QueueName="+override, "-v", tmpl)
			assert.NotEqual(t, ExitError, code, stderr)
			data, err := os.ReadFile(out)
			require.NoError(t, err)
			require.NotEmpty(t, data)
			for _, text := range []string{string(data), stdout, stderr} {
				for _, s := range []string{secret, override, "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"} {
					assert.NotContains(t, text, s)
				}
			}
		})
	}
}

// TestNoEchoFailsClosed: every spelling of NoEcho but a clear false keeps
// the parameter's default out of every output format; a clear false lets
// it through (the check sees it).
func TestNoEchoFailsClosed(t *testing.T) {
	const secret = "Sup3rS3cretDefault"
	rulesDir := t.TempDir()
	writeFile(t, rulesDir, "echo.rego", echoRule) // puts QueueName in the message
	tests := []struct {
		noEcho string
		secret bool
	}{
		{"true", true}, {`"true"`, true}, {`"True"`, true}, {"TRUE", true}, {"yes", true}, {"on", true},
		{"1", true}, {`"1"`, true}, {"Y", true}, {"", true}, {"!Ref Other", true}, {"[x]", true},
		{"false", false}, {`"false"`, false}, {"False", false}, {`"FALSE"`, false},
	}
	for _, tc := range tests {
		t.Run(tc.noEcho, func(t *testing.T) {
			dir := t.TempDir()
			tmpl := writeFile(t, dir, "q.yaml", "Parameters:\n  Other: {Type: String}\n  P:\n    Type: String\n    NoEcho: "+tc.noEcho+
				"\n    Default: "+secret+"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref P\n")
			outDir := t.TempDir()
			code, stdout, stderr := run(t, append([]string{"scan", "--rules", rulesDir, "-v", tmpl}, allFormats(outDir)...)...)
			assert.NotEqual(t, ExitError, code, stderr)
			for format := range report.Formats {
				data, err := os.ReadFile(filepath.Join(outDir, format))
				require.NoError(t, err)
				all := string(data) + stdout + stderr
				if tc.secret {
					assert.NotContains(t, all, secret, "NoEcho: %s must hide the default in %s", tc.noEcho, format)
				} else {
					assert.Contains(t, all, secret, "NoEcho: %s is a clear false: the value is checked (%s)", tc.noEcho, format)
				}
			}
		})
	}
}
