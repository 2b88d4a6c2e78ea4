# METADATA
# title: Lambda timeout longer than its API Gateway integration timeout
# description: >-
#   API Gateway waits at most the integration timeout for a Lambda function
#   (29 s by default for REST and WebSocket APIs, 30 s at most for HTTP
#   APIs, or the integration's TimeoutInMillis). A function allowed to run
#   longer is cut off from its caller: the client gets a 504 while the
#   function keeps running, consuming concurrency and possibly completing
#   work the client will retry. An integration that does not wait is not
#   checked: an asynchronous call (X-Amz-Invocation-Type 'Event', answered
#   202 at once) or a streamed response (ResponseTransferMode STREAM, up to
#   15 minutes).
# custom:
#   id: BW-TIMEOUTS-001
#   severity: medium
#   concern: timeouts
#   well_architected: [REL05-BP05]
#   resource_types: [AWS::Lambda::Function, AWS::Serverless::Function, AWS::ApiGateway::Method, AWS::ApiGatewayV2::Integration, AWS::ApiGateway::RestApi, AWS::Serverless::Api, AWS::Serverless::HttpApi]
#   inputs: [template, account]
#   remediation: >-
#     Set the function's Timeout below the integration timeout (e.g. 25 s
#     for a REST API), with client timeouts inside it for each dependency;
#     move work that takes longer behind a queue or Step Functions and
#     return 202 with a status resource.
package bulwark.rules.timeouts.api_gateway_timeout

import data.bulwark.lib

deny contains lib.finding_with(id, lib.at(r, ["Properties", "Timeout"]), msg, details) if {
	some id, r in lib.functions
	timeout := lib.function_timeout(r)
	over := {[i.limit, i.source] | some i in object.get(lib.api_integrations, id, set()); i.waits == true; is_number(i.limit); timeout > i.limit}
	count(over) > 0
	limit := min({l | some [l, _] in over})
	sources := sort({s | some [_, s] in over})
	msg := sprintf("Lambda function %s has Timeout %v s but is called by %s, whose integration times out after %v s: API Gateway returns 504 to the client while the function keeps running", [id, timeout, concat(", ", sources), limit])
	details := {"function_timeout": timeout, "integration_timeout": limit}
}

# In --strict mode: what this rule could not verify.
