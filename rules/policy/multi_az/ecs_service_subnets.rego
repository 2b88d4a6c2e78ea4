# METADATA
# title: ECS service tasks in a single Availability Zone
# description: >-
#   An ECS service using awsvpc networking can only place tasks in the
#   subnets it lists. With one subnet, or subnets all in one Availability
#   Zone, every task is lost when that zone fails.
# custom:
#   id: BW-MULTI-AZ-003
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::ECS::Service]
#   inputs: [template, account]
#   remediation: >-
#     List subnets in at least two Availability Zones in
#     NetworkConfiguration.AwsvpcConfiguration.Subnets and run at least two
#     tasks so ECS spreads them across zones.
package bulwark.rules.multi_az.ecs_service_subnets

import data.bulwark.lib

path := ["Properties", "NetworkConfiguration", "AwsvpcConfiguration", "Subnets"]

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	subnets := lib.list(object.get(r, path, null))
	why := lib.single_az_subnets(subnets)
	msg := sprintf("ECS service %s has %s in AwsvpcConfiguration.Subnets: all its tasks run in a single Availability Zone", [id, why])
}
