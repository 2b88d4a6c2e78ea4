# METADATA
# title: Lambda function without reserved concurrency
# description: >-
#   A function without ReservedConcurrentExecutions draws from the
#   account's shared unreserved concurrency: a burst of another function
#   can throttle it, and its own burst can throttle everything else. A
#   reservation is both a guaranteed share and a cap (a bulkhead).
# custom:
#   id: BW-CONCURRENCY-001
#   severity: low
#   concern: concurrency
#   well_architected: [REL10-BP03, REL05-BP02]
#   resource_types: [AWS::Lambda::Function, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Set ReservedConcurrentExecutions to the concurrency the function needs
#     at peak (for SAM, on the function or in Globals.Function), keeping the
#     account's total reservations below its limit minus 100.
package bulwark.rules.concurrency.reserved_concurrency_missing

import data.bulwark.lib

deny contains lib.finding(id, ["Properties"], msg) if {
	some id, r in lib.resources(["AWS::Lambda::Function", "AWS::Serverless::Function"])
	not has_reservation(r)
	msg := sprintf("Lambda function %s has no ReservedConcurrentExecutions: it shares the account's unreserved concurrency with every other function", [id])
}

has_reservation(r) if r.Properties.ReservedConcurrentExecutions != null
