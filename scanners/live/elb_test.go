package live

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassicLBItem(t *testing.T) {
	check := &types.HealthCheck{Target: aws.String("TCP:443"), Interval: aws.Int32(10), Timeout: aws.Int32(5),
		HealthyThreshold: aws.Int32(3), UnhealthyThreshold: aws.Int32(2)}
	wantCheck := map[string]any{"Target": "TCP:443", "Interval": "10", "Timeout": "5", "HealthyThreshold": "3", "UnhealthyThreshold": "2"}
	tests := []struct {
		name  string
		lb    types.LoadBalancerDescription
		attrs *types.LoadBalancerAttributes
		want  map[string]any
	}{
		{"in a VPC: its subnets, not also its zones",
			types.LoadBalancerDescription{LoadBalancerName: aws.String("web"), Scheme: aws.String("internal"), HealthCheck: check,
				AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"}, Subnets: []string{"subnet-1", "subnet-2"}},
			&types.LoadBalancerAttributes{CrossZoneLoadBalancing: &types.CrossZoneLoadBalancing{Enabled: true},
				ConnectionDraining: &types.ConnectionDraining{Enabled: true, Timeout: aws.Int32(300)}},
			map[string]any{"LoadBalancerName": "web", "Scheme": "internal", "HealthCheck": wantCheck, "CrossZone": true,
				"Subnets": []any{ref("subnet-1"), ref("subnet-2")}, "ConnectionDrainingPolicy": map[string]any{"Enabled": true, "Timeout": int64(300)}}},
		{"outside a VPC: its zones",
			types.LoadBalancerDescription{LoadBalancerName: aws.String("old"), AvailabilityZones: []string{"us-east-1a"}},
			&types.LoadBalancerAttributes{CrossZoneLoadBalancing: &types.CrossZoneLoadBalancing{Enabled: false}},
			map[string]any{"LoadBalancerName": "old", "AvailabilityZones": []any{"us-east-1a"}, "CrossZone": false}},
		{"attributes unread: CrossZone unknown",
			types.LoadBalancerDescription{LoadBalancerName: aws.String("x"), Subnets: []string{"subnet-1"}},
			nil,
			map[string]any{"LoadBalancerName": "x", "Subnets": []any{ref("subnet-1")}, "CrossZone": unknown("elb:CrossZone")}},
		{"attributes without cross-zone: unknown",
			types.LoadBalancerDescription{LoadBalancerName: aws.String("y"), Subnets: []string{"subnet-1"}},
			&types.LoadBalancerAttributes{},
			map[string]any{"LoadBalancerName": "y", "Subnets": []any{ref("subnet-1")}, "CrossZone": unknown("elb:CrossZone")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := classicLBItem(tt.lb, tt.attrs)
			assert.Equal(t, "AWS::ElasticLoadBalancing::LoadBalancer", it.typ)
			assert.Equal(t, "classicloadbalancer/"+aws.ToString(tt.lb.LoadBalancerName), it.id)
			assert.Equal(t, []string{aws.ToString(tt.lb.LoadBalancerName)}, it.physical, "CloudFormation's physical id is the name")
			assert.Equal(t, tt.want, it.props)
		})
	}
}

// TestClassicELBLive audits, in the Classic Load Balancer API's own wire
// format, a load balancer in one zone without cross-zone balancing
// (BW-MULTI-AZ-002 and BW-MULTI-AZ-014), one over two zones with it (no
// finding), and one whose attributes AWS refused (CrossZone unknown: no
// BW-MULTI-AZ-014, but its single zone is still known). ELBv2, which
// shares the signing name and the DescribeLoadBalancers operation, keeps
// its own answers.
func TestClassicELBLive(t *testing.T) {
	const region = "ap-northeast-1"
	f := newFront(t)
	f.Handle(region, "ec2", "DescribeSubnets", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.EC2XML(w, r.Operation, `<subnetSet>`+
			`<item><subnetId>subnet-a</subnetId><availabilityZone>`+region+`a</availabilityZone><vpcId>vpc-1</vpcId></item>`+
			`<item><subnetId>subnet-b</subnetId><availabilityZone>`+region+`c</availabilityZone><vpcId>vpc-1</vpcId></item></subnetSet>`)
	})
	f.Handle(region, "elb", "DescribeLoadBalancers", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, `<LoadBalancerDescriptions>`+
			classicLBXML("one-zone", []string{region + "a"}, []string{"subnet-a"})+
			classicLBXML("two-zones", []string{region + "a", region + "c"}, []string{"subnet-a", "subnet-b"})+
			classicLBXML("refused", []string{region + "a"}, []string{"subnet-a"})+
			`</LoadBalancerDescriptions>`)
	})
	f.Handle(region, "elb", "DescribeLoadBalancerAttributes", func(w http.ResponseWriter, r *livetest.Request) {
		switch r.Form.Get("LoadBalancerName") {
		case "refused":
			livetest.Error(w, r, 403, "AccessDenied", "not allowed")
		case "two-zones":
			livetest.QueryXML(w, r, classicAttributesXML(true))
		default:
			livetest.QueryXML(w, r, classicAttributesXML(false))
		}
	})
	f.Handle(region, "elasticloadbalancing", "DescribeLoadBalancers", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, `<LoadBalancers><member><LoadBalancerArn>arn:aws:elasticloadbalancing:`+region+`:`+livetest.Account+
			`:loadbalancer/app/v2/1</LoadBalancerArn><LoadBalancerName>v2</LoadBalancerName><Type>application</Type>`+
			`<AvailabilityZones><member><SubnetId>subnet-a</SubnetId><ZoneName>`+region+`a</ZoneName></member></AvailabilityZones></member></LoadBalancers>`)
	})
	o := options(f, region)
	o.Services = []string{"ec2", "elb", "elbv2"}
	inv := audit(t, o)
	got := messages(inv.Diagnostics)
	require.Len(t, got, 1, "%q", got)
	assert.Contains(t, got[0], "service elb (DescribeLoadBalancerAttributes): access denied; unknown: whether load balancers balance across zones: refused")
	src := source(inv, file(region)).Template
	require.NotNil(t, src.Resource("loadbalancer/v2"), "ELBv2 answered in its own format")
	two := src.Resource("classicloadbalancer/two-zones")
	require.NotNil(t, two)
	assert.Equal(t, true, two.Properties["CrossZone"])
	var findings []string
	for _, fd := range evaluate(t, inv).Findings {
		if strings.HasPrefix(fd.Resource, "classicloadbalancer/") {
			findings = append(findings, fd.RuleID+" "+fd.Resource)
		}
	}
	sort.Strings(findings)
	assert.Equal(t, []string{
		"BW-MULTI-AZ-002 classicloadbalancer/one-zone",
		"BW-MULTI-AZ-002 classicloadbalancer/refused",
		"BW-MULTI-AZ-014 classicloadbalancer/one-zone",
	}, findings)
}
