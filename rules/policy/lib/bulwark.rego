# Shared helpers for bulwark rules. Every rule imports this package as
# `import data.bulwark.lib`. The helpers encode the one policy that matters
# most: a value bulwark could not resolve (an intrinsic function left in
# long form, e.g. {"Ref": "Subnet"}) is *unknown*. A rule must never report
# a confident failure on an unknown value.
package bulwark.lib

# Intrinsic function names as they appear in the resolved model (long form).
intrinsic_keys := {
	"Ref", "Condition",
	"Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt", "Fn::GetAZs",
	"Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Sub",
	"Fn::Transform", "Fn::If", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not",
	"Fn::Length", "Fn::ToJsonString",
}

# resources(types) is the object {logical id: resource} of every resource
# whose Type is in types (a set or array). It uses the input's type index,
# so a rule never scans every resource of a large template.
resources(types) := {id: input.resources[id] |
	some t in types
	some id in input.types[t]
}

# is_intrinsic(v) holds when v is an unresolved intrinsic function call.
is_intrinsic(v) if {
	is_object(v)
	count(v) == 1
	some k, _ in v
	intrinsic_keys[k]
}

# unknown(v) holds when v is, or contains, an unresolved intrinsic.
unknown(v) if is_intrinsic(v)

unknown(v) if {
	not is_intrinsic(v)
	walk(v, [_, x])
	is_intrinsic(x)
}

# known(v) holds when v is fully resolved.
known(v) if not unknown(v)

# CloudFormation accepts "true"/"false" strings where booleans are expected.
is_true(v) if v == true

is_true(v) if {
	is_string(v)
	lower(v) == "true"
}

is_false(v) if v == false

is_false(v) if {
	is_string(v)
	lower(v) == "false"
}

# number(v) is v as a number when it is a number or a numeric string
# (CloudFormation accepts both); undefined otherwise (including intrinsics).
number(v) := v if is_number(v)

number(v) := to_number(v) if {
	is_string(v)
	regex.match(`^\s*-?[0-9]+(\.[0-9]+)?\s*$`, v)
}

# list(v) is v when it is a resolved array; undefined for an intrinsic
# (e.g. an unresolved {"Ref": "SubnetIds"} of type List<...>).
list(v) := v if is_array(v)

# finding builds the object a rule's deny set contains. path is relative to
# the resource (["Properties", "MultiAZ"]); bulwark resolves it to the nearest
# existing line in the source after evaluation.
finding(id, path, msg) := {"resource": id, "path": path, "message": msg}

# finding_with(id, path, msg, details) adds computed values (intervals,
# sums, names) that reports and later stages keep with the finding.
finding_with(id, path, msg, details) := {"resource": id, "path": path, "message": msg, "details": details}

# setting(name, default_value) reads a scan setting given by the caller
# (flags or the config file), falling back to the default.
setting(name, default_value) := object.get(input, ["settings", name], default_value)

# ref_target(v) is the logical id v points at when v is {"Ref": id} or
# {"Fn::GetAtt": [id, attr]} (or the "id.attr" string form).
ref_target(v) := v.Ref if is_string(v.Ref)

ref_target(v) := v["Fn::GetAtt"][0] if is_array(v["Fn::GetAtt"])

ref_target(v) := split(v["Fn::GetAtt"], ".")[0] if is_string(v["Fn::GetAtt"])

# get(x, path, fallback) is object.get(x, path, fallback), except that when a
# value on the way is an unresolved intrinsic (e.g. ClusterConfig:
# {"Fn::If": ...}), the result is that intrinsic: lib.unknown then holds on
# it, instead of the fallback being taken for a property that may be set.
get(x, path, fallback) := v if {
	some n in numbers.range(1, count(path))
	n < count(path)
	v := object.get(x, array.slice(path, 0, n), null)
	is_intrinsic(v)
} else := object.get(x, path, fallback)

# at(r, path) is path when r has a value there, else the longest prefix of
# path that exists (["Properties"] or [] for a missing property), so a
# finding points at the offending property or its nearest parent.
at(r, path) := array.slice(path, 0, n) if {
	n := max({k |
		some k in numbers.range(0, count(path))
		_has(r, array.slice(path, 0, k))
	})
}

_absent := {"bulwark:absent": true}

_has(r, p) if object.get(r, p, _absent) != _absent

# zone(z) names the Availability Zone a value designates when that is known
# without the account: a literal AZ name, or {"Fn::Select": [i,
# {"Fn::GetAZs": region}]} ("Fn::GetAZs index i"). Equal zone() values are
# provably the same AZ; different kinds (a name and an index) prove nothing.
zone(z) := lower(z) if is_string(z)

zone(z) := sprintf("Fn::GetAZs index %v", [i]) if {
	[idx, azs] := z["Fn::Select"]
	i := number(idx)
	_stack_region(azs["Fn::GetAZs"])
}

zone(z) := sprintf("Fn::GetAZs(%s) index %v", [region, i]) if {
	[idx, azs] := z["Fn::Select"]
	i := number(idx)
	region := azs["Fn::GetAZs"]
	is_string(region)
	region != ""
}

_stack_region("")

_stack_region(r) if r == {"Ref": "AWS::Region"}

# subnet_zone(v) is the zone() of a subnet value: for {"Ref": S} where S is
# an AWS::EC2::Subnet of the template, its AvailabilityZone (or
# AvailabilityZoneId); otherwise the subnet itself ("subnet S"), which only
# equals another value naming the same subnet.
subnet_zone(v) := z if {
	s := input.resources[v.Ref]
	s.Type == "AWS::EC2::Subnet"
	z := _subnet_resource_zone(s.Properties)
} else := sprintf("subnet %s", [v.Ref]) if {
	is_string(v.Ref)
} else := sprintf("subnet %s", [json.marshal(v)])

_subnet_resource_zone(p) := z if {
	z := zone(p.AvailabilityZone)
} else := sprintf("zone id %s", [p.AvailabilityZoneId]) if {
	is_string(p.AvailabilityZoneId)
}

# one_zone(zones) is the single zone of a list of two or more zones that
# are all the same.
one_zone(zones) := z if {
	count(zones) >= 2
	distinct := {x | some x in zones}
	count(distinct) == 1
	some z in distinct
}

# single_az_subnets(list) says why a resolved subnet list keeps a resource in
# one Availability Zone: fewer than two subnets, or subnets provably in the
# same AZ. Undefined when the subnets may span two AZs.
single_az_subnets(list) := sprintf("%d subnets", [count(list)]) if count(list) == 0

single_az_subnets(list) := "only 1 subnet" if count(list) == 1

single_az_subnets(list) := msg if {
	z := one_zone([subnet_zone(s) | some s in list])
	msg := _same_zone_msg(count(list), z)
}

_same_zone_msg(n, z) := sprintf("%d entries that all name the same %s", [n, z]) if startswith(z, "subnet ")

_same_zone_msg(n, z) := sprintf("%d subnets, all in the same Availability Zone (%s)", [n, z]) if not startswith(z, "subnet ")

# single_az_zones(list) is the same for a list of Availability Zones.
single_az_zones(list) := sprintf("%d Availability Zones", [count(list)]) if count(list) == 0

single_az_zones(list) := "only 1 Availability Zone" if count(list) == 1

single_az_zones(list) := sprintf("%d entries that are the same Availability Zone (%s)", [count(list), z]) if {
	zones := [zone(x) | some x in list]
	count(zones) == count(list)
	z := one_zone(zones)
}

# refs(v) is the set of logical ids (not AWS:: pseudo parameters) that v
# refers to through Ref, Fn::GetAtt or ${...} in Fn::Sub. Walks v only.
refs(v) := {id | walk(v, [_, x]); id := _ref_id(x)} | {id | walk(v, [_, x]); some id in _sub_refs(x)}

_ref_id(x) := id if {
	id := ref_target(x)
	is_string(id)
	not startswith(id, "AWS::")
}

_sub_refs(x) := {m[1] |
	s := _sub_string(x)
	some m in regex.find_all_string_submatch_n(`\$\{([^!}.][^}.]*)(\.[^}]*)?\}`, s, -1)
	not _sub_var(x, m[1])
	not startswith(m[1], "AWS::")
}

_sub_string(x) := x["Fn::Sub"] if is_string(x["Fn::Sub"])

_sub_string(x) := x["Fn::Sub"][0] if is_array(x["Fn::Sub"])

_sub_var(x, name) if x["Fn::Sub"][1][name]

# rds_cluster_member(r) holds for an AWS::RDS::DBInstance that belongs to a
# DB cluster (Aurora or Multi-AZ DB cluster): the cluster holds its
# Multi-AZ placement and backup retention.
rds_cluster_member(r) if object.get(r, ["Properties", "DBClusterIdentifier"], null) != null

rds_cluster_member(r) if {
	engine := r.Properties.Engine
	is_string(engine)
	startswith(lower(engine), "aurora")
}

# rds_read_replica(r) holds for an AWS::RDS::DBInstance created as a read
# replica of another instance.
rds_read_replica(r) if object.get(r, ["Properties", "SourceDBInstanceIdentifier"], null) != null

# schedule_interval(expr) is the interval in seconds of a backup
# ScheduleExpression, as parsed by bulwark into input.schedules.
schedule_interval(expr) := input.schedules[expr].interval_seconds if is_string(expr)

# fact_finding(f, msg) is the finding of a workload rule about fact f
# (input.facts entries carry the file they come from).
fact_finding(f, msg) := {
	"file": f.file,
	"resource": f.resource,
	"path": object.get(f, "path", []),
	"message": msg,
}

# route53_records holds [logical id, path, record] for every Route 53 record
# set of the template: each AWS::Route53::RecordSet (path ["Properties"])
# and each entry of an AWS::Route53::RecordSetGroup's RecordSets (path
# ["Properties", "RecordSets", i]; an entry may be an unresolved intrinsic).
route53_records contains [id, ["Properties"], r.Properties] if {
	some id, r in resources(["AWS::Route53::RecordSet"])
}

route53_records contains [id, ["Properties", "RecordSets", i], record] if {
	some id, r in resources(["AWS::Route53::RecordSetGroup"])
	some i, record in list(r.Properties.RecordSets)
}
