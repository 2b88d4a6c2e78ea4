package scanners

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resolveProp loads a one-resource template around a property value and
// returns the resolved value of Properties.Value.
func resolveProp(t *testing.T, head, value string, params map[string]string) (any, bool) {
	t.Helper()
	src := head + "\nResources:\n  R:\n    Type: AWS::X::Y\n    Properties:\n      Value: " + value + "\n"
	res := Load("t.yaml", []byte(src), Options{Params: params})
	require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
	require.Len(t, res.Template.Resources, 1)
	v, ok := res.Template.Resources[0].Properties["Value"]
	return v, ok
}

const head = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  EnablePitr: {Type: String, Default: "true"}
  NoDefault: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "subnet-a, subnet-b"}
  Count: {Type: Number, Default: 3}
  Ssm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /my/param}
Mappings:
  EnvMap:
    prod: {Size: large, Multi: "true"}
    dev: {Size: small, Multi: "false"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  ProdAndPitr: !And [!Condition IsProd, !Equals [!Ref EnablePitr, "true"]]
  Either: !Or [!Condition IsDev, !Equals [!Ref NoDefault, x]]
  Unknown: !Equals [!Ref NoDefault, x]
  InRegion: !Equals [!Ref "AWS::Region", us-east-1]`

func TestResolveIntrinsics(t *testing.T) {
	tests := []struct {
		name   string
		value  string
		params map[string]string
		want   any
		absent bool
	}{
		{"ref to parameter default", "!Ref EnablePitr", nil, "true", false},
		{"ref overridden by --param", "!Ref EnablePitr", map[string]string{"EnablePitr": "false"}, "false", false},
		{"ref without default stays intrinsic", "!Ref NoDefault", nil, map[string]any{"Ref": "NoDefault"}, false},
		{"ref to resource stays intrinsic", "!Ref R", nil, map[string]any{"Ref": "R"}, false},
		{"ref to SSM parameter is unknown", "!Ref Ssm", nil, map[string]any{"Ref": "Ssm"}, false},
		{"ref to list parameter splits", "!Ref Subnets", nil, []any{"subnet-a", "subnet-b"}, false},
		{"ref to number keeps number", "!Ref Count", nil, int64(3), false},
		{"ref to pseudo parameter is unknown", "!Ref AWS::Region", nil, map[string]any{"Ref": "AWS::Region"}, false},
		{"NoValue removes the property", "!Ref AWS::NoValue", nil, nil, true},
		{"if with true condition", "!If [IsProd, true, false]", nil, true, false},
		{"if with false condition", "!If [IsDev, true, false]", nil, false, false},
		{"if follows overrides", "!If [IsProd, true, false]", map[string]string{"Env": "dev"}, false, false},
		{"if with NoValue branch removes", "!If [IsDev, x, !Ref AWS::NoValue]", nil, nil, true},
		{"if on unknown condition stays", "!If [Unknown, a, b]", nil, map[string]any{"Fn::If": []any{"Unknown", "a", "b"}}, false},
		{"and of known conditions", "!If [ProdAndPitr, yes, no]", nil, "yes", false},
		{"or with unknown side but true other", "!If [Either, yes, no]", map[string]string{"Env": "dev"}, "yes", false},
		{"or with unknown side and false other stays", "!If [Either, yes, no]", nil, map[string]any{"Fn::If": []any{"Either", "yes", "no"}}, false},
		{"condition on pseudo parameter is unknown", "!If [InRegion, a, b]", nil, map[string]any{"Fn::If": []any{"InRegion", "a", "b"}}, false},
		{"find in map", "!FindInMap [EnvMap, !Ref Env, Size]", nil, "large", false},
		{"find in map with override", "!FindInMap [EnvMap, !Ref Env, Multi]", map[string]string{"Env": "dev"}, "false", false},
		{"find in map unknown key stays", "!FindInMap [EnvMap, !Ref NoDefault, Size]", nil,
			map[string]any{"Fn::FindInMap": []any{"EnvMap", map[string]any{"Ref": "NoDefault"}, "Size"}}, false},
		{"select from literal list", "!Select [1, [a, b, c]]", nil, "b", false},
		{"select from list parameter", "!Select [0, !Ref Subnets]", nil, "subnet-a", false},
		{"select from GetAZs stays", "!Select [0, !GetAZs '']", nil,
			map[string]any{"Fn::Select": []any{int64(0), map[string]any{"Fn::GetAZs": ""}}}, false},
		{"join known", "!Join ['-', [a, !Ref Env, 1]]", nil, "a-prod-1", false},
		{"join unknown stays", "!Join ['-', [a, !Ref NoDefault]]", nil,
			map[string]any{"Fn::Join": []any{"-", []any{"a", map[string]any{"Ref": "NoDefault"}}}}, false},
		{"split known", "!Split [',', 'a,b']", nil, []any{"a", "b"}, false},
		{"sub with parameters", "!Sub '${Env}-table'", nil, "prod-table", false},
		{"sub with variables map", "!Sub ['${A}-${Env}', {A: x}]", nil, "x-prod", false},
		{"sub literal escape", "!Sub '${!Literal}-${Env}'", nil, "${Literal}-prod", false},
		{"sub with attribute stays", "!Sub '${R.Arn}'", nil, map[string]any{"Fn::Sub": "${R.Arn}"}, false},
		{"getatt short form", "!GetAtt R.Arn", nil, map[string]any{"Fn::GetAtt": []any{"R", "Arn"}}, false},
		{"getatt keeps dotted attribute", "!GetAtt R.Endpoint.Address", nil, map[string]any{"Fn::GetAtt": []any{"R", "Endpoint.Address"}}, false},
		{"long form ref", `{"Ref": "Env"}`, nil, "prod", false},
		{"base64 known", "!Base64 abc", nil, "YWJj", false},
		{"nested NoValue in list", "[a, !Ref AWS::NoValue, b]", nil, []any{"a", "b"}, false},
		{"quoted boolean stays a string", `"true"`, nil, "true", false},
		{"import value stays", "!ImportValue shared-vpc", nil, map[string]any{"Fn::ImportValue": "shared-vpc"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := resolveProp(t, head, tc.value, tc.params)
			if tc.absent {
				assert.False(t, ok, "want the property removed, got %#v", got)
				return
			}
			require.True(t, ok, "property missing")
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestResourceConditionFalseIsNotEvaluated(t *testing.T) {
	src := head + `
Resources:
  ProdOnly:
    Type: AWS::DynamoDB::Table
    Condition: IsProd
  DevOnly:
    Type: AWS::DynamoDB::Table
    Condition: IsDev
  Maybe:
    Type: AWS::DynamoDB::Table
    Condition: Unknown
`
	res := Load("t.yaml", []byte(src), Options{})
	require.NotNil(t, res.Template)
	var ids []string
	for _, r := range res.Template.Resources {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"ProdOnly", "Maybe"}, ids, "DevOnly's condition is false; Maybe's is unknown and kept")
}

func TestCyclicConditionIsReported(t *testing.T) {
	src := `Conditions:
  A: !Condition B
  B: !Not [!Condition A]
Resources:
  R:
    Type: AWS::X::Y
    Condition: A
`
	res := Load("t.yaml", []byte(src), Options{})
	require.NotNil(t, res.Template)
	require.NotEmpty(t, res.Diagnostics)
	assert.Contains(t, res.Diagnostics[0].Message, "cycle")
	assert.Equal(t, 2, res.Diagnostics[0].Line, "points at the condition that closes the cycle")
	assert.Len(t, res.Template.Resources, 1, "an undecidable condition keeps the resource")
}
