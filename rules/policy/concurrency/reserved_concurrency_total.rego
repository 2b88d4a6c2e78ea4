# METADATA
# title: Reserved concurrency above what the account can reserve
# description: >-
#   Lambda keeps at least 100 concurrent executions of the account's limit
#   unreserved (1000 by default, so 900 reservable). When the functions of a
#   template reserve more than that in total, the deployment fails on the
#   function whose reservation crosses the line.
# custom:
#   id: BW-CONCURRENCY-002
#   severity: high
#   concern: concurrency
#   well_architected: [REL01-BP01]
#   resource_types: [AWS::Lambda::Function, AWS::Serverless::Function]
#   inputs: [template, account]
#   remediation: >-
#     Lower the reservations so their sum stays within the account limit
#     minus 100, or request a higher Lambda concurrent executions quota
#     first (and give a template scan the new limit with
#     account_concurrency in .bulwark.yaml or --account-concurrency; an
#     audit reads it from the account).
package bulwark.rules.concurrency.reserved_concurrency_total

import data.bulwark.lib

reserved := {id: n |
	some id, r in lib.resources(["AWS::Lambda::Function", "AWS::Serverless::Function"])
	n := lib.number(r.Properties.ReservedConcurrentExecutions)
	n > 0
}

total := sum([n | some n in reserved])

limit := lib.number(lib.setting("account_concurrency_limit", 1000))

unreserved_min := lib.number(lib.setting("unreserved_concurrency_min", 100))

reservable := limit - unreserved_min

# The message names the functions involved; beyond ten it names the ten
# largest and counts the rest, so a template with thousands of functions
# does not produce thousands of thousand-name messages.
ranked := [pair | some pair in sort([[0 - n, id] | some id, n in reserved])]

named := [sprintf("%s %v", [pair[1], 0 - pair[0]]) | some i, pair in ranked; i < 10]

listing := concat(", ", named) if count(reserved) <= 10

listing := sprintf("%s and %d more", [concat(", ", named), count(reserved) - 10]) if count(reserved) > 10

deny contains lib.finding_with(id, ["Properties", "ReservedConcurrentExecutions"], msg, details) if {
	total > reservable
	some id, n in reserved
	msg := sprintf("Lambda function %s reserves %v concurrent executions; the template's functions reserve %v in total (%s), above the %v reservable (account limit %v minus %v kept unreserved): CloudFormation/AWS rejects this at deploy time", [id, n, total, listing, reservable, limit, unreserved_min])
	details := {"reserved": n, "total_reserved": total, "reservable": reservable, "functions": count(reserved)}
}
