# METADATA
# title: Deletion protection off in a critical workload
# description: >-
#   Deletion protection makes the service refuse to delete a database,
#   table or load balancer until it is turned off: a stray console click, a
#   script or a stack operation cannot take it down. For tier 1 and 2
#   workloads, whose recovery objectives leave no room for a restore from
#   backup, it should be on (AWS Config rds-instance-deletion-protection-
#   enabled, rds-cluster-deletion-protection-enabled,
#   elb-deletion-protection-enabled). Templates without a tier are not
#   checked.
# custom:
#   id: BW-DATA-PROTECTION-002
#   severity: medium
#   concern: data-protection
#   well_architected: [REL09-BP01, REL11-BP05]
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::DynamoDB::Table, AWS::ElasticLoadBalancingV2::LoadBalancer]
#   inputs: [template, account]
#   tiers: [1, 2]
#   remediation: >-
#     Set DeletionProtection: true (RDS, DocumentDB, Neptune),
#     DeletionProtectionEnabled: true (DynamoDB), or the load balancer
#     attribute deletion_protection.enabled to true.
package bulwark.rules.data_protection.deletion_protection

import data.bulwark.lib

# [label, property] of the resources with a deletion protection property.
flags := {
	"AWS::RDS::DBInstance": ["RDS DB instance", "DeletionProtection"],
	"AWS::RDS::DBCluster": ["RDS DB cluster", "DeletionProtection"],
	"AWS::DocDB::DBCluster": ["DocumentDB cluster", "DeletionProtection"],
	"AWS::Neptune::DBCluster": ["Neptune cluster", "DeletionProtection"],
	"AWS::DynamoDB::Table": ["DynamoDB table", "DeletionProtectionEnabled"],
}

level := lib.number(input.tier.level)

critical if level in {1, 2}

# An RDS instance of a cluster takes the cluster's deletion protection.
deny contains lib.finding(id, lib.at(r, ["Properties", prop]), msg) if {
	critical
	some id, r in lib.resources(object.keys(flags))
	not _cluster_member(r)
	[label, prop] := flags[r.Type]
	v := object.get(r.Properties, prop, false)
	not lib.unknown(v)
	not lib.is_true(v)
	msg := sprintf("%s %s has %s %s in a tier %v workload: one mistaken delete call or stack operation removes it", [label, id, prop, _shown(r, prop), level])
}

deny contains lib.finding(id, lib.at(r, ["Properties", "LoadBalancerAttributes"]), msg) if {
	critical
	some id, r in lib.resources(["AWS::ElasticLoadBalancingV2::LoadBalancer"])
	attrs := lib.list(object.get(r.Properties, "LoadBalancerAttributes", []))
	not _unresolved_attributes(attrs)
	not _protected(attrs)
	msg := sprintf("Load balancer %s does not set the attribute deletion_protection.enabled to true in a tier %v workload: one mistaken delete call or stack operation removes it", [id, level])
}

_cluster_member(r) if {
	r.Type == "AWS::RDS::DBInstance"
	lib.rds_cluster_member(r)
}

_shown(r, prop) := sprintf("%v", [r.Properties[prop]]) if r.Properties[prop] != null

_shown(r, prop) := "unset (false, the default)" if not _set(r, prop)

_set(r, prop) if r.Properties[prop] != null

_protected(attrs) if {
	some a in attrs
	a.Key == "deletion_protection.enabled"
	lib.is_true(a.Value)
}

# An attribute entry that may be deletion_protection.enabled: an
# unresolved entry or key, or that key with an unresolved value. Other
# attributes (e.g. an access log bucket given by Ref) do not matter.
_unresolved_attributes(attrs) if {
	some a in attrs
	lib.is_intrinsic(a)
}

_unresolved_attributes(attrs) if {
	some a in attrs
	lib.unknown(object.get(a, "Key", null))
}

_unresolved_attributes(attrs) if {
	some a in attrs
	a.Key == "deletion_protection.enabled"
	lib.unknown(a.Value)
}
