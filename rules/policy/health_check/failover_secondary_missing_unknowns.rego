# What the rule in failover_secondary_missing.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.health_check.failover_secondary_missing

import data.bulwark.lib

# A PRIMARY whose name or type is unresolved.
unknowns contains lib.finding(id, array.concat(path, [prop]), msg) if {
	some [id, path, record] in lib.route53_records
	role(record) == "PRIMARY"
	prop := _unresolved_key(record)
	not "SECONDARY" in object.get(_local_roles, _key(record), set())
	msg := sprintf("Route 53 failover PRIMARY record %s%s: %s is not resolved, so whether it has a SECONDARY record with the same name and type is unknown", [id, _entry(path), prop])
}

# A SECONDARY whose name or type is unresolved may back any PRIMARY.
unknowns contains lib.finding(id, array.concat(path, [prop]), msg) if {
	some [id, path, record] in lib.route53_records
	role(record) == "SECONDARY"
	prop := _unresolved_key(record)
	not "PRIMARY" in object.get(_local_roles, _key(record), set())
	msg := sprintf("Route 53 failover SECONDARY record %s%s: %s is not resolved, so which PRIMARY record it backs, and whether each PRIMARY has a SECONDARY, is unknown", [id, _entry(path), prop])
}

# A record whose role is unresolved: a PRIMARY without a SECONDARY, or the
# SECONDARY of another PRIMARY.
unknowns contains lib.finding(id, array.concat(path, ["Failover"]), msg) if {
	some [id, path, record] in lib.route53_records
	not lib.is_intrinsic(record)
	lib.is_intrinsic(record.Failover)
	not "SECONDARY" in object.get(_local_roles, _key(record), set())
	msg := sprintf("Route 53 record %s%s: Failover is not resolved, so whether it is a failover PRIMARY without a SECONDARY, or the SECONDARY of another PRIMARY, is unknown", [id, _entry(path)])
}

# A conditional RecordSetGroup entry that may be a failover record.
unknowns contains lib.finding(id, path, msg) if {
	some [id, path, record] in lib.route53_records
	lib.is_intrinsic(record)
	not _never_failover(record)
	msg := sprintf("Route 53 record set group %s: entry #%d of RecordSets is not resolved, so whether it is a failover PRIMARY without a SECONDARY, or the SECONDARY of another PRIMARY, is unknown", [id, path[2]])
}

unknowns contains lib.finding(id, ["Properties", "RecordSets"], msg) if {
	some id, r in lib.resources(["AWS::Route53::RecordSetGroup"])
	sets := r.Properties.RecordSets
	not lib.list(sets)
	lib.unknown(sets)
	msg := sprintf("Route 53 record set group %s: RecordSets is not resolved, so whether it holds a failover PRIMARY without a SECONDARY, or the SECONDARY of another PRIMARY, is unknown", [id])
}

_unresolved_key(record) := "Name" if {
	lib.unknown(record.Name)
} else := "Type" if {
	lib.unknown(record.Type)
}

# The Name and Type of a record, normalized when resolved, as written when
# not; comparable within a template.
_key(record) := json.marshal([_key_name(record), _key_type(record)])

_key_name(record) := trim_right(lower(record.Name), ".") if {
	is_string(record.Name)
} else := object.get(record, "Name", null)

_key_type(record) := upper(record.Type) if {
	is_string(record.Type)
} else := object.get(record, "Type", null)

# _local_roles[key] holds the resolved roles of the template's records of
# that Name and Type.
_local_roles[_key(record)] contains r if {
	some [_, _, record] in lib.route53_records
	not lib.is_intrinsic(record)
	r := role(record)
	r != "unknown"
}

_entry(path) := sprintf(" (RecordSets entry #%d)", [path[2]]) if {
	count(path) == 3
} else := ""

# Every branch of a conditional entry is AWS::NoValue or a record without
# Failover.
_never_failover(record) if {
	[_, a, b] := record["Fn::If"]
	_not_failover(a)
	_not_failover(b)
}

_not_failover(x) if x == {"Ref": "AWS::NoValue"}

_not_failover(x) if {
	is_object(x)
	not lib.is_intrinsic(x)
	object.get(x, "Failover", null) == null
}
