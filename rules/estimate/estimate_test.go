package estimate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMechanismTableIsDocumented(t *testing.T) {
	require.NotEmpty(t, Mechanisms)
	for name, m := range Mechanisms {
		assert.Contains(t, []string{"rpo", "rto"}, m.Kind, name)
		assert.Contains(t, []string{"region", "cross-region"}, m.Scope, name)
		assert.NotEmpty(t, m.Note, name)
		assert.True(t, strings.HasPrefix(m.Source, "https://docs.aws.amazon.com/"), "%s: source %q", name, m.Source)
	}
}

// estimateOf loads a template and returns the estimate of one resource.
func estimateOf(t *testing.T, tier int, resources string, id string) *ResourceEstimate {
	t.Helper()
	res := scanners.Load("t.yaml", []byte("Resources:\n"+resources), scanners.Options{})
	require.NotNil(t, res.Template, "%v", res.Diagnostics)
	w := Of(res.Template, scanners.Profile{Tier: tier}, DefaultTiers)
	for i := range w.Resources {
		if w.Resources[i].Resource == id {
			return &w.Resources[i]
		}
	}
	return nil
}

func text(e *Estimate) string {
	if e == nil {
		return "-"
	}
	if e.Unknown && e.Seconds == nil {
		return "unknown"
	}
	return e.Text
}

const backupPlan = `  Vault:
    Type: AWS::Backup::BackupVault
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: p
        BackupPlanRule:
          - RuleName: r
            TargetBackupVault: !Ref Vault
            ScheduleExpression: %s
            %s
  Sel:
    Type: AWS::Backup::BackupSelection
    Properties:
      BackupPlanId: !Ref Plan
      BackupSelection:
        SelectionName: s
        IamRoleArn: arn:aws:iam::1:role/b
        %s
`

func plan(schedule, extra, selection string) string {
	return strings.NewReplacer("%s\n            %s\n", schedule+"\n            "+extra+"\n").Replace(
		strings.Replace(strings.Replace(strings.Replace(backupPlan, "%s", schedule, 1), "%s", extra, 1), "%s", selection, 1))
}

const table = "  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: t\n"

func TestEstimatorMechanisms(t *testing.T) {
	tests := []struct {
		name      string
		tier      int
		resources string
		id        string
		rpo, rto  string
		compliant string // "true", "false", "unknown"
	}{
		{"table without anything", 3, table, "T", "unbounded", "0 s", "false"},
		{"table with PITR", 3, table + "      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}\n", "T", "5 min", "0 s", "true"},
		{"table with unresolved PITR", 3, "  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: !Ref X}\n", "T", "unknown", "0 s", "unknown"},
		{"PITR does not survive a Region", 1, table + "      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}\n", "T", "unbounded", "unbounded", "false"},
		{"daily backup", 3, table + plan("cron(0 3 * * ? *)", "Lifecycle: {DeleteAfterDays: 7}", "Resources: [!GetAtt T.Arn]"), "T", "1 d", "0 s", "true"},
		{"rate backup", 3, table + plan("rate(12 hours)", "Lifecycle: {DeleteAfterDays: 7}", "Resources: ['*']"), "T", "12 h", "0 s", "true"},
		{"continuous backup", 3, table + plan("cron(0 3 * * ? *)", "EnableContinuousBackup: true", "Resources: [!GetAtt T.Arn]"), "T", "5 min", "0 s", "true"},
		{"tag selection may cover", 3, table + plan("cron(0 3 * * ? *)", "Lifecycle: {DeleteAfterDays: 7}", "ListOfTags: [{ConditionType: STRINGEQUALS, ConditionKey: backup, ConditionValue: daily}]"), "T", "unknown", "0 s", "unknown"},
		{"copy to a named Region", 2, table + plan("rate(1 hour)", "CopyActions: [{DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:1:backup-vault:dr'}]", "Resources: [!GetAtt T.Arn]"), "T", "1 h", "8 h", "false"},
		{"copy within the Region", 2, table + plan("rate(1 hour)", "CopyActions: [{DestinationBackupVaultArn: !Sub 'arn:aws:backup:${AWS::Region}:1:backup-vault:dr'}]", "Resources: [!GetAtt T.Arn]"), "T", "unbounded", "unbounded", "false"},
		{"copy to an unknown Region", 2, table + plan("rate(1 hour)", "CopyActions: [{DestinationBackupVaultArn: !Ref Dr}]", "Resources: [!GetAtt T.Arn]"), "T", "unknown", "unknown", "unknown"},
		{"global table", 1, "  G:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      Replicas: [{Region: us-east-1}, {Region: us-west-2}]\n", "G", "1 s", "0 s", "true"},
		{"global table with one replica", 1, "  G:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      Replicas: [{Region: us-east-1}]\n", "G", "unbounded", "unbounded", "false"},
		{"RDS Multi-AZ with backups", 3, "  D:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, MultiAZ: true}\n", "D", "5 min", "2 min", "true"},
		{"RDS single-AZ restore", 3, "  D:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, MultiAZ: 'false', BackupRetentionPeriod: 7}\n", "D", "5 min", "8 h", "false"},
		{"RDS single-AZ meets tier 4", 4, "  D:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, BackupRetentionPeriod: 7}\n", "D", "5 min", "8 h", "true"},
		{"RDS without backups", 3, "  D:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, MultiAZ: true, BackupRetentionPeriod: 0}\n", "D", "unbounded", "2 min", "false"},
		{"RDS unresolved MultiAZ", 3, "  D:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, MultiAZ: !Ref M}\n", "D", "5 min", "unknown", "unknown"},
		{"Aurora cluster", 3, "  C:\n    Type: AWS::RDS::DBCluster\n    Properties: {Engine: aurora-mysql}\n", "C", "5 min", "1 min", "true"},
		{"Aurora cluster with one instance", 3, auroraWith(1, ""), "C", "5 min", "1 h", "true"},
		{"Aurora cluster with one instance named literally", 3, "  C:\n    Type: AWS::RDS::DBCluster\n    Properties: {Engine: aurora-postgresql, DBClusterIdentifier: Orders}\n  I:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: aurora-postgresql, DBClusterIdentifier: orders}\n", "C", "5 min", "1 h", "true"},
		{"Aurora cluster with a replica", 3, auroraWith(2, ""), "C", "5 min", "1 min", "true"},
		{"Aurora cluster, another instance's cluster unresolved", 3, auroraWith(1, "  X:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: aurora-mysql, DBClusterIdentifier: !ImportValue shared}\n"), "C", "5 min", "1 min", "true"},
		{"Aurora global database", 1, "  C:\n    Type: AWS::RDS::DBCluster\n    Properties: {Engine: aurora-mysql}\n  G:\n    Type: AWS::RDS::GlobalCluster\n    Properties: {SourceDBClusterIdentifier: !Ref C}\n", "C", "1 s", "1 min", "true"},
		{"EFS automatic backups", 3, "  F:\n    Type: AWS::EFS::FileSystem\n    Properties: {BackupPolicy: {Status: ENABLED}}\n", "F", "1 d", "0 s", "true"},
		{"EFS one zone, backup policy unresolved", 4, "  F:\n    Type: AWS::EFS::FileSystem\n    Properties: {AvailabilityZoneName: us-east-1a, BackupPolicy: {Status: !Ref B}}\n", "F", "unknown", "8 h", "unknown"},
		{"EFS one zone without backups", 4, "  F:\n    Type: AWS::EFS::FileSystem\n    Properties: {AvailabilityZoneName: us-east-1a}\n", "F", "unbounded", "unbounded", "false"},
		{"EFS cross-Region replication", 2, "  F:\n    Type: AWS::EFS::FileSystem\n    Properties: {ReplicationConfiguration: {Destinations: [{Region: us-west-2}]}}\n", "F", "15 min", "0 s", "true"},
		{"versioned bucket", 3, "  B:\n    Type: AWS::S3::Bucket\n    Properties: {VersioningConfiguration: {Status: Enabled}}\n", "B", "0 s", "0 s", "true"},
		{"replicated bucket misses tier 1", 1, "  B:\n    Type: AWS::S3::Bucket\n    Properties: {VersioningConfiguration: {Status: Enabled}, ReplicationConfiguration: {Role: r, Rules: [{Status: Enabled, Destination: {Bucket: arn:aws:s3:::b}}]}}\n", "B", "15 min", "0 s", "false"},
		{"plain bucket is not estimated", 3, "  B:\n    Type: AWS::S3::Bucket\n", "B", "-", "-", "-"},
		{"versioned bucket, replication unresolved", 1, "  B:\n    Type: AWS::S3::Bucket\n    Properties: {VersioningConfiguration: {Status: Enabled}, ReplicationConfiguration: !Ref R}\n", "B", "unknown", "unknown", "unknown"},
		{"replica bucket is not estimated", 1, "  S:\n    Type: AWS::S3::Bucket\n    Properties: {VersioningConfiguration: {Status: Enabled}, ReplicationConfiguration: {Role: r, Rules: [{Status: Enabled, Destination: {Bucket: !GetAtt C.Arn}}]}}\n  C:\n    Type: AWS::S3::Bucket\n    Properties: {VersioningConfiguration: {Status: Enabled}}\n", "C", "-", "-", "-"},
		{"live replica of another Region is not estimated", 1, "  C:\n    Type: AWS::S3::Bucket\n    Properties: {VersioningConfiguration: {Status: Enabled}, 'bulwark:replicaOf': ['arn:aws:s3:::src']}\n", "C", "-", "-", "-"},
		{"bucket, versioning unresolved", 3, "  B:\n    Type: AWS::S3::Bucket\n    Properties: {VersioningConfiguration: {Status: !Ref V}}\n", "B", "unknown", "0 s", "unknown"},
		{"single-subnet load balancer", 3, "  L:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: {Subnets: [subnet-a]}\n", "L", "-", "1 h", "true"},
		{"unresolved subnets", 3, "  L:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: {Subnets: !Ref S}\n", "L", "-", "unknown", "unknown"},
		{"cache without failover", 3, "  R:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties: {AutomaticFailoverEnabled: false}\n", "R", "-", "1 h", "true"},
		{"resource tier tag wins", 4, table + "      Tags: [{Key: reliability-tier, Value: '1'}]\n      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}\n", "T", "unbounded", "unbounded", "false"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			re := estimateOf(t, tc.tier, tc.resources, tc.id)
			if tc.rpo == "-" && tc.rto == "-" {
				assert.Nil(t, re)
				return
			}
			require.NotNil(t, re, "resource %s not estimated", tc.id)
			assert.Equal(t, tc.rpo, text(re.RPO), "RPO")
			assert.Equal(t, tc.rto, text(re.RTO), "RTO")
			got := "unknown"
			if re.Compliant != nil {
				got = map[bool]string{true: "true", false: "false"}[*re.Compliant]
			}
			assert.Equal(t, tc.compliant, got, "verdict")
			for _, e := range []*Estimate{re.RPO, re.RTO} {
				if e != nil {
					assert.NotEmpty(t, e.Evidence, "every estimate lists its evidence")
				}
			}
		})
	}
}

// auroraWith is an Aurora cluster C with n DB instances and more resources.
func auroraWith(n int, more string) string {
	src := "  C:\n    Type: AWS::RDS::DBCluster\n    Properties: {Engine: aurora-mysql}\n"
	for i := 0; i < n; i++ {
		src += fmt.Sprintf("  I%d:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: aurora-mysql, DBClusterIdentifier: !Ref C}\n", i)
	}
	return src + more
}

// The estimates answer for the loss of an Availability Zone or a Region;
// a stack deletion is no scenario of the model, so a DeletionPolicy that
// keeps the data changes no estimate (BW-DATA-PROTECTION-001 reports a
// policy that deletes it).
func TestDeletionPolicyLeavesEstimatesAlone(t *testing.T) {
	for _, tier := range []int{1, 3} {
		for _, kind := range []string{"DynamoDB::Table", "RDS::DBInstance"} {
			src := "  S:\n    Type: AWS::" + kind + "\n%s    Properties: {Engine: postgres}\n"
			plain := estimateOf(t, tier, strings.Replace(src, "%s", "", 1), "S")
			require.NotNil(t, plain)
			for _, policy := range []string{"Retain", "Snapshot", "RetainExceptOnCreate", "Delete"} {
				attrs := "    DeletionPolicy: " + policy + "\n    UpdateReplacePolicy: " + policy + "\n"
				got := estimateOf(t, tier, strings.Replace(src, "%s", attrs, 1), "S")
				require.NotNil(t, got)
				assert.Equal(t, *plain, *got, "tier %d, %s, %s", tier, kind, policy)
			}
		}
	}
}

func TestRoute53FailoverEstimate(t *testing.T) {
	src := `Resources:
  T:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      Replicas: [{Region: us-east-1}, {Region: us-west-2}]
  HC:
    Type: AWS::Route53::HealthCheck
    Properties:
      HealthCheckConfig: {Type: HTTPS, RequestInterval: 10, FailureThreshold: 2}
  P:
    Type: AWS::Route53::RecordSet
    Properties: {Name: a.example.com, Type: A, Failover: PRIMARY, HealthCheckId: !Ref HC, TTL: 60}
`
	res := scanners.Load("t.yaml", []byte(src), scanners.Options{})
	require.NotNil(t, res.Template)
	w := Of(res.Template, scanners.Profile{Tier: 1}, DefaultTiers)
	assert.Equal(t, "80 s", w.RTO.Text, "10 s x 2 + 60 s TTL")
	require.NotNil(t, w.Compliant)
	assert.True(t, *w.Compliant)
	assert.Contains(t, strings.Join(w.RTO.Evidence, " "), "health check HC")
}

func TestFormatSeconds(t *testing.T) {
	for s, want := range map[int64]string{0: "0 s", 45: "45 s", 60: "1 min", 80: "80 s", 120: "2 min", 150: "2.5 min", 3600: "1 h", 5400: "1.5 h", 86400: "1 d", 604800: "7 d"} {
		assert.Equal(t, want, FormatSeconds(s))
	}
}
