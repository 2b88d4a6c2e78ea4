package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	"github.com/aws/aws-sdk-go-v2/service/redshift/types"
)

// collectRedshift reads provisioned Redshift clusters: automated snapshot
// retention, node count and zone placement.
func collectRedshift(ctx context.Context, s *scope) error {
	client := redshift.NewFromConfig(s.cfg)
	p := redshift.NewDescribeClustersPaginator(client, &redshift.DescribeClustersInput{})
	clusters, err := listAll(ctx, s, p, func(o *redshift.DescribeClustersOutput) []types.Cluster { return o.Clusters })
	if err != nil {
		return err
	}
	for _, c := range clusters {
		if strings.EqualFold(aws.ToString(c.ClusterStatus), "deleting") {
			continue
		}
		s.add(redshiftItem(c))
	}
	return nil
}

// redshiftItem writes a cluster as AWS::Redshift::Cluster. The API has
// no ClusterType: one node is "single-node", more "multi-node". Its
// "enabled"/"disabled" statuses of Multi-AZ and relocation become
// CloudFormation's booleans; the retention is unknown when the API left it
// out (CloudFormation's default of 1 day would be a guess).
func redshiftItem(c types.Cluster) *item {
	id := aws.ToString(c.ClusterIdentifier)
	props := map[string]any{"ClusterIdentifier": id}
	if c.NodeType != nil {
		props["NodeType"] = *c.NodeType
	}
	if c.NumberOfNodes != nil {
		n := int64(*c.NumberOfNodes)
		props["NumberOfNodes"] = n
		props["ClusterType"] = "multi-node"
		if n == 1 {
			props["ClusterType"] = "single-node"
		}
	}
	if c.AutomatedSnapshotRetentionPeriod != nil {
		props["AutomatedSnapshotRetentionPeriod"] = int64(*c.AutomatedSnapshotRetentionPeriod)
	} else {
		props["AutomatedSnapshotRetentionPeriod"] = unknown("redshift:DescribeClusters AutomatedSnapshotRetentionPeriod")
	}
	if c.ManualSnapshotRetentionPeriod != nil {
		props["ManualSnapshotRetentionPeriod"] = int64(*c.ManualSnapshotRetentionPeriod)
	}
	if c.AvailabilityZone != nil {
		props["AvailabilityZone"] = *c.AvailabilityZone
	}
	if v := enabledStatus(aws.ToString(c.AvailabilityZoneRelocationStatus)); v != nil {
		props["AvailabilityZoneRelocation"] = v
	}
	if v := enabledStatus(aws.ToString(c.MultiAZ)); v != nil {
		props["MultiAZ"] = v
	}
	if c.Encrypted != nil {
		props["Encrypted"] = *c.Encrypted
	}
	if len(c.Tags) > 0 {
		var keys, values []string
		for _, t := range c.Tags {
			keys, values = append(keys, aws.ToString(t.Key)), append(values, aws.ToString(t.Value))
		}
		props["Tags"] = tagList(keys, values)
	}
	return &item{id: "redshiftcluster/" + id, typ: "AWS::Redshift::Cluster", props: props, physical: []string{id}}
}

// enabledStatus maps Redshift's "enabled"/"disabled" (any case; a
// relocation may be "pending_enabling") to a boolean, or nil when unknown.
func enabledStatus(status string) any {
	switch strings.ToLower(status) {
	case "enabled", "pending_enabling":
		return true
	case "disabled", "pending_disabling":
		return false
	}
	return nil
}
