# What the rule in ecs_service_subnets.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.ecs_service_subnets

import data.bulwark.lib

# In --strict mode: what this rule could not verify: the subnets, or the
# NetworkConfiguration holding them, are unresolved.
unknowns contains lib.finding(id, lib.at(r, path), msg) if {
	some id, r in lib.resources(["AWS::ECS::Service"])
	v := lib.get(r, path, null)
	lib.subnets_unresolved(v)
	name := lib.at(r, path)[count(lib.at(r, path)) - 1]
	msg := sprintf("ECS service %s: %s is not resolved, so whether its tasks run in more than one Availability Zone is unknown", [id, name])
}
