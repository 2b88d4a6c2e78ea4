package bulwark.rules.health_check.asg_elb_health_check_test

import data.bulwark.rules.health_check.asg_elb_health_check
import data.bulwark.testing

asg(props) := {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": object.union({"MinSize": "2", "MaxSize": "4"}, props)}

test_fails_with_default_type if {
	res := asg_elb_health_check.deny with input as testing.template({"Asg": asg({"TargetGroupARNs": [{"Ref": "Tg"}]})})
	some f in res
	f.path == ["Properties"]
	contains(f.message, "Auto Scaling group Asg serves a load balancer (TargetGroupARNs) but uses EC2 health checks")
}

test_fails_with_explicit_ec2 if {
	res := asg_elb_health_check.deny with input as testing.template({"Asg": asg({"LoadBalancerNames": ["classic"], "HealthCheckType": "EC2"})})
	some f in res
	f.path == ["Properties", "HealthCheckType"]
}

test_passes_with_elb_type if {
	count(asg_elb_health_check.deny) == 0 with input as testing.template({"Asg": asg({"TargetGroupARNs": [{"Ref": "Tg"}], "HealthCheckType": "ELB"})})
}

test_passes_without_load_balancer if {
	count(asg_elb_health_check.deny) == 0 with input as testing.template({"Asg": asg({"TargetGroupARNs": []})})
}

test_passes_when_unknown if {
	count(asg_elb_health_check.deny) == 0 with input as testing.template({
		"A": asg({"TargetGroupARNs": [{"Ref": "Tg"}], "HealthCheckType": {"Ref": "CheckType"}}),
		"B": asg({"TargetGroupARNs": {"Ref": "TargetGroups"}}),
		"C": asg({"TargetGroupARNs": [{"Fn::If": ["Public", {"Ref": "Tg"}, {"Ref": "AWS::NoValue"}]}]}),
	})
}

test_unknown_health_check_type if {
	inp := testing.template({"A": asg({"TargetGroupARNs": [{"Ref": "Tg"}], "HealthCheckType": {"Ref": "CheckType"}})})
	count(asg_elb_health_check.deny) == 0 with input as inp
	asg_elb_health_check.unknowns == {{
		"resource": "A",
		"path": ["Properties", "HealthCheckType"],
		"message": "Auto Scaling group A: HealthCheckType is not resolved, so whether instances failing the load balancer health check are replaced is unknown",
	}} with input as inp
}

test_unknown_target_groups if {
	inp := testing.template({
		"B": asg({"TargetGroupARNs": {"Ref": "TargetGroups"}}),
		"C": asg({"LoadBalancerNames": [{"Fn::If": ["Public", "classic", {"Ref": "AWS::NoValue"}]}], "HealthCheckType": "ec2"}),
	})
	count(asg_elb_health_check.deny) == 0 with input as inp
	{[f.resource, f.path] | some f in asg_elb_health_check.unknowns} == {
		["B", ["Properties", "TargetGroupARNs"]],
		["C", ["Properties", "LoadBalancerNames"]],
	} with input as inp
}

test_unknown_both_unresolved_reported_once if {
	inp := testing.template({"A": asg({"TargetGroupARNs": {"Ref": "TargetGroups"}, "HealthCheckType": {"Ref": "CheckType"}})})
	count(asg_elb_health_check.deny) == 0 with input as inp
	count(asg_elb_health_check.unknowns) == 1 with input as inp
}

test_no_unknowns_when_known_or_denied if {
	inp := testing.template({
		"Failing": asg({"TargetGroupARNs": [{"Ref": "Tg"}], "LoadBalancerNames": {"Ref": "Names"}}),
		"Elb": asg({"TargetGroupARNs": {"Ref": "TargetGroups"}, "HealthCheckType": "ELB"}),
		"NoLb": asg({"HealthCheckType": {"Ref": "CheckType"}}),
	})
	count(asg_elb_health_check.deny) == 1 with input as inp
	count(asg_elb_health_check.unknowns) == 0 with input as inp
}
