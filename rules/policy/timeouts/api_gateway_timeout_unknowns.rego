# What the rule in api_gateway_timeout.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.timeouts.api_gateway_timeout

import data.bulwark.lib

# A function called by API Gateway whose Timeout is unresolved.
unknowns contains lib.finding(id, ["Properties", "Timeout"], msg) if {
	some id, r in lib.functions
	lib.unknown(object.get(r, ["Properties", "Timeout"], 3))
	top := lib.max_timeout(r.Properties.Timeout)
	sources := {i.source |
		some i in object.get(lib.api_integrations, id, set())
		_may_exceed(top, i.limit)
	}
	count(sources) > 0
	msg := sprintf("Lambda function %s: Timeout is not resolved, so whether it outlives the integration timeout of %s is unknown", [id, concat(", ", sort(sources))])
}

# An integration whose timeout is unresolved, in front of a function deny
# does not already report.
unknowns contains lib.finding(res, path, msg) if {
	some id, r in lib.functions
	timeout := lib.function_timeout(r)
	integrations := object.get(lib.api_integrations, id, set())
	not _over(timeout, integrations)
	some i in integrations
	i.waits == true
	i.limit == null
	[res, path, prop] := _source_at(i.source, id)
	msg := sprintf("%s: %s is not resolved, so whether Lambda function %s (Timeout %v s) outlives the integration timeout is unknown", [i.source, prop, id, timeout])
}

_over(timeout, integrations) if {
	some i in integrations
	i.waits == true
	is_number(i.limit)
	timeout > i.limit
}

# Where the integration timeout of a source of lib.api_integrations is
# written ("API Gateway method <id>", "API Gateway integration <id>",
# "<Api|HttpApi> event <name>", "OpenAPI definition of <id>").
_source_at(source, _) := [id, ["Properties", "Integration", "TimeoutInMillis"], "TimeoutInMillis"] if {
	startswith(source, "API Gateway method ")
	id := trim_prefix(source, "API Gateway method ")
}

_source_at(source, _) := [id, ["Properties", "TimeoutInMillis"], "TimeoutInMillis"] if {
	startswith(source, "API Gateway integration ")
	id := trim_prefix(source, "API Gateway integration ")
}

_source_at(source, f) := [f, ["Properties", "Events", m[2], "Properties", "TimeoutInMillis"], "TimeoutInMillis"] if {
	m := regex.find_all_string_submatch_n(`^(Api|HttpApi) event (.+)$`, source, 1)[0]
}

_source_at(source, _) := [id, ["Properties", _body_key(input.resources[id].Type)], "the timeoutInMillis of an x-amazon-apigateway-integration"] if {
	startswith(source, "OpenAPI definition of ")
	id := trim_prefix(source, "OpenAPI definition of ")
}

_body_key("AWS::ApiGateway::RestApi") := "Body"

_body_key(t) := "DefinitionBody" if t != "AWS::ApiGateway::RestApi"

_may_exceed(_, null)

_may_exceed(top, limit) if {
	is_number(limit)
	top > limit
}

# An integration whose X-Amz-Invocation-Type mapping or ResponseTransferMode
# is unresolved, in front of a function deny does not already report, that
# outlives its integration timeout if the integration waits.
unknowns contains lib.finding(c.resource, c.mode_path, msg) if {
	some c in lib.api_calls
	lib.api_call_waits(c) == null
	id := c.function
	timeout := lib.function_timeout(lib.functions[id])
	not _over(timeout, object.get(lib.api_integrations, id, set()))
	_may_exceed(timeout, c.limit)
	msg := sprintf("%s: the X-Amz-Invocation-Type mapping or ResponseTransferMode is not resolved, so whether it waits for Lambda function %s (Timeout %v s) past its integration timeout is unknown", [c.source, id, timeout])
}
