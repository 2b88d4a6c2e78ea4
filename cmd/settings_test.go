package cmd

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrencyEveryFunctionSetting shows the config's settings block
// reaching the rules: by default BW-CONCURRENCY-001 reports nothing in a
// template without a tier; settings.concurrency_every_function brings back
// one finding per function without a reservation.
func TestConcurrencyEveryFunctionSetting(t *testing.T) {
	tmpl := `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get: {Type: Api, Properties: {Path: /, Method: get}}
  Worker:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12}
`
	tests := []struct {
		name   string
		config string
		want   []string
	}{
		{"default scope", "fail_on: none\n", nil},
		{"setting off", "fail_on: none\nsettings: {concurrency_every_function: false}\n", nil},
		{"setting on", "fail_on: none\nsettings: {concurrency_every_function: true}\n", []string{"Api", "Worker"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "app.yaml", tmpl)
			cfg := writeFile(t, dir, ".bulwark.yaml", tc.config)
			code, out, stderr := run(t, "scan", "--config", cfg, "--format", "json", filepath.Join(dir, "app.yaml"))
			require.Equal(t, ExitOK, code, stderr)
			var rep struct {
				Findings []struct {
					RuleID   string `json:"rule_id"`
					Resource string `json:"resource"`
				}
			}
			require.NoError(t, json.Unmarshal([]byte(out), &rep))
			var got []string
			for _, f := range rep.Findings {
				if f.RuleID == "BW-CONCURRENCY-001" {
					got = append(got, f.Resource)
				}
			}
			assert.ElementsMatch(t, tc.want, got)
		})
	}
}
