package live

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRedshiftShape: the API's statuses and node count in
// CloudFormation's properties.
func TestRedshiftShape(t *testing.T) {
	tests := []struct {
		name    string
		cluster types.Cluster
		want    map[string]any // nil values: property absent
	}{
		{"single node, no snapshots", types.Cluster{NumberOfNodes: aws.Int32(1), AutomatedSnapshotRetentionPeriod: aws.Int32(0),
			AvailabilityZoneRelocationStatus: aws.String("disabled"), MultiAZ: aws.String("Disabled")},
			map[string]any{"ClusterType": "single-node", "NumberOfNodes": int64(1), "AutomatedSnapshotRetentionPeriod": int64(0),
				"AvailabilityZoneRelocation": false, "MultiAZ": false}},
		{"multi-node, relocation on", types.Cluster{NumberOfNodes: aws.Int32(4), AutomatedSnapshotRetentionPeriod: aws.Int32(7),
			AvailabilityZoneRelocationStatus: aws.String("enabled"), MultiAZ: aws.String("Enabled")},
			map[string]any{"ClusterType": "multi-node", "AutomatedSnapshotRetentionPeriod": int64(7), "AvailabilityZoneRelocation": true, "MultiAZ": true}},
		{"nothing said", types.Cluster{}, map[string]any{"ClusterType": nil, "AvailabilityZoneRelocation": nil, "MultiAZ": nil,
			"AutomatedSnapshotRetentionPeriod": unknown("redshift:DescribeClusters AutomatedSnapshotRetentionPeriod")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cluster.ClusterIdentifier = aws.String("wh")
			it := redshiftItem(tt.cluster)
			assert.Equal(t, "AWS::Redshift::Cluster", it.typ)
			for k, v := range tt.want {
				assert.Equal(t, v, it.props[k], k)
			}
		})
	}
}

// TestRedshiftLive audits clusters and judges them: the one without
// automated snapshots fails BW-PITR-005, the one that keeps them for 7
// days passes. (kumo's DescribeClusters omits the retention; the front
// answers in Redshift's wire format.)
func TestRedshiftLive(t *testing.T) {
	const region = "eu-south-1"
	f := newFront(t)
	f.Handle(region, "redshift", "DescribeClusters", func(w http.ResponseWriter, r *livetest.Request) {
		cluster := func(id string, days int) string {
			return fmt.Sprintf(`<Cluster><ClusterIdentifier>%s</ClusterIdentifier><NodeType>ra3.xlplus</NodeType><ClusterStatus>available</ClusterStatus>`+
				`<NumberOfNodes>2</NumberOfNodes><AutomatedSnapshotRetentionPeriod>%d</AutomatedSnapshotRetentionPeriod>`+
				`<AvailabilityZone>%sa</AvailabilityZone><AvailabilityZoneRelocationStatus>enabled</AvailabilityZoneRelocationStatus></Cluster>`, id, days, region)
		}
		livetest.QueryXML(w, r, `<Clusters>`+cluster("wh-nosnap", 0)+cluster("wh-week", 7)+`</Clusters>`)
	})
	o := options(f, region)
	o.Services = []string{"redshift"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	none := resource(inv, file(region), "redshiftcluster/wh-nosnap")
	require.NotNil(t, none)
	assert.Equal(t, int64(0), none.Properties["AutomatedSnapshotRetentionPeriod"])
	assert.Equal(t, true, none.Properties["AvailabilityZoneRelocation"])
	assert.Equal(t, []string{"redshiftcluster/wh-nosnap"}, ruleFindings(t, inv, 0, "BW-PITR-005"))
}
