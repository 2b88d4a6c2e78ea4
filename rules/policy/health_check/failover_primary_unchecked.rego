# METADATA
# title: Route 53 failover primary without a health check
# description: >-
#   Route 53 fails over from a PRIMARY failover record only when it is
#   unhealthy. A PRIMARY with neither a HealthCheckId nor an alias target
#   that evaluates target health is always considered healthy, so traffic
#   never moves to the SECONDARY.
# custom:
#   id: BW-HEALTH-CHECK-001
#   severity: high
#   concern: health-check
#   well_architected: [REL11-BP01, REL11-BP02]
#   resource_types: [AWS::Route53::RecordSet, AWS::Route53::RecordSetGroup]
#   inputs: [template, account]
#   remediation: >-
#     Attach an AWS::Route53::HealthCheck to the PRIMARY record
#     (HealthCheckId), or for an alias record set
#     AliasTarget.EvaluateTargetHealth: true.
package bulwark.rules.health_check.failover_primary_unchecked

import data.bulwark.lib

deny contains lib.finding(id, array.concat(base, lib.at(record, target_health)), msg) if {
	some [id, base, record] in lib.route53_records
	failover := record.Failover
	is_string(failover)
	upper(failover) == "PRIMARY"
	not record.HealthCheckId
	evaluate := lib.get(record, target_health, false)
	not lib.unknown(evaluate)
	not lib.is_true(evaluate)
	msg := sprintf("Route 53 failover PRIMARY record %s%s %s: Route 53 considers it always healthy and never fails over to the SECONDARY", [id, label(record), problem(record)])
}

target_health := ["AliasTarget", "EvaluateTargetHealth"]

problem(record) := "is an alias that does not evaluate target health" if record.AliasTarget

problem(record) := "has no HealthCheckId" if not record.AliasTarget

label(record) := sprintf(" (%s %s)", [record.Name, record.Type]) if {
	is_string(record.Name)
	is_string(record.Type)
} else := ""

# In --strict mode: what this rule could not verify.
