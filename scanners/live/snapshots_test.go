package live

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSnapshotRetentionShape: a Redis or Valkey cluster's retention is
// kept as read, unknown when the API left it out (never 0 by default);
// Memcached, which takes no snapshots, gets none.
func TestSnapshotRetentionShape(t *testing.T) {
	tests := []struct {
		name    string
		cluster types.CacheCluster
		want    any // nil: no property
	}{
		{"redis 0", types.CacheCluster{Engine: aws.String("redis"), SnapshotRetentionLimit: aws.Int32(0)}, int64(0)},
		{"valkey 5", types.CacheCluster{Engine: aws.String("valkey"), SnapshotRetentionLimit: aws.Int32(5)}, int64(5)},
		{"redis unread", types.CacheCluster{Engine: aws.String("redis")}, unknown("elasticache:DescribeCacheClusters SnapshotRetentionLimit")},
		{"memcached", types.CacheCluster{Engine: aws.String("memcached")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cluster.CacheClusterId = aws.String("c")
			assert.Equal(t, tt.want, cacheClusterItem(tt.cluster).props["SnapshotRetentionLimit"])
		})
	}
	assert.Equal(t, unknown("elasticache:DescribeReplicationGroups SnapshotRetentionLimit"),
		replicationGroupItem(types.ReplicationGroup{ReplicationGroupId: aws.String("g")}, nil).props["SnapshotRetentionLimit"])
}

// TestSnapshotsInKumo creates replication groups in the emulator and
// judges them: the one without automatic snapshots fails BW-PITR-005, the
// one that keeps them for 5 days passes.
func TestSnapshotsInKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	client := elasticache.NewFromConfig(f.Config(f.Primary))
	for _, g := range []struct {
		id   string
		days int32
	}{{"kumo-snap-none", 0}, {"kumo-snap-five", 5}} {
		_, err := client.CreateReplicationGroup(ctx, &elasticache.CreateReplicationGroupInput{ReplicationGroupId: aws.String(g.id),
			ReplicationGroupDescription: aws.String(g.id), Engine: aws.String("redis"), CacheNodeType: aws.String("cache.t4g.small"),
			NumCacheClusters: aws.Int32(2), AutomaticFailoverEnabled: aws.Bool(true), MultiAZEnabled: aws.Bool(true),
			SnapshotRetentionLimit: aws.Int32(g.days)})
		require.NoError(t, err)
	}
	o := options(f, f.Primary)
	o.Services = []string{"elasticache"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	require.NotNil(t, resource(inv, file(f.Primary), "replicationgroup/kumo-snap-five"))
	assert.Equal(t, int64(0), resource(inv, file(f.Primary), "replicationgroup/kumo-snap-none").Properties["SnapshotRetentionLimit"])
	var got []string
	for _, fd := range evaluate(t, inv).Findings {
		if fd.RuleID == "BW-PITR-005" && (fd.Resource == "replicationgroup/kumo-snap-none" || fd.Resource == "replicationgroup/kumo-snap-five") {
			got = append(got, fd.Resource)
		}
	}
	assert.Equal(t, []string{"replicationgroup/kumo-snap-none"}, got)
}
