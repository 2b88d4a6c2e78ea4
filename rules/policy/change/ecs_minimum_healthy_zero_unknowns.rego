# What the rule in ecs_minimum_healthy_zero.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.change.ecs_minimum_healthy_zero

import data.bulwark.lib

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
