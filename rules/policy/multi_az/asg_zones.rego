# METADATA
# title: Auto Scaling group in a single Availability Zone
# description: >-
#   An Auto Scaling group with one subnet in VPCZoneIdentifier (or one
#   AvailabilityZones entry) launches every instance in the same zone and
#   cannot replace capacity elsewhere when that zone fails.
# custom:
#   id: BW-MULTI-AZ-004
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::AutoScaling::AutoScalingGroup]
#   inputs: [template, account]
#   remediation: >-
#     List subnets in at least two Availability Zones in VPCZoneIdentifier
#     (or at least two AvailabilityZones) and keep MinSize high enough to
#     survive losing one zone.
package bulwark.rules.multi_az.asg_zones

import data.bulwark.lib

groups := lib.resources(["AWS::AutoScaling::AutoScalingGroup"])

deny contains lib.finding(id, ["Properties", "VPCZoneIdentifier"], msg) if {
	some id, r in groups
	subnets := lib.list(r.Properties.VPCZoneIdentifier)
	why := lib.single_az_subnets(subnets)
	msg := sprintf("Auto Scaling group %s has %s in VPCZoneIdentifier: all its instances run in a single Availability Zone", [id, why])
}

# AvailabilityZones only decides placement when no subnets are given.
deny contains lib.finding(id, ["Properties", "AvailabilityZones"], msg) if {
	some id, r in groups
	not r.Properties.VPCZoneIdentifier
	zones := lib.list(r.Properties.AvailabilityZones)
	why := lib.single_az_zones(zones)
	msg := sprintf("Auto Scaling group %s has %s in AvailabilityZones: all its instances run in a single Availability Zone", [id, why])
}
