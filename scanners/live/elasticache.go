package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// collectElastiCache reads replication groups (Redis and Valkey:
// automatic failover, Multi-AZ, node count and the zones of the nodes)
// and the cache clusters outside any group (Memcached: node count and
// zone placement). Clusters are read first: a group's member clusters
// carry the zones its nodes are in when the group's own listing does not.
func collectElastiCache(ctx context.Context, s *scope) error {
	client := elasticache.NewFromConfig(s.cfg)
	cp := elasticache.NewDescribeCacheClustersPaginator(client, &elasticache.DescribeCacheClustersInput{
		ShowCacheNodeInfo: aws.Bool(true)})
	clusters, err := listAll(ctx, s, cp, func(o *elasticache.DescribeCacheClustersOutput) []types.CacheCluster { return o.CacheClusters })
	if err != nil {
		return err
	}
	zoneOf := map[string]string{} // member cluster id -> its zone
	for _, c := range clusters {
		if c.ReplicationGroupId != nil {
			if z := aws.ToString(c.PreferredAvailabilityZone); z != "" {
				zoneOf[aws.ToString(c.CacheClusterId)] = z
			}
			continue
		}
		s.add(cacheClusterItem(c))
	}
	gp := elasticache.NewDescribeReplicationGroupsPaginator(client, &elasticache.DescribeReplicationGroupsInput{})
	groups, err := listAll(ctx, s, gp, func(o *elasticache.DescribeReplicationGroupsOutput) []types.ReplicationGroup {
		return o.ReplicationGroups
	})
	if err != nil {
		return err
	}
	for _, g := range groups {
		s.add(replicationGroupItem(g, zoneOf))
	}
	return nil
}

// replicationGroupItem writes a group as CloudFormation declares it: the
// API's "enabled"/"disabled" statuses become the booleans
// AutomaticFailoverEnabled and MultiAZEnabled, the node count
// NumCacheClusters (one shard) or NumNodeGroups and ReplicasPerNodeGroup
// (cluster mode), and the nodes' zones PreferredCacheClusterAZs.
func replicationGroupItem(g types.ReplicationGroup, zoneOf map[string]string) *item {
	id := aws.ToString(g.ReplicationGroupId)
	props := map[string]any{"ReplicationGroupId": id}
	if g.Description != nil {
		props["ReplicationGroupDescription"] = *g.Description
	}
	if g.Engine != nil {
		props["Engine"] = *g.Engine
	}
	if g.CacheNodeType != nil {
		props["CacheNodeType"] = *g.CacheNodeType
	}
	// "enabling" is the state right after the setting was turned on: the
	// group is configured to fail over, as a template saying true is.
	if v := failoverState(string(g.AutomaticFailover)); v != nil {
		props["AutomaticFailoverEnabled"] = v
	}
	if v := failoverState(string(g.MultiAZ)); v != nil {
		props["MultiAZEnabled"] = v
	}
	props["SnapshotRetentionLimit"] = snapshotRetention(g.SnapshotRetentionLimit, "elasticache:DescribeReplicationGroups SnapshotRetentionLimit")
	var zones []string
	if aws.ToBool(g.ClusterEnabled) {
		props["NumNodeGroups"] = int64(len(g.NodeGroups))
		// Shards may differ while resharding; the fewest replicas is what
		// every shard is sure to have.
		replicas := -1
		for _, ng := range g.NodeGroups {
			if n := len(ng.NodeGroupMembers) - 1; n >= 0 && (replicas < 0 || n < replicas) {
				replicas = n
			}
		}
		if replicas >= 0 {
			props["ReplicasPerNodeGroup"] = int64(replicas)
		}
	} else {
		nodes := len(g.MemberClusters)
		if nodes == 0 && len(g.NodeGroups) == 1 {
			nodes = len(g.NodeGroups[0].NodeGroupMembers)
		}
		if nodes > 0 {
			props["NumCacheClusters"] = int64(nodes)
		}
		zones = groupZones(g, zoneOf)
	}
	if len(zones) > 0 {
		props["PreferredCacheClusterAZs"] = anyList(zones)
	}
	arn := aws.ToString(g.ARN)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "replicationgroup/" + id, typ: "AWS::ElastiCache::ReplicationGroup", props: props, physical: []string{id, arn}}
}

// groupZones lists the zone of each node of a one-shard group, from the
// group's node list or else from its member clusters; nil when any node's
// zone is not known, since a partial list could look like one zone.
func groupZones(g types.ReplicationGroup, zoneOf map[string]string) []string {
	var zones []string
	if len(g.NodeGroups) == 1 && len(g.NodeGroups[0].NodeGroupMembers) > 0 {
		for _, m := range g.NodeGroups[0].NodeGroupMembers {
			z := aws.ToString(m.PreferredAvailabilityZone)
			if z == "" {
				z = zoneOf[aws.ToString(m.CacheClusterId)]
			}
			if z == "" {
				return nil
			}
			zones = append(zones, z)
		}
		return zones
	}
	for _, c := range g.MemberClusters {
		z := zoneOf[c]
		if z == "" {
			return nil
		}
		zones = append(zones, z)
	}
	return zones
}

// failoverState maps an ElastiCache status to CloudFormation's boolean,
// or nil when the API gave none.
func failoverState(status string) any {
	switch status {
	case "enabled", "enabling":
		return true
	case "disabled", "disabling":
		return false
	}
	return nil
}

// cacheClusterItem writes a cluster outside any replication group as
// CloudFormation declares it. The API has no AZMode: a Memcached cluster
// over several zones reports PreferredAvailabilityZone "Multiple", and its
// nodes say where each one is, so the mode is read from those.
func cacheClusterItem(c types.CacheCluster) *item {
	id := aws.ToString(c.CacheClusterId)
	props := map[string]any{"ClusterName": id}
	engine := aws.ToString(c.Engine)
	if engine != "" {
		props["Engine"] = engine
	}
	if c.CacheNodeType != nil {
		props["CacheNodeType"] = *c.CacheNodeType
	}
	if c.NumCacheNodes != nil {
		props["NumCacheNodes"] = int64(*c.NumCacheNodes)
	}
	if c.SnapshotRetentionLimit != nil || !strings.EqualFold(engine, "memcached") {
		props["SnapshotRetentionLimit"] = snapshotRetention(c.SnapshotRetentionLimit, "elasticache:DescribeCacheClusters SnapshotRetentionLimit")
	}
	preferred := aws.ToString(c.PreferredAvailabilityZone)
	var zones []string
	seen := map[string]bool{}
	for _, n := range c.CacheNodes {
		if z := aws.ToString(n.CustomerAvailabilityZone); z != "" {
			zones = append(zones, z)
			seen[z] = true
		}
	}
	if preferred != "" && !strings.EqualFold(preferred, "Multiple") {
		props["PreferredAvailabilityZone"] = preferred
	}
	if strings.EqualFold(engine, "memcached") {
		switch {
		case strings.EqualFold(preferred, "Multiple") || len(seen) > 1:
			props["AZMode"] = "cross-az"
			if len(zones) > 0 {
				props["PreferredAvailabilityZones"] = anyList(zones)
			}
		case preferred != "" || len(seen) == 1:
			props["AZMode"] = "single-az"
		default:
			// No zone for the cluster or its nodes (still being created):
			// where its nodes are is not known.
			props["AZMode"] = unknown("elasticache:DescribeCacheClusters zones")
		}
	}
	arn := aws.ToString(c.ARN)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "cachecluster/" + id, typ: "AWS::ElastiCache::CacheCluster", props: props, physical: []string{id, arn}}
}

// snapshotRetention is the days of automatic snapshots kept, or unknown
// when the API left it out: absent, it would read as CloudFormation's
// default of 0 (no snapshots), which BW-PITR-005 reports.
func snapshotRetention(v *int32, what string) any {
	if v == nil {
		return unknown(what)
	}
	return int64(*v)
}
