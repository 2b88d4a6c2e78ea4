# METADATA
# title: API Gateway REST API stage without throttling
# description: >-
#   A REST API stage with no stage or method throttling, and no usage plan
#   with a throttle covering it, is limited only by the account's Regional
#   request quota (10,000 requests/s, 5,000 burst by default), which every
#   API of the account shares. A traffic spike, a retry storm or one noisy
#   client then reaches the backend at full rate and can exhaust the quota
#   for the other APIs as well. SAM's implicit API (ServerlessRestApi,
#   stage Prod), created for Api events without a RestApiId, is configured
#   only by Globals.Api: its findings point at each such event.
# custom:
#   id: BW-THROTTLING-001
#   severity: medium
#   concern: throttling
#   well_architected: [REL05-BP02]
#   resource_types: [AWS::ApiGateway::Stage, AWS::ApiGateway::Deployment, AWS::Serverless::Api, AWS::ApiGateway::UsagePlan, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Add MethodSettings [{HttpMethod: "*", ResourcePath: "/*",
#     ThrottlingRateLimit: N, ThrottlingBurstLimit: M}] to the stage (SAM:
#     the Api's MethodSettings, or Globals.Api, which also configures the
#     implicit ServerlessRestApi), sized from what the backend
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

# SAM's implicit REST API, one subject per Api event that creates it (so a
# finding points at the event): configured only by Globals.Api.
subjects contains {
	"id": f, "api": implicit_api, "name": "Prod", "implicit": true,
	"label": sprintf("SAM's implicit API %s (stage Prod, created for Api event %s of function %s)", [implicit_api, name, f]),
	"where": "no Globals.Api MethodSettings throttling and no Globals.Api Auth.UsagePlan Throttle", "path": ["Properties", "Events", name],
	"throttled": sam_throttled(globals_api),
} if {
	some [f, name, e] in lib.sam_events
	e.Type == "Api"
	object.get(e, ["Properties", "RestApiId"], null) == null
}

implicit_api := "ServerlessRestApi"

globals_api := object.get(input, ["globals", "Api"], {})

api_id(v) := id if {
	id := lib.designated(v)
} else := null

# plan_api(v) is the API a usage plan's ApiId names: a resource of the
# template, or the implicit API (!Ref ServerlessRestApi).
plan_api(v) := id if {
	id := lib.designated(v)
} else := implicit_api if v == {"Ref": implicit_api}

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
	not plan_api(object.get(e, "ApiId", null))
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
	plan_api(e.ApiId) == s.api
	not is_string(e.Stage)
	not lib.designated(e.Stage)
}

maybe_covered_by_plan(s) if {
	some p in plans
	some e in lib.list(p.Properties.ApiStages)
	plan_throttled(p, e)
	plan_api(e.ApiId) == s.api
	is_string(e.Stage)
	not is_string(s.name)
}

# Stage: !Ref Stage, or for SAM !Ref Api.Stage.
names_stage(e, s) if {
	not s.implicit
	lib.designated(e.Stage) == s.id
}

# The implicit API's stage resource.
names_stage(e, s) if {
	s.implicit
	e.Stage == {"Ref": "ServerlessRestApiProdStage"}
}

names_stage(e, s) if {
	plan_api(e.ApiId) == s.api
	is_string(e.Stage)
	e.Stage == s.name
}

# In --strict mode: what this rule could not verify.
