# METADATA
# title: EFS One Zone file system
# description: >-
#   An EFS file system with AvailabilityZoneName set uses One Zone storage:
#   its data lives in a single Availability Zone and is unavailable, or
#   lost, when that zone fails.
# custom:
#   id: BW-MULTI-AZ-008
#   severity: medium
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::EFS::FileSystem]
#   inputs: [template, account]
#   remediation: >-
#     Remove AvailabilityZoneName to create a Regional (multi-AZ) file
#     system, with mount targets in each Availability Zone that uses it; a
#     One Zone file system cannot be converted, so migrate the data.
package bulwark.rules.multi_az.efs_one_zone

import data.bulwark.lib

# The zone itself may be unknown ({"Ref": "Zone"}): setting the property is
# what makes the file system One Zone. Only an Fn::If with an AWS::NoValue
# branch can leave it unset (an Fn::If choosing between two zones cannot).
deny contains lib.finding(id, ["Properties", "AvailabilityZoneName"], msg) if {
	some id, r in lib.resources(["AWS::EFS::FileSystem"])
	zone := r.Properties.AvailabilityZoneName
	not lib.may_be_removed(zone)
	msg := sprintf("EFS file system %s is One Zone (AvailabilityZoneName %s): its data is in a single Availability Zone", [id, shown(zone)])
}

shown(zone) := zone if is_string(zone)

shown(zone) := json.marshal(zone) if not is_string(zone)
