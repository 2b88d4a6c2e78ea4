# METADATA
# title: Resource cannot meet its tier's RTO
# description: >-
#   bulwark estimates how long each resource takes to recover (its RTO):
#   Multi-AZ failover, managed regional services, restore from backup,
#   redeploying compute pinned to one Availability Zone, and for tiers 1-2
#   the data already being in a second Region and the time a Route 53
#   failover takes to move traffic there (see rules/estimate/estimates.yaml).
#   When the estimate is above the tier's target the workload cannot meet
#   its tier. Estimates that depend on unresolved values are unknown and not
#   reported.
# custom:
#   id: BW-TIER-002
#   severity: high
#   concern: tier
#   well_architected: [REL10-BP01, REL13-BP01]
#   resource_types: [AWS::DynamoDB::Table, AWS::DynamoDB::GlobalTable, AWS::Serverless::SimpleTable, AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::EFS::FileSystem, AWS::S3::Bucket, AWS::ElastiCache::ReplicationGroup, AWS::ElasticLoadBalancingV2::LoadBalancer, AWS::AutoScaling::AutoScalingGroup, AWS::ECS::Service, AWS::Route53::RecordSet, AWS::Route53::RecordSetGroup]
#   inputs: [template, account]
#   remediation: >-
#     Apply the change the finding names (the cheapest mechanism that meets
#     the target), or lower the workload's tier if the target was wrong.
package bulwark.rules.tier.rto

import data.bulwark.lib
import data.bulwark.tier.changes

deny contains lib.finding_with(id, [], msg, details) if {
	some id, est in input.estimates.resources
	est.targets
	e := est.rto
	not e.unknown
	misses(e, est.targets.rto_seconds)
	r := input.resources[id]
	msg := sprintf("%s %s (tier %v, judged against %s): estimated RTO %s vs target <= %s (%s). Cheapest change: %s", [
		r.Type, id, est.tier, changes.scenario_text[est.scenario], e.text, est.targets.rto_text,
		evidence(e), changes.for(r.Type, est.scenario, "rto"),
	])
	details := {"tier": est.tier, "scenario": est.scenario, "target_seconds": est.targets.rto_seconds, "estimate": e.text, "estimate_seconds": object.get(e, "seconds", null)}
}

# No mechanism at all (no seconds) misses any target.
misses(e, _) if not e.seconds

misses(e, target) if e.seconds > target

evidence(e) := e.evidence if e.evidence != ""

evidence(e) := "no evidence" if e.evidence == ""
