package bulwark.rules.tier.rpo_test

import data.bulwark.rules.tier.rpo

targets(level) := {
	1: {"rpo_seconds": 60, "rto_seconds": 300, "rpo_text": "1 min", "rto_text": "5 min"},
	3: {"rpo_seconds": 86400, "rto_seconds": 14400, "rpo_text": "1 d", "rto_text": "4 h"},
}[level]

input_with(est) := {
	"resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {}}},
	"types": {"AWS::DynamoDB::Table": ["T"]},
	"estimates": {"resources": {"T": est}},
}

test_fails_tier1_table_with_daily_backup_only if {
	est := {"tier": 1, "scenario": "region", "targets": targets(1), "rpo": {"seconds": 86400, "text": "1 d", "unknown": false, "evidence": "daily AWS Backup, copied to us-west-2"}}
	some f in rpo.deny with input as input_with(est)
	f.resource == "T"
	contains(f.message, "estimated RPO 1 d vs target <= 1 min")
	contains(f.message, "global table")
	f.details.target_seconds == 60
}

test_fails_without_any_recovery_point if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": targets(3), "rpo": {"text": "no recovery point", "unknown": false, "evidence": "no point-in-time recovery, backup or replica"}}
	some f in rpo.deny with input as input_with(est)
	contains(f.message, "point-in-time recovery")
}

test_passes_tier3_with_pitr if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": targets(3), "rpo": {"seconds": 300, "text": "5 min", "unknown": false, "evidence": "pitr"}}
	count(rpo.deny) == 0 with input as input_with(est)
}

test_passes_daily_backup_meets_tier3 if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": targets(3), "rpo": {"seconds": 86400, "text": "1 d", "unknown": false, "evidence": "daily"}}
	count(rpo.deny) == 0 with input as input_with(est)
}

test_passes_when_unknown if {
	est := {"tier": 1, "scenario": "region", "targets": targets(1), "rpo": {"text": "unknown", "unknown": true, "evidence": "PointInTimeRecoveryEnabled is not resolved"}}
	count(rpo.deny) == 0 with input as input_with(est)
}

test_passes_when_tier_not_set if {
	est := {"tier": 0, "scenario": "availability-zone", "rpo": {"text": "no recovery point", "unknown": false, "evidence": ""}}
	count(rpo.deny) == 0 with input as input_with(est)
}

test_unknown_estimate_reported_in_strict_mode if {
	est := {"tier": 1, "scenario": "region", "targets": targets(1), "rpo": {"text": "unknown", "unknown": true, "evidence": "PointInTimeRecoveryEnabled is not resolved"}}
	count(rpo.deny) == 0 with input as input_with(est)
	count(rpo.unknowns) == 1 with input as input_with(est)
}

test_unknown_not_reported_for_known_estimates if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": targets(3), "rpo": {"text": "no recovery point", "unknown": false, "evidence": "no point-in-time recovery, backup or replica"}}
	count(rpo.unknowns) == 0 with input as input_with(est)
}
