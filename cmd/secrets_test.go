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
