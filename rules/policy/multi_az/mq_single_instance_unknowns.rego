# What the rule in mq_single_instance.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.mq_single_instance

import data.bulwark.lib

# In --strict mode: the DeploymentMode is unresolved.
unknowns contains lib.finding(id, path, msg) if {
	some id, r in lib.resources(["AWS::AmazonMQ::Broker"])
	lib.unknown(object.get(r, path, null))
	msg := sprintf("Amazon MQ broker %s: DeploymentMode is not resolved, so whether it runs as a single instance is unknown", [id])
}
