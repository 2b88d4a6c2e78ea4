# What the rule in lambda_deployment_preference.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.change.lambda_deployment_preference

import data.bulwark.lib

# In --strict mode: what this rule could not verify.
unknowns contains lib.finding(id, path, msg) if {
	level := lib.number(input.tier.level)
	level in {1, 2}
	some id, r in lib.resources(["AWS::Serverless::Function"])
	alias := object.get(r, ["Properties", "AutoPublishAlias"], null)
	alias != null
	alias != ""
	preference := object.get(r, ["Properties", "DeploymentPreference"], null)
	not _gradual(preference)
	path := _unresolved_path(alias, preference)
	msg := sprintf("SAM function %s: %s is not resolved, so whether each new version takes all traffic at once in this tier %v workload is unknown", [id, concat(".", array.slice(path, 1, count(path))), level])
}

# A DeploymentPreference that is surely set and enabled (both branches of
# an Fn::If included).
_gradual(p) if _enabled(p)

_gradual(p) if {
	[_, a, b] := p["Fn::If"]
	_enabled(a)
	_enabled(b)
}

_enabled(p) if {
	is_object(p)
	not lib.is_intrinsic(p)
	enabled := object.get(p, "Enabled", true)
	not lib.unknown(enabled)
	not lib.is_false(enabled)
}

_unresolved_path(alias, preference) := ["Properties", "DeploymentPreference"] if {
	lib.is_intrinsic(preference)
} else := ["Properties", "DeploymentPreference", "Enabled"] if {
	is_object(preference)
	lib.unknown(object.get(preference, "Enabled", true))
} else := ["Properties", "AutoPublishAlias"] if {
	_alias_unresolved(alias)
}
