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
