# What the rule in memcached_az_mode.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.memcached_az_mode

import data.bulwark.lib

# In --strict mode: what this rule could not verify. Each of Engine,
# NumCacheNodes and AZMode either fails deny's test or is unresolved, and
# at least one is unresolved; the finding points at the first.
unknowns contains lib.finding(id, ["Properties", props[0]], msg) if {
	some id, r in lib.resources(["AWS::ElastiCache::CacheCluster"])
	states := {p: _state(p, v) |
		some p in ["Engine", "NumCacheNodes", "AZMode"]
		v := object.get(r.Properties, p, _absent)
	}
	every _, s in states {
		s != "pass"
	}
	props := [p | some p in ["Engine", "NumCacheNodes", "AZMode"]; states[p] == "unknown"]
	count(props) > 0
	msg := sprintf("ElastiCache cluster %s: %s not resolved, so whether its Memcached nodes are all in one Availability Zone is unknown", [id, _names(props)])
}

_absent := {"bulwark:absent": true}

# _state(property, value) is "fail" when the value passes deny's test for
# that property, "unknown" when it is unresolved, else "pass".
_state(p, v) := "unknown" if {
	v != _absent
	lib.unknown(v)
} else := "fail" if {
	p == "Engine"
	is_string(v)
	lower(v) == "memcached"
} else := "fail" if {
	p == "NumCacheNodes"
	lib.number(v) > 1
} else := "fail" if {
	p == "AZMode"
	v == _absent
} else := "fail" if {
	p == "AZMode"
	is_string(v)
	lower(v) == "single-az"
} else := "pass"

_names(props) := sprintf("%s is", [props[0]]) if count(props) == 1

_names(props) := sprintf("%s are", [concat(" and ", props)]) if count(props) > 1
