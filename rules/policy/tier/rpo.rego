# METADATA
# title: Data store cannot meet its tier's RPO
# description: >-
#   bulwark estimates how much data each data store would lose (its RPO)
#   from the recovery mechanisms the template gives it: point-in-time
#   recovery, AWS Backup schedules and copies, replicas and global tables
#   (see the estimation table in rules/estimate/estimates.yaml). Tiers 1-2 are judged
#   against the loss of a Region, tiers 3-4 against the loss of an
#   Availability Zone or of data. When the estimate is above the tier's
#   target the workload cannot meet its tier. Estimates that depend on
#   unresolved values are unknown and not reported.
# custom:
#   id: BW-TIER-001
#   severity: high
#   concern: tier
#   well_architected: [REL09-BP01, REL13-BP01]
#   resource_types: [AWS::DynamoDB::Table, AWS::DynamoDB::GlobalTable, AWS::Serverless::SimpleTable, AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::EFS::FileSystem, AWS::S3::Bucket]
#   inputs: [template, account]
#   remediation: >-
#     Apply the change the finding names (the cheapest mechanism that meets
#     the target), or lower the workload's tier if the target was wrong.
package bulwark.rules.tier.rpo

import data.bulwark.lib
import data.bulwark.tier.changes

deny contains lib.finding_with(id, [], msg, details) if {
	some id, est in input.estimates.resources
	est.targets
	e := est.rpo
	not e.unknown
	misses(e, est.targets.rpo_seconds)
	r := input.resources[id]
	msg := sprintf("%s %s (tier %v, judged against %s): estimated RPO %s vs target <= %s (%s). Cheapest change: %s", [
		r.Type, id, est.tier, changes.scenario_text[est.scenario], e.text, est.targets.rpo_text,
		evidence(e), changes.for(r.Type, est.scenario, "rpo"),
	])
	details := {"tier": est.tier, "scenario": est.scenario, "target_seconds": est.targets.rpo_seconds, "estimate": e.text, "estimate_seconds": object.get(e, "seconds", null)}
}

# No mechanism at all (no seconds) misses any target.
misses(e, _) if not e.seconds

misses(e, target) if e.seconds > target

evidence(e) := e.evidence if e.evidence != ""

evidence(e) := "no evidence" if e.evidence == ""
