# METADATA
# title: Route 53 health check without an alarm
# description: >-
#   A Route 53 health check moves DNS traffic, but by itself tells no one
#   that an endpoint failed: without a CloudWatch alarm on its
#   HealthCheckStatus nobody learns of a failover, or that the standby is
#   now unprotected. Alarms whose metric or dimensions cannot be resolved
#   may watch the check, and silence the rule. Checks that follow a
#   CloudWatch alarm or a routing control, and the children of a
#   calculated check (watched through their parent), are not checked.
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
	some id, r in lib.resources(["AWS::Route53::HealthCheck"])
	checks_health(r)
	not id in children
	not id in maybe_child_ids
	not id in watched
	msg := sprintf("Route 53 health check %s is not watched by any CloudWatch alarm (Namespace AWS/Route53, Dimension HealthCheckId): a failed endpoint or a failover goes unnoticed", [id])
}

# Checks that follow a CloudWatch alarm or a routing control report what
# is already watched or set by hand.
checks_health(r) if {
	t := lib.get(r, ["Properties", "HealthCheckConfig", "Type"], null)
	is_string(t)
	not upper(t) in {"CLOUDWATCH_METRIC", "RECOVERY_CONTROL"}
}

# Checks combined by a calculated check.
children contains id if {
	some r in lib.resources(["AWS::Route53::HealthCheck"])
	some c in lib.list(r.Properties.HealthCheckConfig.ChildHealthChecks)
	id := lib.designated(c)
}

# The checks an unresolved ChildHealthChecks may name, as one set: looking
# maybe_children up by id instead would scan every check per id.
maybe_child_ids := {id | some id, _ in maybe_children}

# maybe_children[id] holds [parent, path] for each calculated check whose
# ChildHealthChecks, or an entry of it, is unresolved and may name check id.
maybe_children[id] contains [parent, ["Properties", "HealthCheckConfig", "ChildHealthChecks"]] if {
	some parent, r in lib.resources(["AWS::Route53::HealthCheck"])
	v := r.Properties.HealthCheckConfig.ChildHealthChecks
	not lib.list(v)
	some id in lib.refs(v)
}

maybe_children[id] contains [parent, ["Properties", "HealthCheckConfig", "ChildHealthChecks", i]] if {
	some parent, r in lib.resources(["AWS::Route53::HealthCheck"])
	some i, c in lib.list(r.Properties.HealthCheckConfig.ChildHealthChecks)
	not lib.designated(c)
	some id in lib.refs(c)
}

# The HealthCheckId dimension values of AWS/Route53 alarms.
check_values contains v if {
	some [_, m, "HealthCheckId", v] in lib.alarm_dimensions
	m.namespace in {"AWS/Route53", null}
}

watched contains id if {
	some v in check_values
	id := lib.designated(v)
}

unknown_alarm if {
	some a in lib.alarm_unresolved
	not other_namespace(a)
}

unknown_alarm if {
	some v in check_values
	not lib.designated(v)
}

# Every metric of the alarm is known to be outside AWS/Route53.
other_namespace(a) if {
	namespaces := object.get(lib.alarm_namespaces, a, set())
	count(namespaces) > 0
	every n in namespaces {
		is_string(n)
		n != "AWS/Route53"
	}
}

# In --strict mode: what this rule could not verify.
