package bulwark.rules.tier.rto_test

import data.bulwark.rules.tier.rto

input_with(typ, est) := {
	"resources": {"R": {"Type": typ, "Properties": {}}},
	"types": {typ: ["R"]},
	"estimates": {"resources": {"R": est}},
}

tier3 := {"rpo_seconds": 86400, "rto_seconds": 14400, "rpo_text": "1 d", "rto_text": "4 h"}

test_fails_single_az_database_restore if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": tier3, "rto": {"seconds": 28800, "text": "8 h", "unknown": false, "evidence": "single-AZ: recovery is a restore"}}
	some f in rto.deny with input as input_with("AWS::RDS::DBInstance", est)
	contains(f.message, "estimated RTO 8 h vs target <= 4 h")
	contains(f.message, "set MultiAZ: true")
}

test_fails_unbounded if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": tier3, "rto": {"text": "no recovery point", "unknown": false, "evidence": "One Zone file system with no backup"}}
	some f in rto.deny with input as input_with("AWS::EFS::FileSystem", est)
	contains(f.message, "remove AvailabilityZoneName")
}

test_passes_at_the_target if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": tier3, "rto": {"seconds": 14400, "text": "4 h", "unknown": false, "evidence": "x"}}
	count(rto.deny) == 0 with input as input_with("AWS::RDS::DBInstance", est)
}

test_passes_multi_az if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": tier3, "rto": {"seconds": 120, "text": "2 min", "unknown": false, "evidence": "MultiAZ true"}}
	count(rto.deny) == 0 with input as input_with("AWS::RDS::DBInstance", est)
}

test_passes_when_unknown if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": tier3, "rto": {"text": "unknown", "unknown": true, "evidence": "subnets are not resolved"}}
	count(rto.deny) == 0 with input as input_with("AWS::ECS::Service", est)
}

test_unknown_estimate_reported_in_strict_mode if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": tier3, "rto": {"text": "unknown", "unknown": true, "evidence": "subnets are not resolved"}}
	count(rto.deny) == 0 with input as input_with("AWS::ECS::Service", est)
	count(rto.unknowns) == 1 with input as input_with("AWS::ECS::Service", est)
}

test_unknown_not_reported_for_known_estimates if {
	est := {"tier": 3, "scenario": "availability-zone", "targets": tier3, "rto": {"seconds": 28800, "text": "8 h", "unknown": false, "evidence": "single-AZ: recovery is a restore"}}
	count(rto.unknowns) == 0 with input as input_with("AWS::RDS::DBInstance", est)
}
