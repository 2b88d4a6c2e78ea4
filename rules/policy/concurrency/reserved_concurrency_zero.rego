# METADATA
# title: Lambda function with zero reserved concurrency
# description: >-
#   ReservedConcurrentExecutions 0 throttles every invocation of the
#   function. It is the emergency lever to stop a function, and left in a
#   template it deploys a function that never runs.
# custom:
#   id: BW-CONCURRENCY-003
#   severity: medium
#   concern: concurrency
#   well_architected: [REL05-BP07]
#   resource_types: [AWS::Lambda::Function, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Set ReservedConcurrentExecutions to the concurrency the function needs,
#     or remove it; if the function is meant to be off, remove its triggers
#     or the function instead.
package bulwark.rules.concurrency.reserved_concurrency_zero

import data.bulwark.lib

deny contains lib.finding(id, ["Properties", "ReservedConcurrentExecutions"], msg) if {
	some id, r in lib.resources(["AWS::Lambda::Function", "AWS::Serverless::Function"])
	lib.number(r.Properties.ReservedConcurrentExecutions) == 0
	msg := sprintf("Lambda function %s has ReservedConcurrentExecutions 0: every invocation is throttled", [id])
}
