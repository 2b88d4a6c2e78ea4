# What the rule in detection_exceeds_rto.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.health_check.detection_exceeds_rto

import data.bulwark.lib

# In --strict mode: what this rule could not verify. Route 53 accepts
# RequestInterval 10 or 30 and FailureThreshold 1 to 10: a check is left out
# when even the slowest values it may have detect a failure within the RTO.
unknowns contains lib.finding(id, array.concat(config, _prop_path(prop)), msg) if {
	rto := lib.number(object.get(input, ["tier", "rto_seconds"], null))
	some id, r in lib.resources(["AWS::Route53::HealthCheck"])
	unresolved := [p |
		some p in ["", "Type", "RequestInterval", "FailureThreshold"]
		_unresolved(r, p)
	]
	count(unresolved) > 0
	prop := unresolved[0]
	not _unprobed_type(r)
	_slowest(r, "RequestInterval", 30, 30) * _slowest(r, "FailureThreshold", 3, 10) >= rto
	msg := sprintf("Route 53 health check %s: %s is not resolved, so whether failure detection fits within the tier's RTO of %v s is unknown", [id, _prop_name(prop), rto])
}

_unresolved(r, "") if lib.is_intrinsic(object.get(r, config, null))

_unresolved(r, p) if {
	p != ""
	not lib.is_intrinsic(object.get(r, config, null))
	lib.unknown(object.get(r, array.concat(config, [p]), null))
}

_prop_path("") := []

_prop_path(p) := [p] if p != ""

_prop_name("") := "HealthCheckConfig"

_prop_name(p) := p if p != ""

_unprobed_type(r) if {
	kind := lib.get(r, array.concat(config, ["Type"]), null)
	is_string(kind)
	upper(kind) in unprobed
}

# The largest value a setting may have: its value when known, else the
# largest Route 53 allows.
_slowest(r, key, default_value, _) := n if {
	n := lib.number(lib.get(r, array.concat(config, [key]), default_value))
} else := largest if {
	lib.unknown(lib.get(r, array.concat(config, [key]), default_value))
	largest := {"RequestInterval": 30, "FailureThreshold": 10}[key]
}
