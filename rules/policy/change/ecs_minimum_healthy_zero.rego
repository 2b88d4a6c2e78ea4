# METADATA
# title: ECS service that may stop every task during a deployment
# description: >-
#   With DeploymentConfiguration.MinimumHealthyPercent 0 a rolling ECS
#   deployment is allowed to stop all running tasks before their
#   replacements are healthy: every deployment, and every failed one, can
#   take the service down. Daemon services and services deployed by
#   CodeDeploy or an external controller are not checked.
# custom:
#   id: BW-CHANGE-002
#   severity: medium
#   concern: change
#   well_architected: [REL08-BP04, REL08-BP05]
#   resource_types: [AWS::ECS::Service]
#   inputs: [template, account]
#   remediation: >-
#     Set MinimumHealthyPercent to 100 (or at least 50 with two or more
#     tasks) and MaximumPercent to 200, so new tasks start before old ones
#     stop; give the cluster or capacity provider room for the extra tasks.
package bulwark.rules.change.ecs_minimum_healthy_zero

import data.bulwark.lib

path := ["Properties", "DeploymentConfiguration", "MinimumHealthyPercent"]

deny contains lib.finding_with(id, path, msg, {"desired_count": desired}) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	lib.number(lib.get(r, path, 100)) == 0
	rolling(r)
	replica(r)
	desired := lib.number(object.get(r, ["Properties", "DesiredCount"], 1))
	desired > 0
	msg := sprintf("ECS service %s has MinimumHealthyPercent 0 with DesiredCount %v: a deployment may stop all %v task(s) before their replacements are healthy, taking the service down", [id, desired, desired])
}

rolling(r) if {
	t := lib.get(r, ["Properties", "DeploymentController", "Type"], "ECS")
	is_string(t)
	upper(t) == "ECS"
}

replica(r) if {
	s := object.get(r, ["Properties", "SchedulingStrategy"], "REPLICA")
	is_string(s)
	upper(s) == "REPLICA"
}
