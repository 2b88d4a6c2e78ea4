# METADATA
# title: ECS capacity in a single Availability Zone
# description: >-
#   ECS tasks on EC2 capacity providers run on the instances of the
#   providers' Auto Scaling groups. When every capacity provider a service's
#   CapacityProviderStrategy names, or every capacity provider of a cluster
#   (Cluster.CapacityProviders and ClusterCapacityProviderAssociations),
#   scales a group in the same single zone, the tasks are lost with that
#   zone, whatever subnets the service lists (BW-MULTI-AZ-003 reads only
#   those). BW-MULTI-AZ-004 flags each one-zone group by itself; this rule
#   names the services and clusters that depend on it, and stays silent
#   when providers with one group per zone together span zones. Services
#   without a strategy use the cluster's providers and are reported
#   through the cluster.
# custom:
#   id: BW-MULTI-AZ-019
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::ECS::Service, AWS::ECS::Cluster, AWS::ECS::ClusterCapacityProviderAssociations]
#   inputs: [template, account]
#   remediation: >-
#     Give the capacity provider's Auto Scaling group subnets in at least two
#     Availability Zones, or add capacity providers whose groups run in other
#     zones to the strategy or cluster (or use FARGATE with subnets in
#     several zones).
package bulwark.rules.multi_az.ecs_capacity_zone

import data.bulwark.lib

deny contains lib.finding(id, ["Properties", "CapacityProviderStrategy"], msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	providers := service_providers(r)
	z := single_zone(providers)
	msg := sprintf("ECS service %s places its tasks only through %s, whose Auto Scaling %s in one Availability Zone (%s): all its tasks are lost when that zone fails", [id, _names(providers), _verb(providers), z])
}

deny contains lib.finding(id, cluster_path(id), msg) if {
	some id, providers in cluster_providers
	z := single_zone(providers)
	msg := sprintf("ECS cluster %s has only %s, whose Auto Scaling %s in one Availability Zone (%s): every task on its EC2 capacity is lost when that zone fails", [id, _names(providers), _verb(providers), z])
}

# service_providers(r) is the set of CapacityProvider values of a
# service's resolved CapacityProviderStrategy; undefined when it has none.
service_providers(r) := {object.get(item, "CapacityProvider", null) | some item in items} if {
	items := lib.list(r.Properties.CapacityProviderStrategy)
	count(items) > 0
}

# cluster_providers is {cluster id: {provider value, ...}}: the capacity
# providers a cluster of the template lists itself and those its
# associations of the template add.
cluster_providers := {c: ps | some c, ps in _cluster_providers}

_cluster_providers[c] contains p if {
	some c, r in lib.resources(["AWS::ECS::Cluster"])
	some p in lib.list(r.Properties.CapacityProviders)
}

_cluster_providers[c] contains p if {
	some a in lib.resources(["AWS::ECS::ClusterCapacityProviderAssociations"])
	c := lib.designated(a.Properties.Cluster)
	input.resources[c].Type == "AWS::ECS::Cluster"
	some p in lib.list(a.Properties.CapacityProviders)
}

# A cluster's finding points at its own CapacityProviders when it lists
# them, else at the cluster.
cluster_path(c) := ["Properties", "CapacityProviders"] if {
	count(lib.list(input.resources[c].Properties.CapacityProviders)) > 0
} else := []

# single_zone(providers) is the one zone in which every capacity provider
# of the set scales its group; undefined when one of them is Fargate, not
# a provider of the template, scales a group that may span zones, or when
# the zones of their groups differ or cannot be compared.
single_zone(providers) := z if {
	every p in providers {
		provider_zone(p)
	}
	distinct := {provider_zone(p) | some p in providers}
	count(distinct) == 1
	some z in distinct
}

# provider_zone(p) is the zone of the Auto Scaling group of the template
# that the capacity provider p (a Ref, an ARN or the literal Name of a
# provider of the template) scales, when the group runs in one zone.
provider_zone(p) := group_zone(capacity_group(input.resources[provider_id(p)]))

provider_id(p) := id if {
	id := lib.designated(p)
	input.resources[id].Type == "AWS::ECS::CapacityProvider"
} else := id if {
	is_string(p)
	ids := object.get(_providers_named, p, set())
	count(ids) == 1
	some id in ids
}

_providers_named[name] contains id if {
	some id, cp in lib.resources(["AWS::ECS::CapacityProvider"])
	name := cp.Properties.Name
	is_string(name)
}

# capacity_group(cp) is the Auto Scaling group of the template that a
# capacity provider scales.
capacity_group(cp) := g if {
	g := lib.designated(cp.Properties.AutoScalingGroupProvider.AutoScalingGroupArn)
	input.resources[g].Type == "AWS::AutoScaling::AutoScalingGroup"
}

# group_zone(g) is the single zone of an Auto Scaling group: the zone of
# all its VPCZoneIdentifier subnets ("subnet S" when the subnet's zone is
# not in the template: the same subnet is the same zone), or of all its
# AvailabilityZones when it lists no subnets.
group_zone(g) := z if {
	subnets := lib.list(input.resources[g].Properties.VPCZoneIdentifier)
	count(subnets) > 0
	distinct := {lib.subnet_zone(s) | some s in subnets}
	count(distinct) == 1
	some z in distinct
}

group_zone(g) := z if {
	p := input.resources[g].Properties
	not p.VPCZoneIdentifier
	names := lib.list(p.AvailabilityZones)
	count(names) > 0
	every x in names {
		lib.zone(x)
	}
	distinct := {lib.zone(x) | some x in names}
	count(distinct) == 1
	some z in distinct
}

_names(providers) := sprintf("capacity provider %s", [n[0]]) if {
	n := sort({_name(p) | some p in providers})
	count(n) == 1
} else := sprintf("capacity providers %s", [concat(", ", sort({_name(p) | some p in providers}))])

_name(p) := provider_id(p)

_verb(providers) := "group runs" if {
	count({provider_id(p) | some p in providers}) == 1
} else := "groups run"
