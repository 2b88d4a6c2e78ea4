# What the rule in health_check_alarm_missing.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.monitoring.health_check_alarm_missing

import data.bulwark.lib

# A check that deny would report but for an unresolved value.
_candidates contains id if {
	some id, r in lib.resources(["AWS::Route53::HealthCheck"])
	not _known_unprobed(r)
	not id in children
	not id in watched
}

_type_path := ["Properties", "HealthCheckConfig", "Type"]

_known_unprobed(r) if {
	not checks_health(r)
	not lib.unknown(lib.get(r, _type_path, null))
}

# The check's Type is unresolved: it may follow an alarm or a routing
# control.
unknowns contains lib.finding(id, lib.at(r, _type_path), msg) if {
	some id in _candidates
	r := input.resources[id]
	lib.unknown(lib.get(r, _type_path, null))
	msg := sprintf("Route 53 health check %s: %s is not resolved, so whether it needs a CloudWatch alarm on its HealthCheckStatus is unknown", [id, _name(lib.at(r, _type_path))])
}

# A calculated check may combine it.
unknowns contains lib.finding(parent, path, msg) if {
	some id in _candidates
	checks_health(input.resources[id])
	some [parent, path] in object.get(_maybe_children, id, set())
	msg := sprintf("Route 53 health check %s: %s is not resolved, so whether health check %s is one of its children (watched through it) is unknown", [parent, _name(path), id])
}

# An alarm that may watch any check.
unknowns contains lib.finding(a, lib.alarm_unresolved_path(a), msg) if {
	some a in _blocking_alarms
	some id in _candidates
	checks_health(input.resources[id])
	not id in maybe_child_ids
	msg := sprintf("CloudWatch alarm %s: %s is not resolved, so whether it watches Route 53 health check %s is unknown", [a, _name(lib.alarm_unresolved_path(a)), id])
}

# maybe_children whole, evaluated once: a lookup by id would scan every
# check for each id.
_maybe_children := {id: parents | some id, parents in maybe_children}

# The alarms unknown_alarm is made of.
_blocking_alarms contains a if {
	some a in lib.alarm_unresolved
	not other_namespace(a)
}

_blocking_alarms contains a if {
	some [a, m, "HealthCheckId", v] in lib.alarm_dimensions
	m.namespace in {"AWS/Route53", null}
	not lib.designated(v)
}

_name(path) := concat(".", [sprintf("%v", [x]) | some x in array.slice(path, 1, count(path))]) if count(path) > 1

_name(path) := "its metric" if count(path) <= 1
