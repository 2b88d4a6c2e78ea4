package scanners

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestImplicitAPIGlobalsAreKept: SAM's implicit APIs (ServerlessRestApi,
// ServerlessHttpApi) are configured only by Globals.Api and Globals.HttpApi,
// so the template keeps those sections, resolved, for the rules.
func TestImplicitAPIGlobalsAreKept(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want map[string]any
	}{
		{"none", "Resources:\n  T: {Type: AWS::SNS::Topic}\n", nil},
		{"function globals only", "Globals:\n  Function: {Timeout: 3}\nResources:\n  T: {Type: AWS::SNS::Topic}\n", nil},
		{"api and http api, resolved", `Parameters:
  Rate: {Type: Number, Default: 50}
  Burst: {Type: Number}
Globals:
  Function: {Timeout: 3}
  Api:
    MethodSettings:
      - {HttpMethod: "*", ResourcePath: "/*", ThrottlingRateLimit: !Ref Rate}
  HttpApi:
    DefaultRouteSettings: {ThrottlingBurstLimit: !Ref Burst}
Resources:
  T: {Type: AWS::SNS::Topic}
`, map[string]any{
			"Api":     map[string]any{"MethodSettings": []any{map[string]any{"HttpMethod": "*", "ResourcePath": "/*", "ThrottlingRateLimit": int64(50)}}},
			"HttpApi": map[string]any{"DefaultRouteSettings": map[string]any{"ThrottlingBurstLimit": map[string]any{"Ref": "Burst"}}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Load("t.yaml", []byte(tc.src), Options{})
			require.NotNil(t, res.Template, "%v", res.Diagnostics)
			assert.Equal(t, tc.want, res.Template.Globals)
		})
	}
}
