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

# In --strict mode: what this rule could not verify. Each condition of
# deny is known to hold, known not to hold, or unresolved; a service is
# left out when one is known not to hold.
unknowns contains lib.finding(id, at, msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	states := {name: _state(r, name) | some name in _conditions}
	not "no" in {s | some s in states}
	unresolved := [name | some name in _conditions; states[name] == "maybe"]
	count(unresolved) > 0
	name := unresolved[0]
	at := lib.at(r, _paths[name])
	msg := sprintf("ECS service %s: %s is not resolved, so whether a deployment may stop every task is unknown", [id, concat(".", array.slice(at, 1, count(at)))])
}

_conditions := ["MinimumHealthyPercent", "DeploymentController", "SchedulingStrategy", "DesiredCount"]

_paths := {
	"MinimumHealthyPercent": path,
	"DeploymentController": ["Properties", "DeploymentController", "Type"],
	"SchedulingStrategy": ["Properties", "SchedulingStrategy"],
	"DesiredCount": ["Properties", "DesiredCount"],
}

_state(r, "MinimumHealthyPercent") := s if {
	v := lib.get(r, path, 100)
	s := _known(v, _all_or_none({b | some n in _values(v); b := n == 0}))
} else := "maybe" if {
	lib.unknown(lib.get(r, path, 100))
} else := "no"

_state(r, "DesiredCount") := s if {
	v := object.get(r, _paths.DesiredCount, 1)
	s := _known(v, _all_or_none({b | some n in _values(v); b := n > 0}))
} else := "maybe" if {
	lib.unknown(object.get(r, _paths.DesiredCount, 1))
} else := "no"

_state(r, "DeploymentController") := "yes" if {
	rolling(r)
} else := "maybe" if {
	lib.unknown(lib.get(r, _paths.DeploymentController, "ECS"))
} else := "no"

_state(r, "SchedulingStrategy") := "yes" if {
	replica(r)
} else := "maybe" if {
	lib.unknown(object.get(r, _paths.SchedulingStrategy, "REPLICA"))
} else := "no"

# deny reads only plain numbers: a condition that holds for both branches
# of an Fn::If is still unresolved for it.
_known(v, "yes") := "maybe" if not lib.number(v)

_known(v, s) := s if {
	s != "yes"
} else := s if {
	lib.number(v)
}

_all_or_none(answers) := "yes" if {
	answers == {true}
} else := "no" if {
	answers == {false}
} else := "maybe"

# The values a number may have: itself, or both branches of an Fn::If of
# two numbers; undefined otherwise.
_values(v) := {n} if {
	n := lib.number(v)
} else := {a, b} if {
	[_, x, y] := v["Fn::If"]
	a := lib.number(x)
	b := lib.number(y)
}
