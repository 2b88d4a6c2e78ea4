# What the rule in failover_primary_unchecked.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.health_check.failover_primary_unchecked

import data.bulwark.lib

# A PRIMARY whose health check may be missing.
unknowns contains lib.finding(id, array.concat(base, path), msg) if {
	some [id, base, record] in lib.route53_records
	_primary(record)
	[path, what] := _check_unresolved(record)
	msg := sprintf("Route 53 failover PRIMARY record %s%s: %s is not resolved, so whether it is health-checked is unknown", [id, label(record), what])
}

# A record that may be an unchecked PRIMARY.
unknowns contains lib.finding(id, array.concat(base, ["Failover"]), msg) if {
	some [id, base, record] in lib.route53_records
	not lib.is_intrinsic(record)
	lib.unknown(record.Failover)
	not _checked(record)
	msg := sprintf("Route 53 record %s%s: Failover is not resolved, so whether it is a failover PRIMARY without a health check is unknown", [id, label(record)])
}

# A conditional entry of a RecordSetGroup that may be an unchecked PRIMARY.
unknowns contains lib.finding(id, base, msg) if {
	some [id, base, record] in lib.route53_records
	lib.is_intrinsic(record)
	not _no_unchecked_primary(record)
	msg := sprintf("Route 53 record set group %s: entry #%d of RecordSets is not resolved, so whether it is a failover PRIMARY without a health check is unknown", [id, base[2]])
}

unknowns contains lib.finding(id, ["Properties", "RecordSets"], msg) if {
	some id, r in lib.resources(["AWS::Route53::RecordSetGroup"])
	sets := r.Properties.RecordSets
	not lib.list(sets)
	lib.unknown(sets)
	msg := sprintf("Route 53 record set group %s: RecordSets is not resolved, so whether it holds a failover PRIMARY without a health check is unknown", [id])
}

_primary(record) if {
	failover := record.Failover
	is_string(failover)
	upper(failover) == "PRIMARY"
}

# Surely health-checked: a HealthCheckId that cannot be AWS::NoValue, or
# an alias target that evaluates target health.
_checked(record) if {
	record.HealthCheckId
	not lib.maybe_absent(record.HealthCheckId)
}

_checked(record) if lib.is_true(lib.get(record, target_health, false))

# [path, property] of the unresolved value that decides whether a record
# that is not surely health-checked is (deny reports those that are not).
_check_unresolved(record) := [["HealthCheckId"], "HealthCheckId"] if {
	not _checked(record)
	lib.maybe_absent(record.HealthCheckId)
} else := [lib.at(record, target_health), concat(".", lib.at(record, target_health))] if {
	not _checked(record)
	not record.HealthCheckId
	lib.unknown(lib.get(record, target_health, false))
}

_no_value(x) if x == {"Ref": "AWS::NoValue"}

# Every branch of a conditional record is AWS::NoValue or a record that is
# not an unchecked PRIMARY.
_no_unchecked_primary(record) if {
	[_, a, b] := record["Fn::If"]
	_safe_branch(a)
	_safe_branch(b)
}

_safe_branch(x) if _no_value(x)

_safe_branch(x) if {
	is_object(x)
	not lib.is_intrinsic(x)
	not lib.unknown(object.get(x, "Failover", null))
	not _primary(x)
}

_safe_branch(x) if {
	is_object(x)
	not lib.is_intrinsic(x)
	_checked(x)
}
