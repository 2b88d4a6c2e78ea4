# What the rule in dlq_alarm_missing.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.monitoring.dlq_alarm_missing

import data.bulwark.lib

# In --strict mode: what this rule could not verify. An unresolved alarm
# that may watch any queue silences deny for every dead-letter queue: each
# unwatched dead-letter queue is reported with each such alarm.
unknowns contains lib.finding(a, lib.alarm_unresolved_path(a), msg) if {
	some a in _blocking_alarms
	some q, _ in lib.dead_letter_users
	r := input.resources[q]
	not watched(q, r)
	msg := sprintf("CloudWatch alarm %s: %s is not resolved, so whether it watches dead-letter queue %s is unknown", [a, _name(lib.alarm_unresolved_path(a)), q])
}

# The alarms unknown_alarm is made of.
_blocking_alarms contains a if {
	some a in blocking_alarms
}

_blocking_alarms contains a if {
	some [a, m, "QueueName", v] in lib.alarm_dimensions
	sqs_metric(m)
	not is_string(v)
	not lib.designated(v)
	not v in queue_names
}

_name(path) := path[1] if count(path) > 1

_name(path) := "its metric" if count(path) == 1
