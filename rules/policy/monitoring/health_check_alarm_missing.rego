# METADATA
# title: Route 53 health check without an alarm
# description: >-
#   A Route 53 health check moves DNS traffic, but by itself tells no one
#   that an endpoint failed: without a CloudWatch alarm on its
#   HealthCheckStatus nobody learns of a failover, or that the standby is
#   now unprotected. Alarms whose metric or dimensions cannot be resolved
#   may watch the check, and silence the rule.
# custom:
#   id: BW-MONITORING-002
#   severity: low
#   concern: monitoring
#   well_architected: [REL06-BP03, REL11-BP06]
#   resource_types: [AWS::Route53::HealthCheck, AWS::CloudWatch::Alarm]
#   inputs: [template, account]
#   remediation: >-
#     Add an AWS::CloudWatch::Alarm in us-east-1 on Namespace AWS/Route53,
#     MetricName HealthCheckStatus, Dimensions [{Name: HealthCheckId, Value:
#     !Ref HealthCheck}], Statistic Minimum, Threshold 1,
#     ComparisonOperator LessThanThreshold, notifying the on-call team.
package bulwark.rules.monitoring.health_check_alarm_missing

import data.bulwark.lib

deny contains lib.finding(id, [], msg) if {
	not unknown_alarm
	some id, _ in lib.resources(["AWS::Route53::HealthCheck"])
	not watched(id)
	msg := sprintf("Route 53 health check %s is not watched by any CloudWatch alarm (Namespace AWS/Route53, Dimension HealthCheckId): a failed endpoint or a failover goes unnoticed", [id])
}

route53_metric(m) if m.namespace in {"AWS/Route53", null}

watched(id) if {
	some [_, m] in lib.alarm_metrics
	route53_metric(m)
	some d in m.dimensions
	d.Name == "HealthCheckId"
	lib.designated(d.Value) == id
}

unknown_alarm if {
	some a in lib.alarm_unresolved
	not other_namespace(a)
}

unknown_alarm if {
	some [_, m] in lib.alarm_metrics
	route53_metric(m)
	some d in m.dimensions
	d.Name == "HealthCheckId"
	not lib.designated(d.Value)
}

unknown_alarm if {
	some [_, m] in lib.alarm_metrics
	route53_metric(m)
	some d in m.dimensions
	lib.unknown(d.Name)
}

# Every metric of the alarm is known to be outside AWS/Route53.
other_namespace(a) if {
	namespaces := [m.namespace | some [x, m] in lib.alarm_metrics; x == a]
	count(namespaces) > 0
	every n in namespaces {
		is_string(n)
		n != "AWS/Route53"
	}
}
