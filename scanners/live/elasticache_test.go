package live

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMemcachedZones: the API has no AZMode, so it is read from where the
// cluster and its nodes are; only Memcached clusters get one.
func TestMemcachedZones(t *testing.T) {
	node := func(z string) types.CacheNode { return types.CacheNode{CustomerAvailabilityZone: aws.String(z)} }
	tests := []struct {
		name      string
		cluster   types.CacheCluster
		mode      any // nil: no AZMode property
		zones     any
		preferred any
	}{
		{"one zone", types.CacheCluster{Engine: aws.String("memcached"), PreferredAvailabilityZone: aws.String("eu-west-1a"),
			CacheNodes: []types.CacheNode{node("eu-west-1a"), node("eu-west-1a")}}, "single-az", nil, "eu-west-1a"},
		{"Multiple, nodes listed", types.CacheCluster{Engine: aws.String("memcached"), PreferredAvailabilityZone: aws.String("Multiple"),
			CacheNodes: []types.CacheNode{node("eu-west-1a"), node("eu-west-1b")}}, "cross-az", []any{"eu-west-1a", "eu-west-1b"}, nil},
		{"Multiple, no node info", types.CacheCluster{Engine: aws.String("memcached"), PreferredAvailabilityZone: aws.String("Multiple")},
			"cross-az", nil, nil},
		{"nodes in two zones", types.CacheCluster{Engine: aws.String("Memcached"),
			CacheNodes: []types.CacheNode{node("eu-west-1a"), node("eu-west-1c")}}, "cross-az", []any{"eu-west-1a", "eu-west-1c"}, nil},
		{"no zone at all", types.CacheCluster{Engine: aws.String("memcached")}, unknown("elasticache:DescribeCacheClusters zones"), nil, nil},
		{"redis has no AZMode", types.CacheCluster{Engine: aws.String("redis"), PreferredAvailabilityZone: aws.String("eu-west-1b")},
			nil, nil, "eu-west-1b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cluster.CacheClusterId = aws.String("c")
			props := cacheClusterItem(tt.cluster).props
			assert.Equal(t, tt.mode, props["AZMode"])
			assert.Equal(t, tt.zones, props["PreferredAvailabilityZones"])
			assert.Equal(t, tt.preferred, props["PreferredAvailabilityZone"])
		})
	}
}

// TestReplicationGroupShape: statuses become CloudFormation's booleans,
// nodes its counts, and the zones are listed only when every node's is
// known (a partial list could pass for one zone).
func TestReplicationGroupShape(t *testing.T) {
	member := func(id, zone string) types.NodeGroupMember {
		m := types.NodeGroupMember{CacheClusterId: aws.String(id)}
		if zone != "" {
			m.PreferredAvailabilityZone = aws.String(zone)
		}
		return m
	}
	tests := []struct {
		name   string
		group  types.ReplicationGroup
		zoneOf map[string]string
		want   map[string]any // nil values: property absent
	}{
		{"zones from the node list", types.ReplicationGroup{AutomaticFailover: types.AutomaticFailoverStatusEnabled,
			MultiAZ: types.MultiAZStatusEnabled, MemberClusters: []string{"g-1", "g-2"},
			NodeGroups: []types.NodeGroup{{NodeGroupMembers: []types.NodeGroupMember{member("g-1", "z-a"), member("g-2", "z-b")}}}},
			nil, map[string]any{"AutomaticFailoverEnabled": true, "MultiAZEnabled": true, "NumCacheClusters": int64(2),
				"PreferredCacheClusterAZs": []any{"z-a", "z-b"}}},
		{"zones from member clusters", types.ReplicationGroup{AutomaticFailover: types.AutomaticFailoverStatusDisabling,
			MultiAZ: types.MultiAZStatusDisabled, MemberClusters: []string{"g-1", "g-2"}},
			map[string]string{"g-1": "z-a", "g-2": "z-a"}, map[string]any{"AutomaticFailoverEnabled": false, "MultiAZEnabled": false,
				"PreferredCacheClusterAZs": []any{"z-a", "z-a"}}},
		{"one zone unknown", types.ReplicationGroup{AutomaticFailover: types.AutomaticFailoverStatusEnabling, MemberClusters: []string{"g-1", "g-2"}},
			map[string]string{"g-1": "z-a"}, map[string]any{"AutomaticFailoverEnabled": true, "MultiAZEnabled": nil,
				"PreferredCacheClusterAZs": nil, "NumCacheClusters": int64(2)}},
		{"cluster mode", types.ReplicationGroup{ClusterEnabled: aws.Bool(true), MemberClusters: []string{"a", "b", "c", "d", "e"},
			NodeGroups: []types.NodeGroup{
				{NodeGroupMembers: []types.NodeGroupMember{member("a", "z-a"), member("b", "z-b"), member("c", "z-c")}},
				{NodeGroupMembers: []types.NodeGroupMember{member("d", "z-a"), member("e", "z-b")}}}},
			nil, map[string]any{"NumNodeGroups": int64(2), "ReplicasPerNodeGroup": int64(1), "NumCacheClusters": nil,
				"PreferredCacheClusterAZs": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.group.ReplicationGroupId = aws.String("g")
			props := replicationGroupItem(tt.group, tt.zoneOf).props
			for k, v := range tt.want {
				assert.Equal(t, v, props[k], k)
			}
		})
	}
}

// TestElastiCacheInKumo creates replication groups in the emulator and
// judges them: the one without failover fails BW-MULTI-AZ-006 on both
// counts, the one with failover and Multi-AZ passes.
func TestElastiCacheInKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	client := elasticache.NewFromConfig(f.Config(f.Primary))
	for _, g := range []struct {
		id       string
		failover bool
	}{{"kumo-cache-single", false}, {"kumo-cache-ha", true}} {
		_, err := client.CreateReplicationGroup(ctx, &elasticache.CreateReplicationGroupInput{ReplicationGroupId: aws.String(g.id),
			ReplicationGroupDescription: aws.String(g.id), Engine: aws.String("redis"), CacheNodeType: aws.String("cache.t4g.small"),
			NumCacheClusters: aws.Int32(2), AutomaticFailoverEnabled: aws.Bool(g.failover), MultiAZEnabled: aws.Bool(g.failover)})
		require.NoError(t, err)
	}
	o := options(f, f.Primary)
	o.Services = []string{"elasticache"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	single := resource(inv, file(f.Primary), "replicationgroup/kumo-cache-single")
	require.NotNil(t, single)
	assert.Equal(t, false, single.Properties["AutomaticFailoverEnabled"])
	assert.Equal(t, false, single.Properties["MultiAZEnabled"])
	require.NotNil(t, resource(inv, file(f.Primary), "replicationgroup/kumo-cache-ha"))
	var got []string
	for _, fd := range evaluate(t, inv).Findings {
		if fd.RuleID == "BW-MULTI-AZ-006" {
			got = append(got, fd.Resource)
		}
	}
	assert.Equal(t, []string{"replicationgroup/kumo-cache-single", "replicationgroup/kumo-cache-single"}, got,
		"AutomaticFailoverEnabled and MultiAZEnabled both off")
}

// TestElastiCachePagination follows the Marker of both listings.
func TestElastiCachePagination(t *testing.T) {
	const region = "ap-southeast-2"
	f := newFront(t)
	paged := func(list string, member func(int) string, n int) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) {
			start, _ := strconv.Atoi(r.Form.Get("Marker"))
			end := min(start+2, n)
			body := "<" + list + ">"
			for i := start; i < end; i++ {
				body += member(i)
			}
			body += "</" + list + ">"
			if end < n {
				body += "<Marker>" + strconv.Itoa(end) + "</Marker>"
			}
			livetest.QueryXML(w, r, body)
		}
	}
	f.Handle(region, "elasticache", "DescribeReplicationGroups", paged("ReplicationGroups", func(i int) string {
		return "<ReplicationGroup><ReplicationGroupId>rg-" + strconv.Itoa(i) + "</ReplicationGroupId><AutomaticFailover>enabled</AutomaticFailover></ReplicationGroup>"
	}, 5))
	f.Handle(region, "elasticache", "DescribeCacheClusters", paged("CacheClusters", func(i int) string {
		return "<CacheCluster><CacheClusterId>mc-" + strconv.Itoa(i) + "</CacheClusterId><Engine>memcached</Engine><NumCacheNodes>1</NumCacheNodes></CacheCluster>"
	}, 3))
	o := options(f, region)
	o.Services = []string{"elasticache"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	assert.Len(t, source(inv, file(region)).Template.Resources, 5+3)
	assert.Equal(t, 3, calls(f, region, "elasticache", "DescribeReplicationGroups"))
	assert.Equal(t, 2, calls(f, region, "elasticache", "DescribeCacheClusters"))
}
