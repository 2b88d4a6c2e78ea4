package bulwark.rules.multi_az.classic_elb_zones_test

import data.bulwark.rules.multi_az.classic_elb_zones
import data.bulwark.testing

elb(props) := {"Type": "AWS::ElasticLoadBalancing::LoadBalancer", "Properties": props}

test_fails_with_one_zone if {
	res := classic_elb_zones.deny with input as testing.template({"Elb": elb({"AvailabilityZones": ["us-east-1a"]})})
	some f in res
	f.path == ["Properties", "AvailabilityZones"]
	contains(f.message, "Classic load balancer Elb has only 1 Availability Zone")
}

test_fails_with_the_same_zone_twice if {
	count(classic_elb_zones.deny) == 1 with input as testing.template({"Elb": elb({"AvailabilityZones": [
		{"Fn::Select": [1, {"Fn::GetAZs": ""}]},
		{"Fn::Select": [1, {"Fn::GetAZs": {"Ref": "AWS::Region"}}]},
	]})})
}

test_fails_with_one_subnet if {
	res := classic_elb_zones.deny with input as testing.template({"Elb": elb({"Subnets": [{"Ref": "SubnetParam"}]})})
	some f in res
	f.path == ["Properties", "Subnets"]
}

test_passes_with_two_zones if {
	count(classic_elb_zones.deny) == 0 with input as testing.template({"Elb": elb({"AvailabilityZones": ["us-east-1a", "us-east-1b"]})})
}

test_passes_with_getazs if {
	count(classic_elb_zones.deny) == 0 with input as testing.template({"Elb": elb({"AvailabilityZones": {"Fn::GetAZs": ""}})})
}

test_passes_when_zones_cannot_be_compared if {
	count(classic_elb_zones.deny) == 0 with input as testing.template({"Elb": elb({"AvailabilityZones": ["us-east-1a", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}]})})
}

test_unknown_when_zones_cannot_be_compared if {
	inp := testing.template({"Elb": elb({"AvailabilityZones": ["us-east-1a", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}]})})
	count(classic_elb_zones.deny) == 0 with input as inp
	classic_elb_zones.unknowns == {{
		"resource": "Elb",
		"path": ["Properties", "AvailabilityZones"],
		"message": "Classic load balancer Elb: AvailabilityZones is not resolved, so whether it runs in more than one Availability Zone is unknown",
	}} with input as inp
}

test_unknown_when_subnets_unresolved if {
	inp := testing.template({"Elb": elb({"Subnets": {"Ref": "SubnetIds"}})})
	count(classic_elb_zones.deny) == 0 with input as inp
	res := classic_elb_zones.unknowns with input as inp
	count(res) == 1
	some f in res
	f.path == ["Properties", "Subnets"]
}

test_no_unknown_when_known if {
	count(classic_elb_zones.unknowns) == 0 with input as testing.template({"Elb": elb({"AvailabilityZones": {"Fn::GetAZs": ""}})})
	count(classic_elb_zones.unknowns) == 0 with input as testing.template({"Elb": elb({"AvailabilityZones": ["us-east-1a"]})})
	count(classic_elb_zones.unknowns) == 0 with input as testing.template({"Elb": elb({"Subnets": [{"Ref": "S"}]})})
}
