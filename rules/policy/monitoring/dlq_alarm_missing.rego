# METADATA
# title: Dead-letter queue without an alarm
# description: >-
#   A dead-letter queue collects the messages and events that failed for
#   good. Unless an alarm watches it, failures pile up there unseen until
#   the messages expire (4 days by default): the failure is detected late or
#   never. Alarms whose metric or dimensions cannot be resolved may watch
#   the queue, and silence the rule.
# custom:
#   id: BW-MONITORING-001
#   severity: medium
#   concern: monitoring
#   well_architected: [REL06-BP03, REL05-BP04]
#   resource_types: [AWS::SQS::Queue, AWS::CloudWatch::Alarm]
#   inputs: [template, account]
#   remediation: >-
#     Add an AWS::CloudWatch::Alarm on the queue's
#     ApproximateNumberOfMessagesVisible (Namespace AWS/SQS, Dimensions
#     [{Name: QueueName, Value: !GetAtt DeadLetterQueue.QueueName}],
#     Statistic Maximum, Threshold 0, ComparisonOperator
#     GreaterThanThreshold) that notifies the owning team.
package bulwark.rules.monitoring.dlq_alarm_missing

import data.bulwark.lib

watched_metrics := {"ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"}

deny contains lib.finding(q, [], msg) if {
	not unknown_alarm
	some q, users in lib.dead_letter_users
	r := input.resources[q]
	not watched(q, r)
	msg := sprintf("SQS queue %s is the dead-letter queue of %s but no CloudWatch alarm watches its ApproximateNumberOfMessagesVisible: failed messages accumulate unseen until they expire", [q, concat(", ", sort(users))])
}

sqs_metric(m) if {
	m.name in watched_metrics
	m.namespace in {"AWS/SQS", null}
}

# The QueueName dimension values of the alarms on watched_metrics.
watched_values contains v if {
	some [_, m, "QueueName", v] in lib.alarm_dimensions
	sqs_metric(m)
}

watched_queues contains q if {
	some v in watched_values
	q := lib.designated(v)
}

watched(q, _) if q in watched_queues

# The same literal or expression as the queue's QueueName.
watched(_, r) if r.Properties.QueueName in watched_values

queue_names contains n if {
	some r in lib.resources(["AWS::SQS::Queue"])
	n := r.Properties.QueueName
}

# An alarm bulwark cannot read, or an SQS alarm whose QueueName is neither
# a resource of the template nor a literal, may watch any queue.
unknown_alarm if {
	some id in blocking_alarms
}

# The unreadable alarms that may watch a queue's watched_metrics: not those
# whose every metric is known to be outside AWS/SQS, nor those whose every
# metric has a literal name that is not one of watched_metrics (an alarm on
# CPUUtilization or a custom BuildQueue metric watches no dead-letter queue,
# whatever its unresolved Namespace or Dimensions).
blocking_alarms contains id if {
	some id in lib.alarm_unresolved
	not other_namespace(id)
	not other_metric_names(id)
}

unknown_alarm if {
	some v in watched_values
	not is_string(v)
	not lib.designated(v)
	not v in queue_names
}

# Every metric of the alarm is known to be outside AWS/SQS.
other_namespace(id) if {
	namespaces := object.get(lib.alarm_namespaces, id, set())
	count(namespaces) > 0
	every n in namespaces {
		is_string(n)
		n != "AWS/SQS"
	}
}

# Every metric of the alarm has a literal MetricName outside watched_metrics:
# a single-metric alarm, or metric math whose entries are each a MetricStat
# of such a metric or an Expression over the others (a SEARCH expression
# may find any metric, so it does not count).
other_metric_names(id) if {
	p := input.resources[id].Properties
	_other_name(p.MetricName)
}

other_metric_names(id) if {
	p := input.resources[id].Properties
	not p.MetricName
	entries := lib.list(p.Metrics)
	count(entries) > 0
	every q in entries {
		_other_entry(q)
	}
}

_other_name(n) if {
	is_string(n)
	not n in watched_metrics
}

_other_entry(q) if {
	is_object(q)
	not lib.is_intrinsic(q)
	_other_name(q.MetricStat.Metric.MetricName)
}

_other_entry(q) if {
	is_object(q)
	not q.MetricStat
	is_string(q.Expression)
	not contains(upper(q.Expression), "SEARCH")
}
