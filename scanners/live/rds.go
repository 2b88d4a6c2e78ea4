package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// otherEngines are engines the RDS API also lists that CloudFormation
// models as other types (AWS::Neptune::*, AWS::DocDB::*): the RDS rules
// do not describe them.
var otherEngines = map[string]bool{"neptune": true, "docdb": true}

// collectRDS reads DB instances and clusters: Multi-AZ, backup retention,
// cluster membership and read-replica sources.
func collectRDS(ctx context.Context, s *scope) error {
	client := rds.NewFromConfig(s.cfg)
	ip := rds.NewDescribeDBInstancesPaginator(client, &rds.DescribeDBInstancesInput{})
	err := s.pages(ctx, ip.HasMorePages, func(ctx context.Context) error {
		out, err := ip.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, db := range out.DBInstances {
			if !otherEngines[strings.ToLower(aws.ToString(db.Engine))] {
				s.add(instanceItem(db))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	cp := rds.NewDescribeDBClustersPaginator(client, &rds.DescribeDBClustersInput{})
	return s.pages(ctx, cp.HasMorePages, func(ctx context.Context) error {
		out, err := cp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, c := range out.DBClusters {
			if !otherEngines[strings.ToLower(aws.ToString(c.Engine))] {
				s.add(clusterItem(c))
			}
		}
		return nil
	})
}

func instanceItem(db types.DBInstance) *item {
	id := aws.ToString(db.DBInstanceIdentifier)
	props := map[string]any{"DBInstanceIdentifier": id, "Engine": aws.ToString(db.Engine)}
	if db.DBInstanceClass != nil {
		props["DBInstanceClass"] = *db.DBInstanceClass
	}
	if db.MultiAZ != nil {
		props["MultiAZ"] = *db.MultiAZ
	}
	if db.BackupRetentionPeriod != nil {
		props["BackupRetentionPeriod"] = int64(*db.BackupRetentionPeriod)
	}
	if db.DBClusterIdentifier != nil {
		props["DBClusterIdentifier"] = *db.DBClusterIdentifier
	}
	if db.ReadReplicaSourceDBInstanceIdentifier != nil {
		props["SourceDBInstanceIdentifier"] = *db.ReadReplicaSourceDBInstanceIdentifier
	}
	if db.AvailabilityZone != nil {
		props["AvailabilityZone"] = *db.AvailabilityZone
	}
	if db.DeletionProtection != nil {
		props["DeletionProtection"] = *db.DeletionProtection
	}
	if db.StorageEncrypted != nil {
		props["StorageEncrypted"] = *db.StorageEncrypted
	}
	if len(db.TagList) > 0 {
		props["Tags"] = rdsTags(db.TagList)
	}
	arn := aws.ToString(db.DBInstanceArn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "db/" + id, typ: "AWS::RDS::DBInstance", props: props, physical: []string{id, arn}}
}

func clusterItem(c types.DBCluster) *item {
	id := aws.ToString(c.DBClusterIdentifier)
	props := map[string]any{"DBClusterIdentifier": id, "Engine": aws.ToString(c.Engine)}
	if c.BackupRetentionPeriod != nil {
		props["BackupRetentionPeriod"] = int64(*c.BackupRetentionPeriod)
	}
	if c.GlobalClusterIdentifier != nil {
		props["GlobalClusterIdentifier"] = *c.GlobalClusterIdentifier
	}
	if c.EngineMode != nil {
		props["EngineMode"] = *c.EngineMode
	}
	if c.DBClusterInstanceClass != nil {
		props["DBClusterInstanceClass"] = *c.DBClusterInstanceClass
	}
	if len(c.AvailabilityZones) > 0 {
		props["AvailabilityZones"] = anyList(c.AvailabilityZones)
	}
	if c.DeletionProtection != nil {
		props["DeletionProtection"] = *c.DeletionProtection
	}
	if c.StorageEncrypted != nil {
		props["StorageEncrypted"] = *c.StorageEncrypted
	}
	if len(c.TagList) > 0 {
		props["Tags"] = rdsTags(c.TagList)
	}
	arn := aws.ToString(c.DBClusterArn)
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "cluster/" + id, typ: "AWS::RDS::DBCluster", props: props, physical: []string{id, arn}}
}

func rdsTags(tags []types.Tag) []any {
	var keys, values []string
	for _, t := range tags {
		keys, values = append(keys, aws.ToString(t.Key)), append(values, aws.ToString(t.Value))
	}
	return tagList(keys, values)
}
