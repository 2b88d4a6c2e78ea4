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

tier1 := {"rpo_seconds": 60, "rto_seconds": 300, "rpo_text": "1 min", "rto_text": "5 min"}

slow_failover := {"seconds": 390, "text": "6.5 min", "unknown": false, "evidence": "Route 53 failover: health check H detects in 30 s x 3, record TTL 300 s"}

test_fails_compute_behind_a_slow_failover if {
	est := {"tier": 1, "scenario": "region", "targets": tier1, "rto": slow_failover}
	some f in rto.deny with input as input_with("AWS::ElasticLoadBalancingV2::LoadBalancer", est)
	contains(f.message, "judged against the loss of a Region")
	contains(f.message, "estimated RTO 6.5 min vs target <= 5 min")
	contains(f.message, "RequestInterval 10")
}

test_fails_slow_failover_record if {
	est := {"tier": 1, "scenario": "region", "targets": tier1, "rto": slow_failover}
	some f in rto.deny with input as input_with("AWS::Route53::RecordSet", est)
	contains(f.message, "shorter TTL on the failover record")
}

test_passes_fast_failover_record if {
	est := {"tier": 1, "scenario": "region", "targets": tier1, "rto": {"seconds": 150, "text": "2.5 min", "unknown": false, "evidence": "Route 53 failover"}}
	count(rto.deny) == 0 with input as input_with("AWS::Route53::RecordSet", est)
}

test_unknown_compute_without_a_failover_record if {
	est := {"tier": 2, "scenario": "region", "targets": tier1, "rto": {"text": "unknown", "unknown": true, "evidence": "no Route 53 failover record in this template"}}
	count(rto.deny) == 0 with input as input_with("AWS::AutoScaling::AutoScalingGroup", est)
	some f in rto.unknowns with input as input_with("AWS::AutoScaling::AutoScalingGroup", est)
	contains(f.message, "the RTO estimate is unknown (no Route 53 failover record")
}
