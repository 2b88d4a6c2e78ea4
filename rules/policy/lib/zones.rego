# Availability Zone helpers that rules written as one body (lib/verdict.rego)
# reach from `deny`: unlike lib/bulwark_unknowns.rego, this file is read on
# every run.
package bulwark.lib

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
