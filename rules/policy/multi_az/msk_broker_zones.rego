# METADATA
# title: MSK cluster whose brokers sit in too few Availability Zones
# description: >-
#   Amazon MSK places one broker per client subnet, in that subnet's
#   Availability Zone, and spreads NumberOfBrokerNodes evenly over them.
#   Client subnets in one zone leave no broker when the zone fails (Trusted
#   Advisor "Amazon MSK Cluster Multi-AZ"). In a tier 1 or 2 workload two
#   zones are not enough either: with the replication factor 3 and
#   min.insync.replicas 2 that AWS recommends, a partition with two of its
#   replicas in the lost zone stops accepting acks=all writes, so those
#   workloads need three zones. A broker count that is not a multiple of the
#   subnet count cannot be spread evenly, and MSK rejects it. MSK Serverless
#   (AWS::MSK::ServerlessCluster) spans zones by design and is not checked.
# custom:
#   id: BW-MULTI-AZ-018
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::MSK::Cluster]
#   inputs: [template, account]
#   remediation: >-
#     List client subnets in three Availability Zones (at least two for tier
#     3 and 4 workloads) in BrokerNodeGroupInfo.ClientSubnets, and set
#     NumberOfBrokerNodes to a multiple of their number.
package bulwark.rules.multi_az.msk_broker_zones

import data.bulwark.lib

path := ["Properties", "BrokerNodeGroupInfo", "ClientSubnets"]

clusters := lib.resources(["AWS::MSK::Cluster"])

level := lib.number(input.tier.level)

# The workloads whose availability target needs a third zone.
needs_three_zones if level in {1, 2}

deny contains lib.finding(id, path, msg) if {
	some id, r in clusters
	subnets := lib.list(object.get(r, path, null))
	why := lib.single_az_subnets(subnets)
	msg := sprintf("MSK cluster %s has %s in BrokerNodeGroupInfo.ClientSubnets: all its brokers run in a single Availability Zone", [id, why])
}

# MSK requires client subnets in distinct zones, so a resolved list of n
# subnets (none of them conditional) puts the brokers in at most n zones;
# equal zones of template subnets lower that bound further.
deny contains lib.finding(id, path, msg) if {
	needs_three_zones
	some id, r in clusters
	subnets := lib.list(object.get(r, path, null))
	not lib.single_az_subnets(subnets)
	not _conditional_entry(subnets)
	n := count({lib.subnet_zone(s) | some s in subnets})
	n < 3
	msg := sprintf("MSK cluster %s has its brokers in at most %d Availability Zones in a tier %v workload: losing one zone can leave partitions without their in-sync replica quorum; use three zones", [id, n, level])
}

deny contains lib.finding(id, ["Properties", "NumberOfBrokerNodes"], msg) if {
	some id, r in clusters
	subnets := lib.list(object.get(r, path, null))
	count(subnets) > 0
	not _conditional_entry(subnets)
	brokers := lib.number(r.Properties.NumberOfBrokerNodes)
	brokers % count(subnets) != 0
	msg := sprintf("MSK cluster %s has NumberOfBrokerNodes %v, not a multiple of its %d client subnets: MSK spreads brokers evenly over the zones and rejects an uneven count", [id, r.Properties.NumberOfBrokerNodes, count(subnets)])
}

# An entry under an unresolved Fn::If may be dropped (AWS::NoValue), so the
# number of subnets is not known.
_conditional_entry(subnets) if {
	some s in subnets
	walk(s, [_, x])
	x["Fn::If"]
}
