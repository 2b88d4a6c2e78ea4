package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// otherEngines are engines the RDS API also lists that CloudFormation
// models as other services: their clusters and instances take those
// services' types (and only the properties those types have), so the RDS
// rules do not judge them and the DocumentDB and Neptune rules do.
var otherEngines = map[string]string{"neptune": "AWS::Neptune", "docdb": "AWS::DocDB"}

// collectRDS reads DB instances and clusters (RDS, Aurora, DocumentDB and
// Neptune): Multi-AZ, backup retention, deletion protection, cluster
// membership and read-replica sources.
func collectRDS(ctx context.Context, s *scope) error {
	client := rds.NewFromConfig(s.cfg)
	ip := rds.NewDescribeDBInstancesPaginator(client, &rds.DescribeDBInstancesInput{})
	err := s.pages(ctx, ip.HasMorePages, func(ctx context.Context) error {
		out, err := ip.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, db := range out.DBInstances {
			if prefix, ok := otherEngines[strings.ToLower(aws.ToString(db.Engine))]; ok {
				s.add(memberInstanceItem(prefix, db))
				continue
			}
			s.add(instanceItem(db))
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
			if prefix, ok := otherEngines[strings.ToLower(aws.ToString(c.Engine))]; ok {
				s.add(otherClusterItem(prefix, c))
				continue
			}
			s.add(clusterItem(c))
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
	props["DeletionProtection"] = deletionProtection(db.DeletionProtection, "rds:DescribeDBInstances DeletionProtection")
	if db.StorageEncrypted != nil {
		props["StorageEncrypted"] = *db.StorageEncrypted
	}
	arn := tagsAndARN(props, db.TagList, db.DBInstanceArn)
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
	arn := clusterCommon(c, props)
	return &item{id: "cluster/" + id, typ: "AWS::RDS::DBCluster", props: props, physical: []string{id, arn}}
}

// memberInstanceItem writes a DocumentDB or Neptune instance as
// AWS::DocDB::DBInstance or AWS::Neptune::DBInstance: it always belongs
// to a cluster, named by DBClusterIdentifier as a template names it
// literally, which is how BW-MULTI-AZ-012 counts a cluster's instances.
func memberInstanceItem(prefix string, db types.DBInstance) *item {
	id := aws.ToString(db.DBInstanceIdentifier)
	props := map[string]any{"DBInstanceIdentifier": id}
	if db.DBInstanceClass != nil {
		props["DBInstanceClass"] = *db.DBInstanceClass
	}
	if db.DBClusterIdentifier != nil {
		props["DBClusterIdentifier"] = *db.DBClusterIdentifier
	}
	if db.AvailabilityZone != nil {
		props["AvailabilityZone"] = *db.AvailabilityZone
	}
	arn := tagsAndARN(props, db.TagList, db.DBInstanceArn)
	return &item{id: "db/" + id, typ: prefix + "::DBInstance", props: props, physical: []string{id, arn}}
}

// clusterCommon writes what every engine's cluster declares alike (zones,
// deletion protection, encryption, tags) and returns the cluster's ARN.
func clusterCommon(c types.DBCluster, props map[string]any) string {
	if len(c.AvailabilityZones) > 0 {
		props["AvailabilityZones"] = anyList(c.AvailabilityZones)
	}
	props["DeletionProtection"] = deletionProtection(c.DeletionProtection, "rds:DescribeDBClusters DeletionProtection")
	if c.StorageEncrypted != nil {
		props["StorageEncrypted"] = *c.StorageEncrypted
	}
	arn := tagsAndARN(props, c.TagList, c.DBClusterArn)
	return arn
}

// otherClusterItem writes a DocumentDB or Neptune cluster as
// AWS::DocDB::DBCluster or AWS::Neptune::DBCluster, which have no Engine
// property (the type is the engine).
func otherClusterItem(prefix string, c types.DBCluster) *item {
	id := aws.ToString(c.DBClusterIdentifier)
	props := map[string]any{"DBClusterIdentifier": id}
	if c.BackupRetentionPeriod != nil {
		props["BackupRetentionPeriod"] = int64(*c.BackupRetentionPeriod)
	}
	if c.EngineVersion != nil {
		props["EngineVersion"] = *c.EngineVersion
	}
	arn := clusterCommon(c, props)
	return &item{id: "cluster/" + id, typ: prefix + "::DBCluster", props: props, physical: []string{id, arn}}
}

// deletionProtection is the setting as read, or unknown when the API left
// it out: an absent value would read as CloudFormation's default (off).
func deletionProtection(v *bool, what string) any {
	if v == nil {
		return unknown(what)
	}
	return *v
}

// tagsAndARN writes the tags and the ARN every RDS-family resource has,
// and returns the ARN.
func tagsAndARN(props map[string]any, tags []types.Tag, arnp *string) string {
	if len(tags) > 0 {
		props["Tags"] = rdsTags(tags)
	}
	arn := aws.ToString(arnp)
	if arn != "" {
		props[arnKey] = arn
	}
	return arn
}

func rdsTags(tags []types.Tag) []any {
	var keys, values []string
	for _, t := range tags {
		keys, values = append(keys, aws.ToString(t.Key)), append(values, aws.ToString(t.Value))
	}
	return tagList(keys, values)
}
