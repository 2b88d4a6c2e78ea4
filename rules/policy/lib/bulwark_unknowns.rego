# Helpers only the rules' `unknowns` sets use: read only with --strict
# (see rules/README.md).
package bulwark.lib

# plain_object(x) holds when x is an object that is not itself an intrinsic
# call (a target, an event, a settings block as written); its members may
# still be unresolved. Undefined for an intrinsic such as {"Fn::If": ...}
# and for anything that is not an object.
plain_object(x) if {
	is_object(x)
	not is_intrinsic(x)
}

# options(v) is the set of values an unresolved Fn::If between literal
# numbers (or numeric strings) can take, with null for an AWS::NoValue
# branch (which the resolver drops from the arguments). Undefined when v is
# not such an Fn::If: a resolved value, another intrinsic, or an Fn::If
# with a branch that is not a literal number (e.g. a nested Fn::If or Ref).
options(v) := {_option(b) | some b in array.slice(args, 1, 3)} | _dropped(args) if {
	args := v["Fn::If"]
	is_array(args)
	count(args) in {2, 3}
	every b in array.slice(args, 1, 3) {
		_option(b)
	}
}

_option(b) := number(b)

_option(b) := null if b == {"Ref": "AWS::NoValue"}

_dropped(args) := {null} if count(args) == 2

_dropped(args) := set() if count(args) == 3

# value_intrinsics are the intrinsic functions whose result, once resolved,
# is always a value: never AWS::NoValue, so the property they set is present.
value_intrinsics := {"Ref", "Fn::GetAtt", "Fn::ImportValue", "Fn::Sub", "Fn::Join"}

# value_intrinsic(v) holds when v is a call of one of value_intrinsics other
# than {"Ref": "AWS::NoValue"}: an unresolved value that certainly sets its
# property. Undefined for resolved values and for other intrinsics
# (Fn::If, Fn::FindInMap, Fn::Select, ...).
value_intrinsic(v) if _value_call(v, value_intrinsics)

# surely_present(v) holds when the unresolved value v certainly leaves its
# property set: a value_intrinsic, or an Fn::If whose two branches are each
# resolved or a value_intrinsic. Undefined for a resolved value (the
# question is only asked of intrinsics) and for an Fn::If with an
# AWS::NoValue, dropped (two arguments), nested Fn::If or other intrinsic
# branch.
surely_present(v) if _surely_present(v, value_intrinsics)

# maybe_absent(v) holds when v is an unresolved intrinsic that may leave its
# property unset (be AWS::NoValue): any intrinsic for which surely_present
# does not hold, e.g. an Fn::If with an AWS::NoValue or dropped branch, a
# nested Fn::If, an Fn::FindInMap or Fn::Select. Undefined for a resolved
# value (present when not null) and for an intrinsic that surely yields a
# value. Broader than may_be_removed, which holds only for an Fn::If with a
# provable AWS::NoValue branch: maybe_absent also treats intrinsics it
# cannot see through as possibly absent.
maybe_absent(v) if {
	is_intrinsic(v)
	not surely_present(v)
}

# lookup_intrinsics are Fn::FindInMap and Fn::Select, which the
# *_trusting_lookups helpers count, with value_intrinsics, as always
# yielding a value.
lookup_intrinsics := {"Fn::FindInMap", "Fn::Select"}

# maybe_absent_trusting_lookups(v) is maybe_absent(v), except that an
# unresolved Fn::FindInMap or Fn::Select (alone or as an Fn::If branch)
# counts as surely yielding a value, like a value_intrinsic.
maybe_absent_trusting_lookups(v) if {
	is_intrinsic(v)
	not _surely_present(v, _trusted_keys)
}

_trusted_keys := value_intrinsics | lookup_intrinsics

# present_trusting_lookups(v) holds when the property value v (null when the
# property is missing) is set: resolved and not null, or an unresolved
# value for which maybe_absent_trusting_lookups does not hold. Undefined for
# null and for an intrinsic that may leave the property unset.
present_trusting_lookups(v) if {
	v != null
	not maybe_absent_trusting_lookups(v)
}

# _surely_present(v, keys) is surely_present(v) with keys as the intrinsics
# that always yield a value.
_surely_present(v, keys) if {
	[_, a, b] := v["Fn::If"]
	_yields_value(a, keys)
	_yields_value(b, keys)
}

_surely_present(v, keys) if _value_call(v, keys)

# An Fn::If branch that sets a value: resolved, or a call of keys.
_yields_value(x, _) if not is_intrinsic(x)

_yields_value(x, keys) if _value_call(x, keys)

_value_call(v, keys) if {
	some k, _ in v
	k in keys
	v != {"Ref": "AWS::NoValue"}
}

# spans_zones(zones) holds when two of zones (values of zone() or
# subnet_zone()) are provably different Availability Zones: two different
# literal names, two Fn::GetAZs indexes of the same Region, or two zone ids.
# Values that only name a subnet ("subnet S", a subnet whose zone is
# unresolved or outside the template) prove nothing, nor do two values of
# different kinds (a name and an index); entries that are not strings are
# ignored.
spans_zones(zones) if {
	some kind in {zone_kind(z) | some z in zones}
	kind != "subnet"
	count({z | some z in zones; zone_kind(z) == kind}) >= 2
}

# zone_kind(z) is the kind of a zone()/subnet_zone() value, the values of one
# kind being comparable with each other: "subnet", "zone id", "name" (a
# literal AZ name) or the Fn::GetAZs prefix of an index ("Fn::GetAZs",
# or "Fn::GetAZs(region)" for an explicit Region). Undefined for a value
# that is not a string.
zone_kind(z) := k if {
	is_string(z)
	k := _zone_kind(z)
}

_zone_kind(z) := "subnet" if {
	startswith(z, "subnet ")
} else := "zone id" if {
	startswith(z, "zone id ")
} else := k if {
	startswith(z, "Fn::GetAZs")
	k := split(z, " index ")[0]
} else := "name"

# subnets_unresolved(v) holds when whether the subnet list v (e.g. Subnets,
# VPCZoneIdentifier) spans two Availability Zones depends on an unresolved
# value: v is itself an intrinsic ({"Ref": "SubnetIds"}), or it is a list
# for which subnets_unknown holds.
subnets_unresolved(v) if is_intrinsic(v)

subnets_unresolved(v) if subnets_unknown(list(v))

# subnets_unknown(subnets) holds for a resolved list of subnet values that
# single_az_subnets does not flag (it is not provably in one zone), that
# nothing proves spans two zones, and that has an unresolved entry (a subnet
# parameter, an import, or a template subnet whose zone is a parameter or
# cannot be compared with the others' without the Region): the rules that
# stay silent on it report it as unknown in --strict mode.
subnets_unknown(subnets) if {
	not single_az_subnets(subnets)
	not spans_zones([subnet_zone(s) | some s in subnets])
	some s in subnets
	unknown(s)
}

# zones_unknown(v) holds when whether the Availability Zone list v (e.g.
# AvailabilityZones) spans two zones depends on an unresolved value: an
# intrinsic other than Fn::GetAZs (every zone of a Region, at least two, is
# known to span zones), or a resolved list that single_az_zones does not
# flag, that nothing proves spans two zones, and that has an unresolved
# entry.
zones_unknown(v) if {
	is_intrinsic(v)
	not v["Fn::GetAZs"]
}

zones_unknown(v) if {
	zones := list(v)
	not single_az_zones(zones)
	not spans_zones([z | some x in zones; z := zone(x)])
	some x in zones
	unknown(x)
}

# max_timeout(v) is the largest Timeout, in seconds, that the unresolved
# function Timeout v may be: the larger branch of an Fn::If between two
# numbers (or numeric strings), else Lambda's maximum of 900 s (for any
# other intrinsic, and also for a resolved value: use function_timeout for
# those).
max_timeout(v) := max({a, b}) if {
	[_, x, y] := v["Fn::If"]
	a := number(x)
	b := number(y)
} else := 900

# function_or_null(v) is function_id(v), or null when v (e.g. an event
# source mapping's FunctionName) names no Lambda function of the template:
# unresolved, or a function defined elsewhere.
function_or_null(v) := f if {
	f := function_id(v)
} else := null

# alarm_unresolved_path(a) is the path, in alarm a, of its first metric
# property (MetricName, Namespace, Dimensions, Metrics, in that order) that
# is, or contains, an unresolved value, for a finding on an alarm in
# alarm_unresolved; ["Properties"] when none of them is unresolved (its
# metrics are missing or unreadable).
alarm_unresolved_path(a) := path if {
	p := input.resources[a].Properties
	unresolved := [k | some k in ["MetricName", "Namespace", "Dimensions", "Metrics"]; unknown(object.get(p, k, null))]
	path := ["Properties", unresolved[0]]
} else := ["Properties"]

# route53_zone_unresolved(entry) is the path, from the resource, of the
# unresolved HostedZoneId or HostedZoneName that places entry (a [logical
# id, path, record] of route53_records) in its hosted zone: e.g.
# ["Properties", "HostedZoneId"] for a RecordSet, or for a RecordSetGroup
# entry that takes the group's zone. Undefined when route53_zone(entry) is
# known, when no zone is given, and when the entry itself is unresolved.
route53_zone_unresolved(entry) := array.concat(path, [prop]) if {
	[path, holder] := _route53_zone_holder(entry)
	prop := _route53_zone_property(holder)
	unknown(holder[prop])
}

# route53_zone_key(entry) identifies the hosted zone of entry within its
# template: route53_zone(entry) when known, else the zone property as
# written (e.g. {"HostedZoneId": {"Ref": "Zone"}}), so that two records
# whose zone is the same expression compare equal; null when no zone is
# given or the entry itself is unresolved.
route53_zone_key(entry) := z if {
	z := route53_zone(entry)
} else := {prop: holder[prop]} if {
	[_, holder] := _route53_zone_holder(entry)
	prop := _route53_zone_property(holder)
} else := null
