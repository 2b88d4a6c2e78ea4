package bulwark.rules.multi_az.classic_elb_cross_zone_test

import data.bulwark.rules.multi_az.classic_elb_cross_zone
import data.bulwark.testing

clb(props) := {"Type": "AWS::ElasticLoadBalancing::LoadBalancer", "Properties": props}

test_fails_without_cross_zone if {
	classic_elb_cross_zone.deny == {{
		"resource": "Lb",
		"path": ["Properties"],
		"message": "Classic load balancer Lb does not set CrossZone, so cross-zone load balancing is off: each node sends requests only to the instances of its own Availability Zone",
	}} with input as testing.template({"Lb": clb({"AvailabilityZones": ["a", "b"]})})
}

test_fails_with_cross_zone_false_string if {
	some f in classic_elb_cross_zone.deny with input as testing.template({"Lb": clb({"CrossZone": "false"})})
	f.path == ["Properties", "CrossZone"]
	contains(f.message, "sets CrossZone to false")
}

test_fails_with_cross_zone_false if {
	some f in classic_elb_cross_zone.deny with input as testing.template({"Lb": clb({"CrossZone": false})})
	contains(f.message, "sets CrossZone to false")
}

test_passes_with_cross_zone if {
	inp := testing.template({"A": clb({"CrossZone": true}), "B": clb({"CrossZone": "true"})})
	count(classic_elb_cross_zone.deny) == 0 with input as inp
	count(classic_elb_cross_zone.unknowns) == 0 with input as inp
}

test_unknown_when_cross_zone_is_conditional if {
	inp := testing.template({"Lb": clb({"CrossZone": {"Fn::If": ["Prod", true, false]}})})
	count(classic_elb_cross_zone.deny) == 0 with input as inp
	count(classic_elb_cross_zone.unknowns) == 1 with input as inp
}
