package live

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCapacityProviderShape: an Auto Scaling group provider names its
// group as a template does; Fargate's built-in providers and inactive
// ones are not resources.
func TestCapacityProviderShape(t *testing.T) {
	group := func(v string) *types.AutoScalingGroupProvider {
		return &types.AutoScalingGroupProvider{AutoScalingGroupArn: aws.String(v)}
	}
	tests := []struct {
		name string
		cp   types.CapacityProvider
		want any // the AutoScalingGroupProvider property; "none": no item
	}{
		{"ARN", types.CapacityProvider{Name: aws.String("cp"), AutoScalingGroupProvider: group("arn:aws:autoscaling:r:1:autoScalingGroup:u:autoScalingGroupName/g")},
			map[string]any{"AutoScalingGroupArn": "arn:aws:autoscaling:r:1:autoScalingGroup:u:autoScalingGroupName/g"}},
		{"group name", types.CapacityProvider{Name: aws.String("cp"), AutoScalingGroupProvider: group("g")},
			map[string]any{"AutoScalingGroupArn": map[string]any{"Ref": "autoscalinggroup/g"}}},
		{"managed instances", types.CapacityProvider{Name: aws.String("cp"), ManagedInstancesProvider: &types.ManagedInstancesProvider{}}, nil},
		{"FARGATE", types.CapacityProvider{Name: aws.String("FARGATE")}, "none"},
		{"inactive", types.CapacityProvider{Name: aws.String("cp"), Status: types.CapacityProviderStatusInactive, AutoScalingGroupProvider: group("g")}, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := capacityProviderItem(tt.cp)
			if tt.want == "none" {
				assert.Nil(t, it)
				return
			}
			require.NotNil(t, it)
			assert.Equal(t, "AWS::ECS::CapacityProvider", it.typ)
			assert.Equal(t, "cp", it.props["Name"])
			assert.Equal(t, tt.want, it.props["AutoScalingGroupProvider"])
		})
	}
}

// TestECSCapacityZoneLive audits services and clusters on EC2 capacity
// and judges BW-MULTI-AZ-019: those placed only through a provider whose
// group runs in one zone fail; those that also have a provider in other
// zones, or Fargate, pass.
func TestECSCapacityZoneLive(t *testing.T) {
	const region = "ca-central-1"
	f := newFront(t)
	arn := func(service, rest string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, livetest.Account, rest)
	}
	groupARN := func(name string) string {
		return arn("autoscaling", "autoScalingGroup:u-"+name+":autoScalingGroupName/"+name)
	}
	json := func(v any) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.JSON(w, v) }
	}
	f.Handle(region, "ec2", "DescribeSubnets", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.EC2XML(w, r.Operation, `<subnetSet>`+
			`<item><subnetId>subnet-a</subnetId><availabilityZone>`+region+`a</availabilityZone></item>`+
			`<item><subnetId>subnet-a2</subnetId><availabilityZone>`+region+`a</availabilityZone></item>`+
			`<item><subnetId>subnet-b</subnetId><availabilityZone>`+region+`b</availabilityZone></item></subnetSet>`)
	})
	f.Handle(region, "autoscaling", "DescribeAutoScalingGroups", func(w http.ResponseWriter, r *livetest.Request) {
		group := func(name, subnets string) string {
			return `<member><AutoScalingGroupName>` + name + `</AutoScalingGroupName><AutoScalingGroupARN>` + groupARN(name) +
				`</AutoScalingGroupARN><MinSize>2</MinSize><MaxSize>4</MaxSize><VPCZoneIdentifier>` + subnets + `</VPCZoneIdentifier></member>`
		}
		livetest.QueryXML(w, r, `<AutoScalingGroups>`+group("zonal", "subnet-a,subnet-a2")+group("wide", "subnet-a,subnet-b")+`</AutoScalingGroups>`)
	})
	cluster := func(name string, providers ...string) map[string]any {
		return map[string]any{"clusterName": name, "clusterArn": arn("ecs", "cluster/"+name), "status": "ACTIVE", "capacityProviders": providers}
	}
	f.Handle(region, "ecs", "ListClusters", json(map[string]any{"clusterArns": []string{arn("ecs", "cluster/one-zone"),
		arn("ecs", "cluster/mixed"), arn("ecs", "cluster/serverless")}}))
	f.Handle(region, "ecs", "DescribeClusters", json(map[string]any{"clusters": []any{cluster("one-zone", "cp-zonal"),
		cluster("mixed", "cp-zonal", "cp-wide"), cluster("serverless", "FARGATE", "FARGATE_SPOT")}}))
	f.Handle(region, "ecs", "DescribeCapacityProviders", json(map[string]any{"capacityProviders": []any{
		map[string]any{"name": "cp-zonal", "capacityProviderArn": arn("ecs", "capacity-provider/cp-zonal"), "status": "ACTIVE",
			"autoScalingGroupProvider": map[string]any{"autoScalingGroupArn": groupARN("zonal")}},
		map[string]any{"name": "cp-wide", "capacityProviderArn": arn("ecs", "capacity-provider/cp-wide"), "status": "ACTIVE",
			"autoScalingGroupProvider": map[string]any{"autoScalingGroupArn": groupARN("wide")}},
		map[string]any{"name": "FARGATE", "status": "ACTIVE"}}}))
	f.Handle(region, "ecs", "ListServices", func(w http.ResponseWriter, r *livetest.Request) {
		if string(r.Body) == `{"cluster":"`+arn("ecs", "cluster/mixed")+`"}` {
			livetest.JSON(w, map[string]any{"serviceArns": []string{arn("ecs", "service/mixed/pinned"), arn("ecs", "service/mixed/spread")}})
			return
		}
		livetest.JSON(w, map[string]any{})
	})
	strategy := func(providers ...string) []any {
		var out []any
		for _, p := range providers {
			out = append(out, map[string]any{"capacityProvider": p, "weight": 1, "base": 0})
		}
		return out
	}
	f.Handle(region, "ecs", "DescribeServices", json(map[string]any{"services": []any{
		map[string]any{"serviceName": "pinned", "serviceArn": arn("ecs", "service/mixed/pinned"), "status": "ACTIVE", "desiredCount": 2,
			"schedulingStrategy": "REPLICA", "capacityProviderStrategy": strategy("cp-zonal")},
		map[string]any{"serviceName": "spread", "serviceArn": arn("ecs", "service/mixed/spread"), "status": "ACTIVE", "desiredCount": 2,
			"schedulingStrategy": "REPLICA", "capacityProviderStrategy": strategy("cp-zonal", "cp-wide")}}}))
	o := options(f, region)
	o.Services = []string{"ec2", "ecs", "autoscaling"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	cp := resource(inv, file(region), "capacityprovider/cp-zonal")
	require.NotNil(t, cp)
	assert.Equal(t, map[string]any{"AutoScalingGroupArn": map[string]any{"Fn::GetAtt": []any{"autoscalinggroup/zonal", "Arn"}}},
		cp.Properties["AutoScalingGroupProvider"], "the provider's group is linked to the live group")
	assert.Nil(t, resource(inv, file(region), "capacityprovider/FARGATE"))
	got := []string{}
	for _, fd := range evaluate(t, inv).Findings {
		if fd.RuleID == "BW-MULTI-AZ-019" {
			got = append(got, fd.Resource)
		}
	}
	assert.ElementsMatch(t, []string{"service/mixed/pinned", "ecscluster/one-zone"}, got)
}
