# METADATA
# title: Amazon MQ broker in single-instance mode
# description: >-
#   An Amazon MQ broker with DeploymentMode SINGLE_INSTANCE runs in one
#   Availability Zone with no standby: a broker or zone failure stops every
#   producer and consumer until the broker is back (Trusted Advisor
#   "ActiveMQ/RabbitMQ Availability Zone Redundancy").
# custom:
#   id: BW-MULTI-AZ-013
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01]
#   resource_types: [AWS::AmazonMQ::Broker]
#   inputs: [template, account]
#   remediation: >-
#     Use DeploymentMode ACTIVE_STANDBY_MULTI_AZ (ActiveMQ) or
#     CLUSTER_MULTI_AZ (RabbitMQ), with subnets in two or three zones.
package bulwark.rules.multi_az.mq_single_instance

import data.bulwark.lib

path := ["Properties", "DeploymentMode"]

deny contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::AmazonMQ::Broker"])
	mode := object.get(r, path, null)
	is_string(mode)
	upper(mode) == "SINGLE_INSTANCE"
	msg := sprintf("Amazon MQ broker %s has DeploymentMode SINGLE_INSTANCE: it runs in one Availability Zone with no standby to take over", [id])
}
