# METADATA
# title: Route 53 failover primary without a secondary
# description: >-
#   A PRIMARY failover record only fails over if a SECONDARY record with the
#   same name and type exists in the same hosted zone, in this template or
#   another template of the workload. Without one, an unhealthy primary has
#   nowhere to send traffic.
# custom:
#   id: BW-HEALTH-CHECK-002
#   severity: high
#   concern: health-check
#   well_architected: [REL11-BP02, REL10-BP01]
#   resource_types: [AWS::Route53::RecordSet, AWS::Route53::RecordSetGroup]
#   inputs: [template, account]
#   scope: workload
#   remediation: >-
#     Add a SECONDARY failover record with the same Name and Type (and its
#     own SetIdentifier) pointing at the standby, in the same hosted zone.
package bulwark.rules.health_check.failover_secondary_missing

import data.bulwark.lib

# Per template: every failover record, with its name, type and hosted zone
# (lib.route53_zone: {"form": "id" or "name", "value": ...}) when known. A
# record whose role, name, type or zone is unknown may be anyone's SECONDARY.
facts contains object.union_n([{"resource": id, "path": path, "role": role(record)}, key(record), zone(entry)]) if {
	some entry in lib.route53_records
	[id, path, record] := entry
	role(record)
}

# A RecordSetGroup whose RecordSets is unresolved may hold any record (in
# the group's hosted zone, when it names one).
facts contains object.union({"resource": id, "path": path, "role": "unknown"}, zone([id, path, sets])) if {
	some id, r in lib.resources(["AWS::Route53::RecordSetGroup"])
	sets := r.Properties.RecordSets
	not lib.list(sets)
	lib.unknown(sets)
	path := ["Properties", "RecordSets"]
}

role(record) := r if {
	failover := record.Failover
	is_string(failover)
	r := upper(failover)
	r in {"PRIMARY", "SECONDARY"}
}

role(record) := "unknown" if lib.is_intrinsic(record)

role(record) := "unknown" if lib.is_intrinsic(record.Failover)

key(record) := object.union(name(record), type(record))

zone(entry) := {"zone": z} if {
	z := lib.route53_zone(entry)
} else := {}

name(record) := {"name": trim_right(lower(record.Name), ".")} if is_string(record.Name)

name(record) := {} if not is_string_name(record)

is_string_name(record) if is_string(record.Name)

type(record) := {"type": upper(record.Type)} if is_string(record.Type)

type(record) := {} if not is_string_type(record)

is_string_type(record) if is_string(record.Type)

# Across the workload: a PRIMARY of known name and type with no record that
# is, or may be, its SECONDARY in the same hosted zone. Two zones may be the
# same unless both are known and written in the same form (two ids, or two
# names) with different values.
deny contains lib.fact_finding(primary, msg) if {
	some primary in input.facts
	primary.role == "PRIMARY"
	primary.name
	primary.type
	not has_secondary(primary)
	msg := sprintf("Route 53 failover PRIMARY record %s (%s %s) has no SECONDARY record with the same name and type%s in the workload: traffic has nowhere to fail over to", [primary.resource, primary.name, primary.type, in_zone(primary)])
}

in_zone(fact) := sprintf(" in hosted zone %s", [fact.zone.value]) if {
	fact.zone.value
} else := ""

# The records that are, or may be, a SECONDARY, indexed once so the check
# stays linear in the number of records: candidates by [name, type] whatever
# their zone (for a PRIMARY of unknown zone); candidates_in_any_zone by
# [name, type] when their zone is unknown; candidates_by_form by [name,
# type, zone form] and candidates_by_zone by [name, type, zone form, zone
# value] when it is known. A record whose name or type is unknown may pair
# with any PRIMARY it may share a zone with: it is kept apart.
candidates contains [other.name, other.type] if {
	some other in known_candidates
}

candidates_in_any_zone contains [other.name, other.type] if {
	some other in known_candidates
	not other.zone
}

candidates_by_form contains [other.name, other.type, other.zone.form] if {
	some other in known_candidates
}

candidates_by_zone contains [other.name, other.type, other.zone.form, other.zone.value] if {
	some other in known_candidates
}

known_candidates contains other if {
	some other in input.facts
	other.role != "PRIMARY"
	other.name
	other.type
}

wildcard_candidates := [other |
	some other in input.facts
	other.role != "PRIMARY"
	not known_key(other)
]

known_key(fact) if {
	fact.name
	fact.type
}

other_form := {"id": "name", "name": "id"}

# A PRIMARY of unknown zone pairs with any candidate of its name and type.
has_secondary(primary) if {
	not primary.zone
	[primary.name, primary.type] in candidates
}

has_secondary(primary) if [primary.name, primary.type] in candidates_in_any_zone

has_secondary(primary) if [primary.name, primary.type, primary.zone.form, primary.zone.value] in candidates_by_zone

has_secondary(primary) if [primary.name, primary.type, other_form[primary.zone.form]] in candidates_by_form

has_secondary(primary) if {
	some other in wildcard_candidates
	same(other, "name", primary.name)
	same(other, "type", primary.type)
	may_share_zone(other, primary)
}

same(fact, field, _) if not fact[field]

same(fact, field, value) if fact[field] == value

# Two records may be in the same hosted zone unless both zones are known,
# written in the same form, and differ.
may_share_zone(a, _) if not a.zone

may_share_zone(_, b) if not b.zone

may_share_zone(a, b) if a.zone.form != b.zone.form

may_share_zone(a, b) if a.zone == b.zone

# In --strict mode, per template: the records whose role, name, type or
# hosted zone is unresolved, so that a PRIMARY may lack, or may have, its
# SECONDARY. A record is left out when the template itself pairs it: a
# record of the other role with the same Name, Type and zone (the same
# literal or the same expression).
