package live

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/mq"
	"github.com/aws/aws-sdk-go-v2/service/mq/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBrokerShape: a broker's mode and engine come from the listing; its
// subnets from its description, unknown when that could not be read.
func TestBrokerShape(t *testing.T) {
	summary := types.BrokerSummary{BrokerName: aws.String("b"), BrokerId: aws.String("b-1"),
		DeploymentMode: types.DeploymentModeSingleInstance, EngineType: types.EngineTypeRabbitmq}
	tests := []struct {
		name string
		desc *mq.DescribeBrokerOutput
		want map[string]any // nil values: property absent
	}{
		{"described", &mq.DescribeBrokerOutput{SubnetIds: []string{"subnet-a"}, Tags: map[string]string{"team": "x", "app": "y"}},
			map[string]any{"DeploymentMode": "SINGLE_INSTANCE", "EngineType": "RABBITMQ",
				"SubnetIds": []any{map[string]any{"Ref": "subnet-a"}},
				"Tags":      []any{map[string]any{"Key": "app", "Value": "y"}, map[string]any{"Key": "team", "Value": "x"}}}},
		{"description failed", nil, map[string]any{"DeploymentMode": "SINGLE_INSTANCE", "SubnetIds": unknown("mq:DescribeBroker"), "Tags": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := brokerItem(summary, tt.desc)
			assert.Equal(t, "AWS::AmazonMQ::Broker", it.typ)
			assert.Equal(t, []string{"b-1", "", "b"}, it.physical, "CloudFormation's Ref of a broker is its id")
			for k, v := range tt.want {
				assert.Equal(t, v, it.props[k], k)
			}
		})
	}
}

// TestMQInKumo creates brokers in the emulator and judges them: the
// single-instance broker fails BW-MULTI-AZ-013, the active/standby one
// passes.
func TestMQInKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	client := mq.NewFromConfig(f.Config(f.Primary))
	for _, b := range []struct {
		name    string
		mode    types.DeploymentMode
		subnets []string
	}{{"kumo-mq-single", types.DeploymentModeSingleInstance, []string{"subnet-1"}},
		{"kumo-mq-standby", types.DeploymentModeActiveStandbyMultiAz, []string{"subnet-1", "subnet-2"}}} {
		_, err := client.CreateBroker(ctx, &mq.CreateBrokerInput{BrokerName: aws.String(b.name), DeploymentMode: b.mode,
			EngineType: types.EngineTypeActivemq, EngineVersion: aws.String("5.18"), HostInstanceType: aws.String("mq.m5.large"),
			PubliclyAccessible: aws.Bool(false), AutoMinorVersionUpgrade: aws.Bool(true), SubnetIds: b.subnets,
			Users: []types.User{{Username: aws.String("admin"), Password: aws.String("not-a-secret-1234")}}})
		require.NoError(t, err)
	}
	o := options(f, f.Primary)
	o.Services = []string{"mq"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	// kumo's DescribeBroker omits the subnets: the fixture Region checks
	// those (TestCollectorShapes).
	single := resource(inv, file(f.Primary), "broker/kumo-mq-single")
	require.NotNil(t, single)
	assert.Equal(t, "SINGLE_INSTANCE", single.Properties["DeploymentMode"])
	require.NotNil(t, resource(inv, file(f.Primary), "broker/kumo-mq-standby"))
	var got []string
	for _, fd := range evaluate(t, inv).Findings {
		if fd.RuleID == "BW-MULTI-AZ-013" {
			got = append(got, fd.Resource)
		}
	}
	assert.Equal(t, []string{"broker/kumo-mq-single"}, got)
}

// TestBrokerDescriptionDenied: a broker whose description is denied is
// still judged on what the listing says, its subnets unknown, and the
// gap is reported.
func TestBrokerDescriptionDenied(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	f.Fail(fixtureRegion, "mq", "DescribeBroker", -1, 403, "AccessDenied")
	o := options(f, fixtureRegion)
	o.Services = []string{"mq"}
	inv := audit(t, o)
	assert.Equal(t, []string{"warning not checked: account " + livetest.Account + ", region " + fixtureRegion +
		", service mq (DescribeBroker): access denied; unknown: the subnets of brokers: queue (AccessDenied: injected by the test front)"},
		messages(inv.Diagnostics))
	b := resource(inv, file(fixtureRegion), "broker/queue")
	require.NotNil(t, b)
	assert.Equal(t, unknown("mq:DescribeBroker"), b.Properties["SubnetIds"])
	assert.Contains(t, findingKeys(evaluate(t, inv)), "BW-MULTI-AZ-013 "+file(fixtureRegion)+" broker/queue")
}
