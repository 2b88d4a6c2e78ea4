package live

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClusterConfig(t *testing.T) {
	tests := []struct {
		name string
		in   *types.ClusterConfig
		want any
	}{
		{"absent", nil, unknown("opensearch:ClusterConfig")},
		{"zone-aware with masters", &types.ClusterConfig{InstanceCount: aws.Int32(6), InstanceType: "r6g.large.search",
			ZoneAwarenessEnabled: aws.Bool(true), ZoneAwarenessConfig: &types.ZoneAwarenessConfig{AvailabilityZoneCount: aws.Int32(3)},
			DedicatedMasterEnabled: aws.Bool(true), DedicatedMasterCount: aws.Int32(3), DedicatedMasterType: "m6g.large.search",
			MultiAZWithStandbyEnabled: aws.Bool(true)},
			map[string]any{"InstanceCount": int64(6), "InstanceType": "r6g.large.search", "ZoneAwarenessEnabled": true,
				"ZoneAwarenessConfig": map[string]any{"AvailabilityZoneCount": int64(3)}, "DedicatedMasterEnabled": true,
				"DedicatedMasterCount": int64(3), "DedicatedMasterType": "m6g.large.search", "MultiAZWithStandbyEnabled": true}},
		{"single node", &types.ClusterConfig{InstanceCount: aws.Int32(1), ZoneAwarenessEnabled: aws.Bool(false), DedicatedMasterEnabled: aws.Bool(false)},
			map[string]any{"InstanceCount": int64(1), "ZoneAwarenessEnabled": false, "DedicatedMasterEnabled": false}},
		{"what the rules default is unknown, not defaulted", &types.ClusterConfig{WarmEnabled: aws.Bool(false)},
			map[string]any{"InstanceCount": unknown("opensearch:InstanceCount"), "ZoneAwarenessEnabled": unknown("opensearch:ZoneAwarenessEnabled"),
				"DedicatedMasterEnabled": unknown("opensearch:DedicatedMasterEnabled"), "WarmEnabled": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, clusterConfig(tt.in))
		})
	}
}

func TestDomainItem(t *testing.T) {
	arn := "arn:aws:es:eu-west-1:1:domain/logs"
	tests := []struct {
		name string
		in   types.DomainStatus
		want *item
	}{
		{"in a VPC", types.DomainStatus{DomainName: aws.String("logs"), ARN: aws.String(arn), EngineVersion: aws.String("Elasticsearch_7.10"),
			ClusterConfig: &types.ClusterConfig{InstanceCount: aws.Int32(2), ZoneAwarenessEnabled: aws.Bool(true), DedicatedMasterEnabled: aws.Bool(false)},
			VPCOptions:    &types.VPCDerivedInfo{SubnetIds: []string{"subnet-1", "subnet-2"}, SecurityGroupIds: []string{"sg-1"}},
			EBSOptions:    &types.EBSOptions{EBSEnabled: aws.Bool(true), VolumeSize: aws.Int32(20), VolumeType: types.VolumeTypeGp3}},
			&item{id: "domain/logs", typ: "AWS::OpenSearchService::Domain", physical: []string{"logs", arn}, props: map[string]any{
				"DomainName": "logs", "EngineVersion": "Elasticsearch_7.10", arnKey: arn,
				"ClusterConfig": map[string]any{"InstanceCount": int64(2), "ZoneAwarenessEnabled": true, "DedicatedMasterEnabled": false},
				"VPCOptions":    map[string]any{"SubnetIds": []any{ref("subnet-1"), ref("subnet-2")}, "SecurityGroupIds": []any{"sg-1"}},
				"EBSOptions":    map[string]any{"EBSEnabled": true, "VolumeSize": int64(20), "VolumeType": "gp3"}}}},
		{"being deleted", types.DomainStatus{DomainName: aws.String("old"), Deleted: aws.Bool(true)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, domainItem(tt.in))
		})
	}
}

// TestOpenSearchLive audits seven domains, described five at a time: a
// single node without masters fails BW-MULTI-AZ-009 and BW-MULTI-AZ-016,
// zone-aware domains with three masters pass, and the batch AWS refused
// leaves its domains' configuration unknown, which is no finding.
func TestOpenSearchLive(t *testing.T) {
	const region = "eu-west-3"
	f := newFront(t)
	names := []string{"bad", "good", "d-2", "d-3", "d-4", "d-5", "d-6"}
	f.Handle(region, "es", "ListDomainNames", func(w http.ResponseWriter, r *livetest.Request) {
		var list []any
		for _, n := range names {
			list = append(list, map[string]any{"DomainName": n, "EngineType": "OpenSearch"})
		}
		livetest.JSON(w, map[string]any{"DomainNames": list})
	})
	var mu sync.Mutex
	var batches [][]string
	f.Handle(region, "es", "DescribeDomains", func(w http.ResponseWriter, r *livetest.Request) {
		asked := describeDomainsNames(r)
		mu.Lock()
		batches = append(batches, asked)
		mu.Unlock()
		if slices.Contains(asked, "d-6") {
			livetest.Error(w, r, 403, "AccessDeniedException", "not allowed")
			return
		}
		var list []any
		for _, n := range asked {
			cluster := map[string]any{"InstanceCount": 3, "ZoneAwarenessEnabled": true, "ZoneAwarenessConfig": map[string]any{"AvailabilityZoneCount": 3},
				"DedicatedMasterEnabled": true, "DedicatedMasterCount": 3}
			if n == "bad" {
				cluster = map[string]any{"InstanceCount": 1, "ZoneAwarenessEnabled": false, "DedicatedMasterEnabled": false}
			}
			list = append(list, domainStatus(region, n, cluster))
		}
		livetest.JSON(w, map[string]any{"DomainStatusList": list})
	})
	o := options(f, region)
	o.Services = []string{"opensearch"}
	inv := audit(t, o)
	got := messages(inv.Diagnostics)
	require.Len(t, got, 1, "%q", got)
	assert.Contains(t, got[0], "service opensearch (DescribeDomains): access denied; unknown: the cluster configuration of domains: d-5, d-6")
	sort.Slice(batches, func(i, j int) bool { return len(batches[i]) > len(batches[j]) })
	assert.Equal(t, [][]string{{"bad", "good", "d-2", "d-3", "d-4"}, {"d-5", "d-6"}}, batches)
	src := source(inv, file(region)).Template
	for _, n := range names {
		require.NotNil(t, src.Resource("domain/"+n), "every listed domain is reported")
	}
	assert.Equal(t, unknown("opensearch:DescribeDomains"), src.Resource("domain/d-6").Properties["ClusterConfig"])
	var findings []string
	for _, fd := range evaluate(t, inv).Findings {
		if strings.HasPrefix(fd.Resource, "domain/") {
			findings = append(findings, fd.RuleID+" "+fd.Resource+" "+fd.Property)
		}
	}
	sort.Strings(findings)
	assert.Equal(t, []string{
		"BW-MULTI-AZ-009 domain/bad Properties.ClusterConfig.ZoneAwarenessEnabled",
		"BW-MULTI-AZ-016 domain/bad Properties.ClusterConfig.DedicatedMasterEnabled",
		"BW-MULTI-AZ-016 domain/bad Properties.ClusterConfig.InstanceCount",
	}, findings)
}
