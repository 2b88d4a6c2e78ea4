# METADATA
# title: Lambda alias of a critical workload shifted all at once
# description: >-
#   A SAM function with AutoPublishAlias but no DeploymentPreference moves
#   its alias to each new version at once: a bad version takes all traffic
#   immediately and nothing rolls it back. For tier 1 and 2 workloads a
#   gradual (canary or linear) CodeDeploy shift with alarms limits and
#   reverts a bad release. Templates without a tier are not checked.
# custom:
#   id: BW-CHANGE-004
#   severity: medium
#   concern: change
#   well_architected: [REL08-BP04, REL08-BP05]
#   resource_types: [AWS::Serverless::Function]
#   inputs: [template]  # Template only: AutoPublishAlias and DeploymentPreference exist only in a SAM template (a deployed stack holds it processed).
#   tiers: [1, 2]
#   remediation: >-
#     Add DeploymentPreference {Type: Canary10Percent5Minutes (or a Linear
#     type), Alarms: [error and latency alarms of the alias]} to the function
#     or Globals.Function, optionally with PreTraffic/PostTraffic hooks.
package bulwark.rules.change.lambda_deployment_preference

import data.bulwark.lib

deny contains lib.finding(id, lib.at(r, ["Properties", "DeploymentPreference"]), msg) if {
	level := lib.number(input.tier.level)
	level in {1, 2}
	some id, r in lib.resources(["AWS::Serverless::Function"])
	alias := r.Properties.AutoPublishAlias
	alias != null
	alias != ""
	not _alias_unresolved(alias)
	why := problem(object.get(r, ["Properties", "DeploymentPreference"], null))
	msg := sprintf("SAM function %s publishes alias %s (AutoPublishAlias) but %s: in this tier %v workload each new version takes all traffic at once, with no alarm-driven rollback", [id, name(alias), why, level])
}

problem(null) := "has no DeploymentPreference"

problem(p) := "its DeploymentPreference is disabled (Enabled false)" if {
	lib.is_false(p.Enabled)
}

name(a) := a if {
	is_string(a)
} else := "(unresolved name)"

# An alias that may be AWS::NoValue.
_alias_unresolved(v) if {
	lib.is_intrinsic(v)
	not _alias_present(v)
}

# An alias value that cannot be AWS::NoValue.
_alias_present(v) if {
	[_, a, b] := v["Fn::If"]
	is_string(a)
	a != ""
	is_string(b)
	b != ""
}

_alias_present(v) if {
	some k, _ in v
	k in {"Ref", "Fn::Sub", "Fn::Join", "Fn::FindInMap", "Fn::ImportValue"}
	v != {"Ref": "AWS::NoValue"}
}
