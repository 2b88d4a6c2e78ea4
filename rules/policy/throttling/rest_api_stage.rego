# METADATA
# title: API Gateway REST API stage without throttling
# description: >-
#   A REST API stage with no stage or method throttling, and no usage plan
#   with a throttle covering it, is limited only by the account's Regional
#   request quota (10,000 requests/s, 5,000 burst by default), which every
#   API of the account shares. A traffic spike, a retry storm or one noisy
#   client then reaches the backend at full rate and can exhaust the quota
#   for the other APIs as well.
# custom:
#   id: BW-THROTTLING-001
#   severity: medium
#   concern: throttling
#   well_architected: [REL05-BP02]
#   resource_types: [AWS::ApiGateway::Stage, AWS::ApiGateway::Deployment, AWS::Serverless::Api, AWS::ApiGateway::UsagePlan]
#   inputs: [template, account]
#   remediation: >-
#     Add MethodSettings [{HttpMethod: "*", ResourcePath: "/*",
#     ThrottlingRateLimit: N, ThrottlingBurstLimit: M}] to the stage (SAM:
#     the Api's MethodSettings, or Globals.Api), sized from what the backend
#     sustains, or an AWS::ApiGateway::UsagePlan with a Throttle whose
#     ApiStages names the API and stage.
package bulwark.rules.throttling.rest_api_stage

import data.bulwark.lib

deny contains lib.finding(s.id, lib.at(input.resources[s.id], s.path), msg) if {
	some s in subjects
	not s.throttled
	not plan_unknown
	not covered_by_plan(s)
	not maybe_covered_by_plan(s)
	msg := sprintf("%s sets no throttling (%s) and no usage plan with a Throttle covers it: it accepts requests up to the account's Regional quota, shared by every API", [s.label, s.where])
}

# The stages of the template: AWS::ApiGateway::Stage, the stage a
# Deployment creates with StageName, and a SAM Serverless::Api.
subjects contains {
	"id": id, "api": api_id(r.Properties.RestApiId), "name": object.get(r.Properties, "StageName", null),
	"label": sprintf("API Gateway stage %s%s", [id, stage_label(r.Properties)]),
	"where": "no MethodSettings throttling", "path": ["Properties", "MethodSettings"],
	"throttled": method_settings_throttled(object.get(r.Properties, "MethodSettings", [])),
} if {
	some id, r in lib.resources(["AWS::ApiGateway::Stage"])
}

subjects contains {
	"id": id, "api": api_id(r.Properties.RestApiId), "name": r.Properties.StageName,
	"label": sprintf("API Gateway deployment %s (stage %v)", [id, stage_name(r.Properties.StageName)]),
	"where": "no StageDescription throttling", "path": ["Properties", "StageDescription"],
	"throttled": stage_description_throttled(object.get(r.Properties, "StageDescription", {})),
} if {
	some id, r in lib.resources(["AWS::ApiGateway::Deployment"])
	r.Properties.StageName != null
}

subjects contains {
	"id": id, "api": id, "name": object.get(r.Properties, "StageName", null),
	"label": sprintf("SAM API %s%s", [id, stage_label(r.Properties)]),
	"where": "no MethodSettings throttling and no Auth.UsagePlan Throttle", "path": ["Properties", "MethodSettings"],
	"throttled": sam_throttled(r.Properties),
} if {
	some id, r in lib.resources(["AWS::Serverless::Api"])
}

api_id(v) := id if {
	id := lib.designated(v)
} else := null

stage_name(n) := n if {
	is_string(n)
} else := "unresolved"

stage_label(p) := sprintf(" (stage %s)", [p.StageName]) if {
	is_string(p.StageName)
} else := ""

throttle_keys := {"ThrottlingRateLimit", "ThrottlingBurstLimit"}

# true when some entry throttles, or when the settings are unresolved.
method_settings_throttled(ms) if {
	not lib.list(ms)
} else if {
	some m in ms
	not is_object(m)
} else if {
	some m in ms
	lib.is_intrinsic(m)
} else if {
	some m in ms
	some k in throttle_keys
	object.get(m, k, null) != null
} else := false

stage_description_throttled(d) if {
	not is_object(d)
} else if {
	lib.is_intrinsic(d)
} else if {
	some k in throttle_keys
	object.get(d, k, null) != null
} else := method_settings_throttled(object.get(d, "MethodSettings", []))

sam_throttled(p) if {
	method_settings_throttled(object.get(p, "MethodSettings", []))
} else if {
	plan := lib.get(p, ["Auth", "UsagePlan"], null)
	plan != null
	not sam_plan_none(plan)
	lib.get(plan, ["Throttle"], null) != null
} else if {
	lib.unknown(lib.get(p, ["Auth", "UsagePlan"], null))
} else := false

sam_plan_none(plan) if {
	is_string(plan.CreateUsagePlan)
	upper(plan.CreateUsagePlan) == "NONE"
}

plans := lib.resources(["AWS::ApiGateway::UsagePlan"])

# A usage plan bulwark cannot read may cover any stage: its ApiStages is
# unresolved, or an entry that throttles (or may) names an API bulwark
# cannot follow. A plan without ApiStages covers no stage.
plan_unknown if {
	some p in plans
	_unresolved_api_stages(p)
}

plan_unknown if {
	some p in plans
	some e in lib.list(p.Properties.ApiStages)
	_unknown_entry(p, e)
}

_unresolved_api_stages(p) if {
	stages := p.Properties.ApiStages
	not lib.list(stages)
	lib.unknown(stages)
}

_unknown_entry(_, e) if lib.is_intrinsic(e)

_unknown_entry(p, e) if {
	is_object(e)
	not lib.is_intrinsic(e)
	not lib.designated(object.get(e, "ApiId", null))
	plan_throttled(p, e)
}

plan_throttled(p, e) if object.get(p, ["Properties", "Throttle"], null) != null

plan_throttled(_, e) if object.get(e, "Throttle", null) != null

covered_by_plan(s) if {
	some p in plans
	some e in lib.list(p.Properties.ApiStages)
	plan_throttled(p, e)
	names_stage(e, s)
}

# The plan's API is the stage's, but its Stage cannot be compared.
maybe_covered_by_plan(s) if {
	some p in plans
	some e in lib.list(p.Properties.ApiStages)
	plan_throttled(p, e)
	lib.designated(e.ApiId) == s.api
	not is_string(e.Stage)
	not lib.designated(e.Stage)
}

maybe_covered_by_plan(s) if {
	some p in plans
	some e in lib.list(p.Properties.ApiStages)
	plan_throttled(p, e)
	lib.designated(e.ApiId) == s.api
	is_string(e.Stage)
	not is_string(s.name)
}

# Stage: !Ref Stage, or for SAM !Ref Api.Stage.
names_stage(e, s) if lib.designated(e.Stage) == s.id

names_stage(e, s) if {
	lib.designated(e.ApiId) == s.api
	is_string(e.Stage)
	e.Stage == s.name
}

# In --strict mode: what this rule could not verify.

# A stage whose own throttling settings are unresolved.
unknowns contains lib.finding(s.id, path, msg) if {
	some s in subjects
	not _surely_throttled(s)
	not covered_by_plan(s)
	some [path, what] in _own_unresolved(s)
	msg := sprintf("%s: %s is not resolved, so whether it is throttled is unknown", [s.label, what])
}

# A usage plan that may cover a stage without throttling settings of its
# own.
unknowns contains lib.finding(pid, path, msg) if {
	some s in subjects
	not _surely_throttled(s)
	not covered_by_plan(s)
	some [pid, path, what] in _plan_unknowns(s)
	msg := sprintf("Usage plan %s: %s is not resolved, so whether its Throttle covers %s is unknown", [pid, what, s.label])
}

# The stage name of a stage that a usage plan of its API names by a
# literal stage name.
unknowns contains lib.finding(s.id, ["Properties", "StageName"], msg) if {
	some s in subjects
	not _surely_throttled(s)
	not covered_by_plan(s)
	lib.unknown(input.resources[s.id].Properties.StageName)
	some p in plans
	some e in lib.list(p.Properties.ApiStages)
	plan_throttled(p, e)
	lib.designated(e.ApiId) == s.api
	is_string(e.Stage)
	msg := sprintf("%s: StageName is not resolved, so whether a usage plan's Throttle for stage %s covers it is unknown", [s.label, e.Stage])
}

_surely_throttled(s) if {
	r := input.resources[s.id]
	r.Type == "AWS::ApiGateway::Stage"
	_ms_sure(object.get(r.Properties, "MethodSettings", []))
}

_surely_throttled(s) if {
	r := input.resources[s.id]
	r.Type == "AWS::ApiGateway::Deployment"
	_sd_sure(object.get(r.Properties, "StageDescription", {}))
}

_surely_throttled(s) if {
	r := input.resources[s.id]
	r.Type == "AWS::Serverless::Api"
	_sam_sure(r.Properties)
}

_own_unresolved(s) := _ms_unresolved(object.get(r.Properties, "MethodSettings", []), ["Properties", "MethodSettings"]) if {
	r := input.resources[s.id]
	r.Type == "AWS::ApiGateway::Stage"
}

_own_unresolved(s) := _sd_unresolved(object.get(r.Properties, "StageDescription", {})) if {
	r := input.resources[s.id]
	r.Type == "AWS::ApiGateway::Deployment"
}

_own_unresolved(s) := _ms_unresolved(object.get(r.Properties, "MethodSettings", []), ["Properties", "MethodSettings"]) | _sam_plan_unresolved(r) if {
	r := input.resources[s.id]
	r.Type == "AWS::Serverless::Api"
}

# Method settings with a throttle key that is surely set.
_ms_sure(ms) if {
	some m in lib.list(ms)
	lib.plain_object(m)
	_has_throttle(m)
}

_has_throttle(x) if {
	some k in throttle_keys
	lib.present_trusting_lookups(object.get(x, k, null))
}

# [path, property] of the unresolved values that decide whether method
# settings ms (at base) throttle.
_ms_unresolved(ms, base) := {[base, _name(base)]} if {
	not lib.list(ms)
	lib.unknown(ms)
} else := {[p, _name(p)] |
	some i, m in lib.list(ms)
	some p in _entry_unresolved(m, array.concat(base, [i]))
}

_entry_unresolved(m, base) := {base} if {
	lib.is_intrinsic(m)
} else := {array.concat(base, [k]) |
	lib.plain_object(m)
	some k in throttle_keys
	lib.maybe_absent_trusting_lookups(object.get(m, k, null))
}

_sd_sure(d) if {
	lib.plain_object(d)
	_has_throttle(d)
}

_sd_sure(d) if {
	lib.plain_object(d)
	_ms_sure(object.get(d, "MethodSettings", []))
}

_sd_unresolved(d) := {[base, _name(base)]} if {
	base := ["Properties", "StageDescription"]
	lib.is_intrinsic(d)
} else := {[p, _name(p)] | some p in _entry_unresolved(d, ["Properties", "StageDescription"])} | _ms_unresolved(object.get(d, "MethodSettings", []), ["Properties", "StageDescription", "MethodSettings"]) if {
	lib.plain_object(d)
}

_sam_sure(p) if _ms_sure(object.get(p, "MethodSettings", []))

_sam_sure(p) if {
	plan := lib.get(p, ["Auth", "UsagePlan"], null)
	lib.plain_object(plan)
	create := object.get(plan, "CreateUsagePlan", null)
	not lib.unknown(create)
	not sam_plan_none(plan)
	lib.present_trusting_lookups(object.get(plan, "Throttle", null))
}

_sam_plan_unresolved(r) := {[path, _name(path)]} if {
	lib.is_intrinsic(lib.get(r, ["Properties", "Auth", "UsagePlan"], null))
	path := lib.at(r, ["Properties", "Auth", "UsagePlan"])
} else := {[path, _name(path)] |
	plan := r.Properties.Auth.UsagePlan
	lib.plain_object(plan)
	not sam_plan_none(plan)
	some k in ["CreateUsagePlan", "Throttle"]
	_sam_plan_key_unresolved(plan, k)
	path := ["Properties", "Auth", "UsagePlan", k]
}

_sam_plan_key_unresolved(plan, "CreateUsagePlan") if {
	lib.unknown(object.get(plan, "CreateUsagePlan", null))
	object.get(plan, "Throttle", null) != null
}

_sam_plan_key_unresolved(plan, "Throttle") if lib.maybe_absent_trusting_lookups(object.get(plan, "Throttle", null))

# [plan, path, property] of the usage plans that may cover stage s.
_plan_unknowns(s) := (_unreadable_plans | _unknown_entries) | {[pid, ["Properties", "ApiStages", i, "Stage"], sprintf("ApiStages.%d.Stage", [i])] |
	some pid, p in plans
	some i, e in lib.list(p.Properties.ApiStages)
	plan_throttled(p, e)
	lib.designated(e.ApiId) == s.api
	not is_string(e.Stage)
	not lib.designated(e.Stage)
}

# The plans that may cover any stage (see plan_unknown).
_unreadable_plans contains [pid, ["Properties", "ApiStages"], "ApiStages"] if {
	some pid, p in plans
	_unresolved_api_stages(p)
}

_unknown_entries contains [pid, path, _name(path)] if {
	some pid, p in plans
	some i, e in lib.list(p.Properties.ApiStages)
	_unknown_entry(p, e)
	path := _entry_path(e, i)
}

_entry_path(e, i) := ["Properties", "ApiStages", i] if lib.is_intrinsic(e)

_entry_path(e, i) := ["Properties", "ApiStages", i, "ApiId"] if not lib.is_intrinsic(e)

_name(path) := concat(".", [sprintf("%v", [x]) | some x in array.slice(path, 1, count(path))])
