package scanners

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// TestLanguageExtensionFunctions: Fn::Length, Fn::ToJsonString and
// Fn::FindInMap's DefaultValue resolve when what they read is known, and
// stay intrinsics (unknown to the rules) when it is not.
func TestLanguageExtensionFunctions(t *testing.T) {
	leHead := head + "\nTransform: AWS::LanguageExtensions"
	findInMap := func(args ...any) map[string]any { return map[string]any{"Fn::FindInMap": args} }
	tests := []struct {
		name   string
		value  string
		want   any
		absent bool
	}{
		{"length of a list", "!Length [a, b, c]", int64(3), false},
		{"length of a list parameter", "!Length {Ref: Subnets}", int64(2), false},
		{"length of Fn::Split", "!Length {'Fn::Split': [',', 'a,b,c,d']}", int64(4), false},
		{"length without the AWS::NoValue items", "!Length [a, !Ref AWS::NoValue, !If [IsProd, b, !Ref AWS::NoValue], !If [IsDev, c, !Ref AWS::NoValue]]", int64(2), false},
		{"length with an undecided Fn::If is unknown", "!Length [a, !If [Unknown, b, c]]",
			map[string]any{"Fn::Length": []any{"a", map[string]any{"Fn::If": []any{"Unknown", "b", "c"}}}}, false},
		{"length of an unknown list is unknown", "!Length {Ref: NoDefault}", map[string]any{"Fn::Length": map[string]any{"Ref": "NoDefault"}}, false},
		{"length counts unknown items", "!Length [!Ref NoDefault, !GetAtt R.Arn]", int64(2), false},

		{"JSON of a mapping", "!ToJsonString {b: !Ref Env, a: [1, true, 2.5]}", `{"a":[1,true,2.5],"b":"prod"}`, false},
		{"JSON of a list", "!ToJsonString [x, !Ref Count, !Ref AWS::NoValue]", `["x",3]`, false},
		{"JSON of an unknown value is unknown", "!ToJsonString {a: !Ref NoDefault}",
			map[string]any{"Fn::ToJsonString": map[string]any{"a": map[string]any{"Ref": "NoDefault"}}}, false},
		{"JSON of a string is not resolved", "!ToJsonString abc", map[string]any{"Fn::ToJsonString": "abc"}, false},

		{"an entry wins over its DefaultValue", "!FindInMap [EnvMap, !Ref Env, Size, {DefaultValue: tiny}]", "large", false},
		{"DefaultValue of a missing entry", "!FindInMap [EnvMap, staging, Size, {DefaultValue: tiny}]", "tiny", false},
		{"DefaultValue of a missing mapping", "!FindInMap [Nope, staging, Size, {DefaultValue: [a, b]}]", []any{"a", "b"}, false},
		{"DefaultValue is resolved", "!FindInMap [EnvMap, staging, Size, {DefaultValue: !Ref Env}]", "prod", false},
		{"DefaultValue AWS::NoValue removes the property", "!FindInMap [EnvMap, staging, Size, {DefaultValue: !Ref AWS::NoValue}]", nil, true},
		{"unknown keys stay unknown despite a DefaultValue", "!FindInMap [EnvMap, !Ref NoDefault, Size, {DefaultValue: tiny}]",
			findInMap("EnvMap", map[string]any{"Ref": "NoDefault"}, "Size", map[string]any{"DefaultValue": "tiny"}), false},
		{"a missing entry without DefaultValue stays", "!FindInMap [EnvMap, staging, Size]", findInMap("EnvMap", "staging", "Size"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := resolveProp(t, leHead, tc.value, nil)
			if tc.absent {
				assert.False(t, ok, "want the property removed, got %#v", got)
				return
			}
			require.True(t, ok, "property missing")
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestIntrinsicsInPolicies: DeletionPolicy and UpdateReplacePolicy take
// Ref, Fn::If and Fn::FindInMap under the language extensions; what
// resolves is the policy the rules read, what does not stays an intrinsic
// (unknown). A resource's Condition may be a Fn::FindInMap whose
// DefaultValue is AWS::NoValue: no condition.
func TestIntrinsicsInPolicies(t *testing.T) {
	src := head + `
Transform: AWS::LanguageExtensions
Resources:
  ByRef:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: !FindInMap [Policies, !Ref Env, Deletion]
    UpdateReplacePolicy: !If [IsProd, Retain, Delete]
  ByParameter:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: !Ref Env
  Undecided:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: !If [Unknown, Retain, Delete]
  DefaultCondition:
    Type: AWS::SQS::Queue
    Condition: !FindInMap [Conditions, !Ref Env, Name, {DefaultValue: !Ref AWS::NoValue}]
  MappedCondition:
    Type: AWS::SQS::Queue
    Condition: !FindInMap [Conditions, Dev, Name, {DefaultValue: !Ref AWS::NoValue}]
`
	src = insertMappings(src, "  Policies:\n    prod: {Deletion: Snapshot}\n  Conditions:\n    Dev: {Name: IsDev}\n")
	res := Load("t.yaml", []byte(src), Options{})
	require.NotNil(t, res.Template, "diagnostics: %v", res.Diagnostics)
	assert.Empty(t, res.Diagnostics)
	assert.Equal(t, map[string]any{"DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Retain"}, res.Template.Resource("ByRef").Attributes)
	assert.Equal(t, map[string]any{"DeletionPolicy": "prod"}, res.Template.Resource("ByParameter").Attributes, "what the parameter holds")
	assert.Equal(t, map[string]any{"DeletionPolicy": map[string]any{"Fn::If": []any{"Unknown", "Retain", "Delete"}}},
		res.Template.Resource("Undecided").Attributes)
	require.NotNil(t, res.Template.Resource("DefaultCondition"), "no condition: created")
	assert.Empty(t, res.Template.Resource("DefaultCondition").Condition)
	assert.Nil(t, res.Template.Resource("MappedCondition"), "its condition IsDev is false: not created")
}

// insertMappings adds entries to the Mappings section of head.
func insertMappings(src, entries string) string {
	const at = "Mappings:\n"
	i := strings.Index(src, at) + len(at)
	return src[:i] + entries + src[i:]
}

// TestUsesLanguageExtensions: the transform is a string or one of a list.
func TestUsesLanguageExtensions(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"AWS::LanguageExtensions", true},
		{"[AWS::LanguageExtensions, AWS::Serverless-2016-10-31]", true},
		{"AWS::Serverless-2016-10-31", false},
		{"{Name: AWS::Include}", false},
	}
	for _, tc := range tests {
		var n yaml.Node
		require.NoError(t, yaml.Unmarshal([]byte(tc.src), &n))
		assert.Equal(t, tc.want, usesLanguageExtensions(n.Content[0]), tc.src)
	}
}
