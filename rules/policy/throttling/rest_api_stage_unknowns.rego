# What the rule in rest_api_stage.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.throttling.rest_api_stage

import data.bulwark.lib

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
	plan_api(e.ApiId) == s.api
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

_surely_throttled(s) if {
	s.implicit
	_sam_sure(globals_api)
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

# The implicit API's settings are in Globals.Api, outside any resource: the
# finding points at the event and names the Globals property.
_own_unresolved(s) := {[s.path, sprintf("Globals.Api.%s", [what])] |
	some [_, what] in _ms_unresolved(object.get(globals_api, "MethodSettings", []), ["Properties", "MethodSettings"]) | _sam_plan_unresolved({"Properties": globals_api})
} if s.implicit

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
	plan_api(e.ApiId) == s.api
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
