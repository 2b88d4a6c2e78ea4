# METADATA
# title: ECS service without any health check
# description: >-
#   An ECS service that is not behind a load balancer learns about task
#   health only from container health checks. Without one on its essential
#   containers, a task whose process hangs but does not exit is never
#   replaced.
# custom:
#   id: BW-HEALTH-CHECK-006
#   severity: medium
#   concern: health-check
#   well_architected: [REL11-BP01, REL11-BP03]
#   resource_types: [AWS::ECS::Service, AWS::ECS::TaskDefinition]
#   inputs: [template, account]
#   remediation: >-
#     Add a HealthCheck (command, interval, retries) to each essential
#     container definition of the task definition, or register the service
#     with a load balancer target group.
package bulwark.rules.health_check.ecs_container_health_check

import data.bulwark.lib

deny contains lib.finding(id, ["Properties", "TaskDefinition"], msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	no_load_balancers(r)
	task_id := lib.ref_target(r.Properties.TaskDefinition)
	task := input.resources[task_id]
	task.Type == "AWS::ECS::TaskDefinition"
	containers := lib.list(task.Properties.ContainerDefinitions)
	unchecked := [name |
		some i, c in containers
		essential_without_check(c)
		name := container_name(c, i)
	]
	count(unchecked) > 0
	msg := sprintf("ECS service %s has no load balancer and task definition %s has essential container(s) without a HealthCheck (%s): a hung task is never replaced", [id, task_id, concat(", ", unchecked)])
}

no_load_balancers(r) if not r.Properties.LoadBalancers

no_load_balancers(r) if r.Properties.LoadBalancers == []

# Essential defaults to true.
essential_without_check(c) if {
	is_object(c)
	not lib.is_intrinsic(c)
	essential := object.get(c, "Essential", true)
	not lib.unknown(essential)
	not lib.is_false(essential)
	not c.HealthCheck
}

container_name(c, i) := name if {
	name := c.Name
	is_string(name)
} else := sprintf("#%d", [i])

# In --strict mode: what this rule could not verify.
