# The cheapest change that would let a resource meet its tier, by resource
# type, scenario (the disruption its tier must withstand) and objective.
# Library module: no rule metadata.
package bulwark.tier.changes

# change[type][scenario][objective] is one sentence.
change := {
	"AWS::DynamoDB::Table": {
		"region": {
			"rpo": "make it a global table (AWS::DynamoDB::GlobalTable with a replica in a second Region, RPO about 1 s), or for tier 2 copy its AWS Backup recovery points to another Region at least hourly (CopyActions)",
			"rto": "make it a global table so the data is already readable in a second Region",
		},
		"availability-zone": {
			"rpo": "enable point-in-time recovery (PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true, RPO about 5 min)",
			"rto": "enable point-in-time recovery so there is something to restore",
		},
	},
	"AWS::Serverless::SimpleTable": {
		"region": {
			"rpo": "replace it with an AWS::DynamoDB::GlobalTable with a replica in a second Region",
			"rto": "replace it with an AWS::DynamoDB::GlobalTable with a replica in a second Region",
		},
		"availability-zone": {
			"rpo": "replace it with an AWS::DynamoDB::Table with point-in-time recovery enabled (SimpleTable cannot enable it)",
			"rto": "replace it with an AWS::DynamoDB::Table with point-in-time recovery enabled",
		},
	},
	"AWS::DynamoDB::GlobalTable": {
		"region": {
			"rpo": "add a replica in a second Region",
			"rto": "add a replica in a second Region",
		},
		"availability-zone": {
			"rpo": "enable point-in-time recovery on every replica",
			"rto": "enable point-in-time recovery on every replica",
		},
	},
	"AWS::RDS::DBInstance": {
		"region": {
			"rpo": "copy its backups to another Region (AWS Backup CopyActions, at least hourly for tier 2) or add a cross-Region read replica; tier 1 needs Aurora Global Database (RPO about 1 s)",
			"rto": "add a cross-Region read replica that can be promoted, or move to Aurora Global Database",
		},
		"availability-zone": {
			"rpo": "turn on automated backups (BackupRetentionPeriod of 1 day or more: point-in-time restore, RPO about 5 min)",
			"rto": "set MultiAZ: true (automatic failover in about 1-2 min)",
		},
	},
	"AWS::RDS::DBCluster": {
		"region": {
			"rpo": "add the cluster to an Aurora Global Database (AWS::RDS::GlobalCluster, RPO about 1 s)",
			"rto": "add the cluster to an Aurora Global Database (AWS::RDS::GlobalCluster, managed failover in about a minute)",
		},
		"availability-zone": {
			"rpo": "turn on automated backups (BackupRetentionPeriod of 1 day or more)",
			"rto": "add a reader instance in another Availability Zone so failover has a target",
		},
	},
	"AWS::EFS::FileSystem": {
		"region": {
			"rpo": "add ReplicationConfiguration to another Region (RPO about 15 min; tier 1 cannot be met by EFS replication alone)",
			"rto": "add ReplicationConfiguration to another Region",
		},
		"availability-zone": {
			"rpo": "enable BackupPolicy (daily automatic backups) or cover it with an AWS Backup plan",
			"rto": "use a Regional file system (remove AvailabilityZoneName)",
		},
	},
	"AWS::S3::Bucket": {
		"region": {
			"rpo": "add cross-Region replication with Replication Time Control (RPO about 15 min)",
			"rto": "add cross-Region replication so the objects are readable in a second Region",
		},
		"availability-zone": {
			"rpo": "enable versioning (VersioningConfiguration.Status: Enabled)",
			"rto": "enable versioning",
		},
	},
	"AWS::ElastiCache::ReplicationGroup": {
		"region": {"rto": faster_failover},
		"availability-zone": {"rto": "set AutomaticFailoverEnabled: true and MultiAZEnabled: true with at least one replica"},
	},
	"AWS::ElasticLoadBalancingV2::LoadBalancer": {
		"region": {"rto": faster_failover},
		"availability-zone": {"rto": "give it subnets in at least two Availability Zones"},
	},
	"AWS::AutoScaling::AutoScalingGroup": {
		"region": {"rto": faster_failover},
		"availability-zone": {"rto": "spread VPCZoneIdentifier over subnets in at least two Availability Zones"},
	},
	"AWS::ECS::Service": {
		"region": {"rto": faster_failover},
		"availability-zone": {"rto": "give AwsvpcConfiguration.Subnets subnets in at least two Availability Zones"},
	},
	"AWS::Route53::RecordSet": {"region": {"rto": faster_failover}},
	"AWS::Route53::RecordSetGroup": {"region": {"rto": faster_failover}},
}

# After the loss of a Region, compute recovers when Route 53 moves traffic:
# detection (RequestInterval x FailureThreshold) plus the record's TTL.
faster_failover := "fail over faster: a health check with RequestInterval 10 and a lower FailureThreshold, and a shorter TTL on the failover record (or serve from both Regions, active-active)"

scenario_text := {
	"region": "the loss of a Region",
	"availability-zone": "the loss of an Availability Zone or of data",
}

# for(type, scenario, objective) is the suggested change, with a fallback.
for(t, s, o) := change[t][s][o]

for(t, s, o) := "add a recovery mechanism that meets the target (see the estimate's evidence)" if not change[t][s][o]
