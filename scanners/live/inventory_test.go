package live

import (
	"net/http"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStackWithoutItsTemplate: a stack whose template cannot be read or
// parsed is still reported under its name and logical ids, from the live
// state alone, with a warning saying what was not checked.
func TestStackWithoutItsTemplate(t *testing.T) {
	tests := []struct {
		name  string
		setup func(f *livetest.Front)
		diag  string
	}{
		{"GetTemplate denied", func(f *livetest.Front) {
			f.Fail(fixtureRegion, "cloudformation", "GetTemplate", -1, 403, "AccessDenied")
		}, "warning not checked: account 000000000000, region eu-central-1, service cloudformation (GetTemplate): access denied; unknown: stack templates (their live resources are still checked): web"},
		{"a template bulwark cannot parse", func(f *livetest.Front) {
			f.Handle(fixtureRegion, "cloudformation", "GetTemplate", func(w http.ResponseWriter, r *livetest.Request) {
				livetest.QueryXML(w, r, "<TemplateBody>"+livetest.X("Resources: [not, a, mapping]")+"</TemplateBody>")
			})
		}, "warning not checked: template of stack web: Resources must be a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			serveFixtures(f, fixtureRegion)
			tt.setup(f)
			inv := audit(t, options(f, fixtureRegion))
			require.Len(t, inv.Diagnostics, 1)
			assert.Contains(t, messages(inv.Diagnostics)[0], tt.diag)
			stack := file(fixtureRegion) + "/web"
			svc := resource(inv, stack, "WebService")
			require.NotNil(t, svc)
			assert.Equal(t, "AWS::ECS::Service", svc.Type)
			assert.Equal(t, int64(2), svc.Properties["DesiredCount"])
			keys := findingKeys(evaluate(t, inv))
			assert.Contains(t, keys, "BW-MULTI-AZ-003 "+stack+" WebService", "live facts still judged")
		})
	}
}

func TestSameService(t *testing.T) {
	assert.True(t, sameService("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"))
	assert.False(t, sameService("AWS::DynamoDB::Table", "AWS::Lambda::Function"))
	assert.False(t, sameService("Custom::Thing", "AWS::Lambda::Function"))
	assert.True(t, sameService("AWS::Elasticsearch::Domain", "AWS::OpenSearchService::Domain"), "the OpenSearch API describes both")
	assert.False(t, sameService("AWS::ElasticLoadBalancing::LoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer"))
}

func TestSameRegionARN(t *testing.T) {
	assert.Equal(t, map[string]any{"Fn::Sub": "arn:aws:backup:${AWS::Region}:1:backup-vault:v"}, sameRegionARN("eu-west-1", "arn:aws:backup:eu-west-1:1:backup-vault:v"))
	assert.Equal(t, "arn:aws:backup:us-east-1:1:backup-vault:v", sameRegionARN("eu-west-1", "arn:aws:backup:us-east-1:1:backup-vault:v"))
}
