# METADATA
# title: Route 53 failover primary without a secondary
# description: >-
#   A PRIMARY failover record only fails over if a SECONDARY record with the
#   same name and type exists, in this template or another template of the
#   workload. Without one, an unhealthy primary has nowhere to send traffic.
# custom:
#   id: BW-HEALTH-CHECK-002
#   severity: high
#   concern: health-check
#   well_architected: [REL11-BP02, REL10-BP01]
#   resource_types: [AWS::Route53::RecordSet, AWS::Route53::RecordSetGroup]
#   inputs: [template]
#   scope: workload
#   remediation: >-
#     Add a SECONDARY failover record with the same Name and Type (and its
#     own SetIdentifier) pointing at the standby, in the same hosted zone.
package bulwark.rules.health_check.failover_secondary_missing

import data.bulwark.lib

# Per template: every failover record, with its name and type when known.
# A record whose role, name or type is unknown may be anyone's SECONDARY.
facts contains object.union({"resource": id, "path": path, "role": role(record)}, key(record)) if {
	some [id, path, record] in lib.route53_records
	role(record)
}

# A RecordSetGroup whose RecordSets is unresolved may hold any record.
facts contains {"resource": id, "path": ["Properties", "RecordSets"], "role": "unknown"} if {
	some id, r in lib.resources(["AWS::Route53::RecordSetGroup"])
	sets := r.Properties.RecordSets
	not lib.list(sets)
	lib.unknown(sets)
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

name(record) := {"name": trim_right(lower(record.Name), ".")} if is_string(record.Name)

name(record) := {} if not is_string_name(record)

is_string_name(record) if is_string(record.Name)

type(record) := {"type": upper(record.Type)} if is_string(record.Type)

type(record) := {} if not is_string_type(record)

is_string_type(record) if is_string(record.Type)

# Across the workload: a PRIMARY of known name and type with no record that
# is, or may be, its SECONDARY.
deny contains lib.fact_finding(primary, msg) if {
	some primary in input.facts
	primary.role == "PRIMARY"
	primary.name
	primary.type
	not has_secondary(primary)
	msg := sprintf("Route 53 failover PRIMARY record %s (%s %s) has no SECONDARY record with the same name and type in the workload: traffic has nowhere to fail over to", [primary.resource, primary.name, primary.type])
}

# The records that are, or may be, a SECONDARY, indexed once by name and
# type so the check stays linear in the number of records. A record whose
# name or type is unknown may pair with any PRIMARY: it is kept apart.
candidates contains [other.name, other.type] if {
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

has_secondary(primary) if [primary.name, primary.type] in candidates

has_secondary(primary) if {
	some other in wildcard_candidates
	same(other, "name", primary.name)
	same(other, "type", primary.type)
}

same(fact, field, _) if not fact[field]

same(fact, field, value) if fact[field] == value

# In --strict mode, per template: the records whose role, name or type is
# unresolved, so that a PRIMARY may lack, or may have, its SECONDARY. A
# record is left out when the template itself pairs it: a record of the
# other role with the same Name and Type (the same literal or the same
# expression).
