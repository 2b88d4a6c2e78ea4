package estimate

import (
	"fmt"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
)

func isDataStore(t string) bool {
	switch t {
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::Serverless::SimpleTable",
		"AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::EFS::FileSystem", "AWS::S3::Bucket":
		return true
	}
	return false
}

// store estimates a data store's RPO and RTO for a scenario. ok is false
// for resources that are not estimated (replicas, plain buckets).
func (e *estimator) store(r *scanners.Resource, scenario string) (rpo, rto Estimate, ok bool) {
	region := scenario == ScenarioRegion
	alts := e.backupAlternatives(r.ID, scenario)
	crossRegion := false // the data exists outside the Region
	switch r.Type {
	case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable":
		if !region {
			switch b := truth(prop(r, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), false); {
			case b == nil:
				alts = append(alts, unknownEst("PointInTimeRecoveryEnabled is not resolved"))
			case *b:
				alts = append(alts, mech("dynamodb_pitr", "point-in-time recovery enabled"))
			}
		}
		rto = secs(0, "DynamoDB replicates across Availability Zones")
	case "AWS::DynamoDB::GlobalTable":
		replicas, _ := prop(r, "Replicas").([]any)
		if len(replicas) >= 2 {
			alts = append(alts, mech("dynamodb_global_table", fmt.Sprintf("%d replicas", len(replicas))))
			crossRegion = true
		} else if !region {
			for _, rep := range replicas {
				m, _ := rep.(map[string]any)
				spec, _ := m["PointInTimeRecoverySpecification"].(map[string]any)
				if b := truth(spec["PointInTimeRecoveryEnabled"], false); b != nil && *b {
					alts = append(alts, mech("dynamodb_pitr", "point-in-time recovery enabled on the replica"))
				}
			}
		}
		rto = secs(0, "DynamoDB replicates across Availability Zones")
	case "AWS::RDS::DBInstance":
		if prop(r, "DBClusterIdentifier") != nil || prop(r, "SourceDBInstanceIdentifier") != nil {
			return rpo, rto, false // the cluster or the source instance holds the data
		}
		if eng, _ := prop(r, "Engine").(string); strings.HasPrefix(strings.ToLower(eng), "aurora") {
			return rpo, rto, false
		}
		if !region {
			alts = append(alts, e.rdsBackups(r)...)
		}
		rpoNow := best(alts...)
		switch b := truth(prop(r, "MultiAZ"), false); {
		case b == nil:
			rto = unknownEst("MultiAZ is not resolved")
		case *b:
			rto = mech("rds_multi_az", "MultiAZ true")
		case rpoNow.Seconds != nil || rpoNow.Unknown:
			rto = mech("restore_from_backup", "single-AZ: recovery is a restore")
		default:
			rto = unbounded("single-AZ with no backup to restore from")
		}
	case "AWS::RDS::DBCluster":
		if !region {
			alts = append(alts, e.rdsBackups(r)...)
		}
		if e.globalRDS[r.ID] {
			alts = append(alts, mech("aurora_global_database", "member of an Aurora Global Database"))
			crossRegion = true
		}
		rto = mech("aurora_cluster", "DB cluster")
		if instance, ok := e.singleInstanceAurora(r); ok {
			rto = mech("aurora_single_instance", "one DB instance ("+instance+"): no replica to fail over to")
		}
	case "AWS::EFS::FileSystem":
		if !region {
			switch p := prop(r, "BackupPolicy", "Status").(type) {
			case string:
				if p == "ENABLED" {
					alts = append(alts, secs(86400, "EFS automatic backups (BackupPolicy ENABLED) run daily"))
				}
			case nil: // no policy: no automatic backups
			default: // an intrinsic, or a policy the audit could not read
				alts = append(alts, unknownEst("BackupPolicy.Status is not resolved"))
			}
		}
		if dests, ok := prop(r, "ReplicationConfiguration", "Destinations").([]any); ok && len(dests) > 0 {
			for _, d := range dests {
				m, _ := d.(map[string]any)
				switch reg := m["Region"].(type) {
				case string:
					alts = append(alts, mech("efs_replication", "replicated to "+reg))
					crossRegion = true
				case nil:
					if !region {
						alts = append(alts, mech("efs_replication", "replicated within the Region"))
					}
				default:
					alts = append(alts, unknownEst("EFS replication destination Region is not resolved"))
				}
			}
		}
		if prop(r, "AvailabilityZoneName") != nil {
			if b := best(alts...); b.Seconds != nil || b.Unknown {
				rto = mech("restore_from_backup", "One Zone file system: recovery is a restore")
			} else {
				rto = unbounded("One Zone file system with no backup to restore from")
			}
		} else {
			rto = secs(0, "EFS Regional file systems span Availability Zones")
		}
	case "AWS::S3::Bucket":
		if region && e.isBucketReplica(r) {
			// The copy: when its Region is lost, the source bucket still
			// holds the data; against a zone's loss it is judged as any bucket.
			return rpo, rto, false
		}
		status := prop(r, "VersioningConfiguration", "Status")
		versioned := status == "Enabled"
		rules, _ := prop(r, "ReplicationConfiguration", "Rules").([]any)
		// Unresolved (or, in a live audit, unreadable) versioning or
		// replication may be what makes the bucket meet its target.
		var unresolved []Estimate
		if isIntrinsic(prop(r, "VersioningConfiguration")) || isIntrinsic(status) {
			unresolved = append(unresolved, unknownEst("VersioningConfiguration is not resolved"))
		}
		if isIntrinsic(prop(r, "ReplicationConfiguration")) || isIntrinsic(prop(r, "ReplicationConfiguration", "Rules")) {
			unresolved = append(unresolved, unknownEst("ReplicationConfiguration is not resolved"))
		}
		if !versioned && len(rules) == 0 && len(unresolved) == 0 && e.backups[r.ID] == nil && ResourceTier(r) == 0 {
			return rpo, rto, false // a plain bucket: logs or artifacts, not estimated
		}
		alts = append(alts, unresolved...)
		if versioned && !region {
			alts = append(alts, secs(0, "versioning keeps every overwritten or deleted object"))
		}
		if len(rules) > 0 {
			alts = append(alts, mech("s3_replication", "replication rules (the destination Region is assumed to differ)"))
			crossRegion = true
		}
		rto = secs(0, "S3 stores objects across Availability Zones")
	default:
		return rpo, rto, false
	}
	rpo = best(alts...)
	if region {
		switch {
		case crossRegion:
			rto = secs(0, "the data is already readable in another Region")
			if r.Type == "AWS::RDS::DBCluster" {
				rto = mech("aurora_global_failover")
			}
		case rpo.Seconds != nil:
			rto = mech("restore_from_backup", "recovery in another Region is a restore of a copied backup")
		case rpo.Unknown:
			rto = unknownEst(rpo.Evidence...)
		default:
			rpo = unbounded("no copy of the data outside the Region")
			rto = unbounded("nothing to recover from in another Region")
		}
	} else if rpo.Seconds == nil && !rpo.Unknown {
		rpo = unbounded("no point-in-time recovery, backup or replica")
	}
	return rpo, rto, true
}

func (e *estimator) rdsBackups(r *scanners.Resource) []Estimate {
	v := prop(r, "BackupRetentionPeriod")
	if v == nil {
		return []Estimate{mech("rds_automated_backups", "automated backups (BackupRetentionPeriod not set: 1 day)")}
	}
	n, ok := num(v)
	switch {
	case !ok:
		return []Estimate{unknownEst("BackupRetentionPeriod is not resolved")}
	case n > 0:
		return []Estimate{mech("rds_automated_backups", fmt.Sprintf("automated backups kept %d days", n))}
	}
	return nil
}

// compute estimates the RTO of a compute or cache component for a
// scenario; ok is false for what is not estimated, whatever the tier. After
// the loss of a Region, a component recovers when traffic fails over to
// another Region's copy, which only a Route 53 failover record shows.
func (e *estimator) compute(r *scanners.Resource, scenario string) (Estimate, bool) {
	rto, ok := e.computeInRegion(r)
	switch {
	case !ok || scenario != ScenarioRegion:
		return rto, ok
	case e.dns != nil:
		return *e.dns, true
	}
	return unknownEst(noFailoverRecord), true
}

// computeInRegion is a compute or cache component's RTO after the loss of
// an Availability Zone.
func (e *estimator) computeInRegion(r *scanners.Resource) (Estimate, bool) {
	var subnets any
	switch r.Type {
	case "AWS::ElasticLoadBalancingV2::LoadBalancer":
		subnets = prop(r, "Subnets")
		if subnets == nil {
			subnets = prop(r, "SubnetMappings")
		}
	case "AWS::AutoScaling::AutoScalingGroup":
		subnets = prop(r, "VPCZoneIdentifier")
		if subnets == nil {
			subnets = prop(r, "AvailabilityZones")
		}
	case "AWS::ECS::Service":
		subnets = prop(r, "NetworkConfiguration", "AwsvpcConfiguration", "Subnets")
	case "AWS::ElastiCache::ReplicationGroup":
		switch b := truth(prop(r, "AutomaticFailoverEnabled"), false); {
		case b == nil:
			return unknownEst("AutomaticFailoverEnabled is not resolved"), true
		case *b:
			return mech("elasticache_failover", "automatic failover enabled"), true
		}
		return mech("redeploy_compute", "no automatic failover: the primary is rebuilt"), true
	default:
		return Estimate{}, false
	}
	list, ok := subnets.([]any)
	switch {
	case subnets == nil:
		return Estimate{}, false
	case !ok:
		return unknownEst("subnets are not resolved"), true
	case len(list) == 1:
		return mech("redeploy_compute", "one subnet: a single Availability Zone"), true
	}
	return secs(0, fmt.Sprintf("%d subnets: load moves to the other Availability Zones", len(list))), true
}

// isBucketReplica reports whether a bucket is where another bucket
// replicates to: a bucket of the template whose replication rule names it,
// or (a live audit, where the source may be in another Region) one marked
// bulwark:replicaOf.
func (e *estimator) isBucketReplica(r *scanners.Resource) bool {
	if from, _ := prop(r, "bulwark:replicaOf").([]any); len(from) > 0 {
		return true
	}
	for _, b := range e.t.Resources {
		if b.Type != "AWS::S3::Bucket" || b == r {
			continue
		}
		rules, _ := prop(b, "ReplicationConfiguration", "Rules").([]any)
		for _, rule := range rules {
			m, _ := rule.(map[string]any)
			dest, _ := m["Destination"].(map[string]any)
			ids := map[string]bool{}
			refersTo(dest["Bucket"], ids)
			if ids[r.ID] {
				return true
			}
		}
	}
	return false
}
