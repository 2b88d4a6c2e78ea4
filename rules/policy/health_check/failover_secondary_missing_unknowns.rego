# What the rule in failover_secondary_missing.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.health_check.failover_secondary_missing

import data.bulwark.lib

# A PRIMARY whose name or type is unresolved.
unknowns contains lib.finding(id, array.concat(path, [prop]), msg) if {
	some entry in lib.route53_records
	[id, path, record] := entry
	role(record) == "PRIMARY"
	prop := _unresolved_key(record)
	not "SECONDARY" in object.get(_local_roles, _key(entry), set())
	msg := sprintf("Route 53 failover PRIMARY record %s%s: %s is not resolved, so whether it has a SECONDARY record with the same name and type is unknown", [id, _entry(path), prop])
}

# A SECONDARY whose name or type is unresolved may back any PRIMARY.
unknowns contains lib.finding(id, array.concat(path, [prop]), msg) if {
	some entry in lib.route53_records
	[id, path, record] := entry
	role(record) == "SECONDARY"
	prop := _unresolved_key(record)
	not "PRIMARY" in object.get(_local_roles, _key(entry), set())
	msg := sprintf("Route 53 failover SECONDARY record %s%s: %s is not resolved, so which PRIMARY record it backs, and whether each PRIMARY has a SECONDARY, is unknown", [id, _entry(path), prop])
}

# A record whose role is unresolved: a PRIMARY without a SECONDARY, or the
# SECONDARY of another PRIMARY.
unknowns contains lib.finding(id, array.concat(path, ["Failover"]), msg) if {
	some entry in lib.route53_records
	[id, path, record] := entry
	not lib.is_intrinsic(record)
	lib.is_intrinsic(record.Failover)
	not "SECONDARY" in object.get(_local_roles, _key(entry), set())
	msg := sprintf("Route 53 record %s%s: Failover is not resolved, so whether it is a failover PRIMARY without a SECONDARY, or the SECONDARY of another PRIMARY, is unknown", [id, _entry(path)])
}

# A PRIMARY or SECONDARY of resolved Name and Type whose hosted zone is
# unresolved (its own HostedZoneId or HostedZoneName, e.g. !Ref HostedZone):
# whether the SECONDARY of a PRIMARY is in its zone is unknown. Like an
# unresolved Name, it is left out when the template pairs it with a record
# of the other role in the same zone (the same literal or expression). The
# zone a RecordSetGroup gives its entries is reported once per group, below.
unknowns contains lib.finding(id, zone_path, msg) if {
	some [id, path, r, zone_path] in _zone_unverified
	not _group_zone(path, zone_path)
	msg := sprintf("Route 53 failover %s record %s%s: %s is not resolved, so %s", [r, id, _entry(path), zone_path[count(zone_path) - 1], _zone_question[r]])
}

unknowns contains lib.finding(id, zone_path, msg) if {
	some [id, zone_path], entries in _group_zone_unverified
	msg := sprintf("Route 53 record set group %s: %s is not resolved, so whether its failover records (RecordSets %s) have their PRIMARY or SECONDARY in the same hosted zone is unknown", [id, zone_path[1], _entries(entries)])
}

_zone_question := {
	"PRIMARY": "whether it has a SECONDARY record with the same name and type in its hosted zone is unknown",
	"SECONDARY": "which PRIMARY record it backs, and whether each PRIMARY has a SECONDARY in its hosted zone, is unknown",
}

_other_role := {"PRIMARY": "SECONDARY", "SECONDARY": "PRIMARY"}

# [id, path, role, zone path] of each record of resolved role, Name and Type
# whose zone is unresolved and that the template does not pair.
_zone_unverified contains [id, path, r, zone_path] if {
	some entry in lib.route53_records
	[id, path, record] := entry
	r := role(record)
	_other_role[r]
	is_string(record.Name)
	is_string(record.Type)
	zone_path := lib.route53_zone_unresolved(entry)
	not _other_role[r] in object.get(_local_roles, _key(entry), set())
}

# An entry of a RecordSetGroup placed by the group's own zone property.
_group_zone(path, zone_path) if {
	count(path) == 3
	count(zone_path) == 2
}

_group_zone_unverified[[id, zone_path]] contains path[2] if {
	some [id, path, _, zone_path] in _zone_unverified
	_group_zone(path, zone_path)
}

_entries(entries) := sprintf("entry #%d", [i]) if {
	[i] := sort(entries)
} else := sprintf("entries %s", [concat(", ", [sprintf("#%d", [i]) | some i in sort(entries)])])

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

# The Name, Type and hosted zone of a record (entry of lib.route53_records),
# normalized when resolved, as written when not; comparable within a
# template.
_key(entry) := json.marshal([_key_name(record), _key_type(record), lib.route53_zone_key(entry)]) if {
	[_, _, record] := entry
}

_key_name(record) := trim_right(lower(record.Name), ".") if {
	is_string(record.Name)
} else := object.get(record, "Name", null)

_key_type(record) := upper(record.Type) if {
	is_string(record.Type)
} else := object.get(record, "Type", null)

# _local_roles[key] holds the resolved roles of the template's records of
# that Name, Type and hosted zone.
_local_roles[_key(entry)] contains r if {
	some entry in lib.route53_records
	[_, _, record] := entry
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
