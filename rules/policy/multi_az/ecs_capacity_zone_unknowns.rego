# What the rule in ecs_capacity_zone.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.ecs_capacity_zone

import data.bulwark.lib

# In --strict mode: a service's CapacityProviderStrategy is unresolved, or
# names capacity providers whose zones are not known (a provider or group
# outside the template, unresolved subnets, zones that cannot be compared)
# while none of them provably runs in another zone.
unknowns contains lib.finding(id, ["Properties", "CapacityProviderStrategy"], msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	lib.is_intrinsic(r.Properties.CapacityProviderStrategy)
	msg := sprintf("ECS service %s: CapacityProviderStrategy is not resolved, so whether its tasks run in more than one Availability Zone is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "CapacityProviderStrategy"], msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	providers := service_providers(r)
	_zones_unknown(providers)
	msg := sprintf("ECS service %s: the Availability Zones of its capacity providers' Auto Scaling groups are not resolved, so whether its tasks run in more than one zone is unknown", [id])
}

unknowns contains lib.finding(id, ["Properties", "CapacityProviders"], msg) if {
	some id, r in lib.resources(["AWS::ECS::Cluster"])
	lib.is_intrinsic(r.Properties.CapacityProviders)
	msg := sprintf("ECS cluster %s: CapacityProviders is not resolved, so whether its capacity runs in more than one Availability Zone is unknown", [id])
}

unknowns contains lib.finding(id, cluster_path(id), msg) if {
	some id, providers in cluster_providers
	_zones_unknown(providers)
	msg := sprintf("ECS cluster %s: the Availability Zones of its capacity providers' Auto Scaling groups are not resolved, so whether its capacity runs in more than one zone is unknown", [id])
}

# _zones_unknown(providers) holds when single_zone does not decide the set
# and nothing proves it spans zones: no provider is Fargate or scales a
# group provably in two zones, no two providers are provably in different
# zones, and some provider's zone is unknown or not comparable.
_zones_unknown(providers) if {
	not single_zone(providers)
	not _some_spans(providers)
	not lib.spans_zones([z | some p in providers; z := provider_zone(p)])
}

_some_spans(providers) if {
	some p in providers
	_provider_spans(p)
}

# Fargate places tasks in the service's subnets (BW-MULTI-AZ-003).
_provider_spans(p) if {
	is_string(p)
	upper(p) in {"FARGATE", "FARGATE_SPOT"}
}

_provider_spans(p) if _group_spans(input.resources[capacity_group(input.resources[provider_id(p)])].Properties)

_group_spans(props) if lib.spans_zones([lib.subnet_zone(s) | some s in lib.list(props.VPCZoneIdentifier)])

_group_spans(props) if {
	not props.VPCZoneIdentifier
	props.AvailabilityZones["Fn::GetAZs"]
}

_group_spans(props) if {
	not props.VPCZoneIdentifier
	lib.spans_zones([z | some x in lib.list(props.AvailabilityZones); z := lib.zone(x)])
}
