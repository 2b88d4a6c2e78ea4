package live

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRDSEngineTypes: DocumentDB and Neptune clusters and instances take
// their own CloudFormation types, with only the properties those have.
func TestRDSEngineTypes(t *testing.T) {
	tests := []struct {
		engine, cluster, instance string
	}{
		{"aurora-postgresql", "AWS::RDS::DBCluster", "AWS::RDS::DBInstance"},
		{"docdb", "AWS::DocDB::DBCluster", "AWS::DocDB::DBInstance"},
		{"neptune", "AWS::Neptune::DBCluster", "AWS::Neptune::DBInstance"},
		{"Neptune", "AWS::Neptune::DBCluster", "AWS::Neptune::DBInstance"},
	}
	for _, tt := range tests {
		t.Run(tt.engine, func(t *testing.T) {
			f := newFront(t)
			const region = "ap-south-1"
			f.Handle(region, "rds", "DescribeDBInstances", func(w http.ResponseWriter, r *livetest.Request) {
				livetest.QueryXML(w, r, `<DBInstances><DBInstance><DBInstanceIdentifier>i1</DBInstanceIdentifier><Engine>`+tt.engine+
					`</Engine><DBClusterIdentifier>c1</DBClusterIdentifier><AvailabilityZone>`+region+`a</AvailabilityZone>`+
					`<DBInstanceClass>db.r6g.large</DBInstanceClass><MultiAZ>false</MultiAZ></DBInstance></DBInstances>`)
			})
			f.Handle(region, "rds", "DescribeDBClusters", func(w http.ResponseWriter, r *livetest.Request) {
				livetest.QueryXML(w, r, `<DBClusters><DBCluster><DBClusterIdentifier>c1</DBClusterIdentifier><Engine>`+tt.engine+
					`</Engine><BackupRetentionPeriod>3</BackupRetentionPeriod><DeletionProtection>true</DeletionProtection></DBCluster></DBClusters>`)
			})
			o := options(f, region)
			o.Services = []string{"rds"}
			inv := audit(t, o)
			c := resource(inv, file(region), "cluster/c1")
			require.NotNil(t, c)
			assert.Equal(t, tt.cluster, c.Type)
			assert.Equal(t, true, c.Properties["DeletionProtection"])
			assert.Equal(t, int64(3), c.Properties["BackupRetentionPeriod"])
			i := resource(inv, file(region), "db/i1")
			require.NotNil(t, i)
			assert.Equal(t, tt.instance, i.Type)
			assert.Equal(t, "c1", i.Properties["DBClusterIdentifier"], "the instance names its cluster as a template may")
			assert.Equal(t, region+"a", i.Properties["AvailabilityZone"])
			if tt.cluster != "AWS::RDS::DBCluster" {
				assert.NotContains(t, c.Properties, "Engine", "the type is the engine")
				assert.NotContains(t, i.Properties, "MultiAZ", "not a property of the type")
			}
		})
	}
}

// TestDeletionProtectionUnread: a value the API left out is unknown, not
// CloudFormation's default (off).
func TestDeletionProtectionUnread(t *testing.T) {
	assert.Equal(t, unknown("x"), deletionProtection(nil, "x"))
	assert.Equal(t, false, deletionProtection(aws.Bool(false), "x"))
	assert.Equal(t, unknown("rds:DescribeDBClusters DeletionProtection"),
		otherClusterItem("AWS::DocDB", types.DBCluster{DBClusterIdentifier: aws.String("c")}).props["DeletionProtection"])
}

// dbCluster is a cluster served by serveDBClusters: its engine and the
// zone of each of its instances.
type dbCluster struct {
	id, engine string
	zones      []string
}

// serveDBClusters answers DescribeDBClusters and DescribeDBInstances in
// region with the clusters and their instances (named id-1, id-2, ...),
// as AWS does: each instance names its cluster, each cluster its members.
// (kumo does not: its instances name no cluster.)
func serveDBClusters(f *livetest.Front, region string, clusters ...dbCluster) {
	var cs, is string
	for _, c := range clusters {
		members := ""
		for n, z := range c.zones {
			id := fmt.Sprintf("%s-%d", c.id, n+1)
			members += `<DBClusterMember><DBInstanceIdentifier>` + id + `</DBInstanceIdentifier><IsClusterWriter>` +
				fmt.Sprint(n == 0) + `</IsClusterWriter></DBClusterMember>`
			is += `<DBInstance><DBInstanceIdentifier>` + id + `</DBInstanceIdentifier><Engine>` + c.engine + `</Engine>` +
				`<DBInstanceClass>db.r6g.large</DBInstanceClass><DBClusterIdentifier>` + c.id + `</DBClusterIdentifier>` +
				`<AvailabilityZone>` + z + `</AvailabilityZone><MultiAZ>false</MultiAZ></DBInstance>`
		}
		cs += `<DBCluster><DBClusterIdentifier>` + c.id + `</DBClusterIdentifier><Engine>` + c.engine + `</Engine>` +
			`<BackupRetentionPeriod>7</BackupRetentionPeriod><DeletionProtection>true</DeletionProtection>` +
			`<DBClusterMembers>` + members + `</DBClusterMembers></DBCluster>`
	}
	f.Handle(region, "rds", "DescribeDBClusters", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, `<DBClusters>`+cs+`</DBClusters>`)
	})
	f.Handle(region, "rds", "DescribeDBInstances", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, `<DBInstances>`+is+`</DBInstances>`)
	})
}

// TestDBClusterInstances audits clusters and judges them: a cluster with
// one instance fails BW-MULTI-AZ-012, one with two instances in two zones
// passes, for Aurora, DocumentDB and Neptune; Aurora Serverless v1 has no
// instances to count.
func TestDBClusterInstances(t *testing.T) {
	const region = "eu-west-3"
	f := newFront(t)
	serveDBClusters(f, region,
		dbCluster{"aurora-one", "aurora-postgresql", []string{region + "a"}},
		dbCluster{"aurora-two", "aurora-mysql", []string{region + "a", region + "b"}},
		dbCluster{"docdb-one", "docdb", []string{region + "a"}},
		dbCluster{"docdb-two", "docdb", []string{region + "a", region + "c"}},
		dbCluster{"neptune-one", "neptune", []string{region + "b"}},
		dbCluster{"neptune-two", "neptune", []string{region + "a", region + "b"}},
		dbCluster{"mysql-multi-az", "mysql", []string{region + "a"}},
	)
	o := options(f, region)
	o.Services = []string{"rds"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	assert.Equal(t, "AWS::DocDB::DBCluster", resource(inv, file(region), "cluster/docdb-one").Type)
	assert.Equal(t, "AWS::Neptune::DBInstance", resource(inv, file(region), "db/neptune-one-1").Type)
	var got []string
	for _, fd := range evaluate(t, inv).Findings {
		if fd.RuleID == "BW-MULTI-AZ-012" {
			got = append(got, fd.Resource)
		}
	}
	assert.ElementsMatch(t, []string{"cluster/aurora-one", "cluster/docdb-one", "cluster/neptune-one"}, got,
		"one instance: a finding; two in two zones: a pass; a Multi-AZ DB cluster of MySQL is not instance-based")
}
