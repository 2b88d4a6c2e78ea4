package live

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/stretchr/testify/assert"
)

// TestCollectorPropertiesExistInCloudFormation audits the fixture Region
// (one resource of every kind the collectors write) and checks every
// resource type and every property path against goformation's typed
// structs, which are generated from CloudFormation's resource
// specification. A misspelled property name in a collector would make
// the rules read nothing and pass; this test fails instead. goformation is
// used here only, not in the binary: ADR-0012 records why.
func TestCollectorPropertiesExistInCloudFormation(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	inv := audit(t, options(f, fixtureRegion))
	known := cloudformation.AllResources()
	checked := map[string]bool{}
	for _, src := range inv.Sources {
		if !src.Live() {
			continue // a deployed stack's template is the stack's own text
		}
		for _, r := range src.Template.Resources {
			res, ok := known[r.Type]
			if !assert.True(t, ok, "%s: resource type %s is not a CloudFormation type", r.ID, r.Type) {
				continue
			}
			checked[r.Type] = true
			for _, bad := range unknownPaths(reflect.TypeOf(res), r.Properties, r.Type) {
				if newerThanGoformation[bad] {
					continue
				}
				t.Errorf("%s (%s): property %s is not in CloudFormation's specification", r.ID, r.Type, bad)
			}
		}
	}
	types := make([]string, 0, len(checked))
	for typ := range checked {
		types = append(types, typ)
	}
	sort.Strings(types)
	t.Logf("checked %d resource types: %s", len(types), strings.Join(types, ", "))
	assert.GreaterOrEqual(t, len(types), 10, "the fixture Region holds one resource of every kind")
}

// newerThanGoformation are properties CloudFormation gained after the
// goformation release in go.mod was generated (checked against the
// CloudFormation template reference). Each entry is a documented property.
var newerThanGoformation = map[string]bool{
	// docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-pointintimerecoveryspecification.html
	"AWS::DynamoDB::Table.PointInTimeRecoverySpecification.RecoveryPeriodInDays":                  true,
	"AWS::DynamoDB::GlobalTable.Replicas[].PointInTimeRecoverySpecification.RecoveryPeriodInDays": true,
	// regional NAT gateways: docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-natgateway.html
	"AWS::EC2::NatGateway.AvailabilityMode": true,
}

func TestUnknownPaths(t *testing.T) {
	typ := reflect.TypeOf(cloudformation.AllResources()["AWS::DynamoDB::Table"])
	tests := []struct {
		name  string
		props map[string]any
		want  []string
	}{
		{"valid nested", map[string]any{"TableName": "t", "PointInTimeRecoverySpecification": map[string]any{"PointInTimeRecoveryEnabled": true}}, nil},
		{"misspelled top level", map[string]any{"PointInTimeRecoverySpec": true}, []string{"T.PointInTimeRecoverySpec"}},
		{"misspelled nested", map[string]any{"PointInTimeRecoverySpecification": map[string]any{"Enabled": true}},
			[]string{"T.PointInTimeRecoverySpecification.Enabled"}},
		{"list of structs", map[string]any{"KeySchema": []any{map[string]any{"AttributeName": "pk", "KeyTyp": "HASH"}}},
			[]string{"T.KeySchema[].KeyTyp"}},
		{"unknown fact is an intrinsic anywhere", map[string]any{"PointInTimeRecoverySpecification": unknown("x")}, nil},
		{"internal keys are allowed", map[string]any{arnKey: "arn:aws:dynamodb:r:1:table/t"}, nil},
		{"nil is a fact left out", map[string]any{"StreamSpecification": nil}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, unknownPaths(typ, tt.props, "T"))
		})
	}
}

// unknownPaths lists the property paths of v that t (a goformation
// struct, through pointers, slices and maps) does not declare. Intrinsic
// functions (the audit's unknown facts are Refs) stand for any value, and
// the audit's own "bulwark:" keys are not CloudFormation properties.
func unknownPaths(t reflect.Type, v any, path string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		if t.Kind() == reflect.Slice {
			if list, ok := v.([]any); ok {
				var out []string
				for _, e := range list {
					out = append(out, unknownPaths(t.Elem(), e, path+"[]")...)
				}
				return dedupe(out)
			}
		}
		if t.Kind() == reflect.Map {
			return nil // free-form maps (tags as a map, Parameters) take any key
		}
		t = t.Elem()
	}
	m, ok := v.(map[string]any)
	if !ok || t.Kind() != reflect.Struct || isIntrinsic(m) {
		return nil
	}
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = f.Type
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		if strings.HasPrefix(k, "bulwark:") {
			continue
		}
		ft, ok := fields[k]
		if !ok {
			out = append(out, path+"."+k)
			continue
		}
		if m[k] != nil {
			out = append(out, unknownPaths(ft, m[k], path+"."+k)...)
		}
	}
	return out
}

func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
