package bulwark.rules.multi_az.ecs_service_subnets_test

import data.bulwark.rules.multi_az.ecs_service_subnets
import data.bulwark.testing

service(subnets) := {"Type": "AWS::ECS::Service", "Properties": {"NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": subnets}}}}

test_fails_with_one_subnet if {
	res := ecs_service_subnets.deny with input as testing.template({"Svc": service([{"Ref": "Private"}])})
	some f in res
	f.resource == "Svc"
	f.path == ["Properties", "NetworkConfiguration", "AwsvpcConfiguration", "Subnets"]
	contains(f.message, "ECS service Svc has only 1 subnet")
}

test_fails_with_same_subnet_twice if {
	count(ecs_service_subnets.deny) == 1 with input as testing.template({"Svc": service(["subnet-1", "subnet-1"])})
}

test_passes_with_two_subnets if {
	count(ecs_service_subnets.deny) == 0 with input as testing.template({"Svc": service(["subnet-1", "subnet-2"])})
}

test_passes_when_subnets_unknown if {
	count(ecs_service_subnets.deny) == 0 with input as testing.template({"Svc": service({"Ref": "Subnets"})})
}

test_passes_without_awsvpc if {
	count(ecs_service_subnets.deny) == 0 with input as testing.template({"Svc": {"Type": "AWS::ECS::Service", "Properties": {}}})
}

test_unknown_when_subnets_unresolved if {
	inp := testing.template({"Svc": service({"Ref": "Subnets"})})
	count(ecs_service_subnets.deny) == 0 with input as inp
	ecs_service_subnets.unknowns == {{
		"resource": "Svc",
		"path": ["Properties", "NetworkConfiguration", "AwsvpcConfiguration", "Subnets"],
		"message": "ECS service Svc: Subnets is not resolved, so whether its tasks run in more than one Availability Zone is unknown",
	}} with input as inp
}

test_unknown_when_network_configuration_unresolved if {
	inp := testing.template({"Svc": {"Type": "AWS::ECS::Service", "Properties": {"NetworkConfiguration": {"Fn::If": ["Awsvpc", {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}]}}}})
	count(ecs_service_subnets.deny) == 0 with input as inp
	res := ecs_service_subnets.unknowns with input as inp
	count(res) == 1
	some f in res
	f.path == ["Properties", "NetworkConfiguration"]
	contains(f.message, "NetworkConfiguration is not resolved")
}

test_unknown_with_two_parameter_subnets if {
	inp := testing.template({"Svc": service([{"Ref": "A"}, {"Ref": "B"}])})
	count(ecs_service_subnets.deny) == 0 with input as inp
	count(ecs_service_subnets.unknowns) == 1 with input as inp
}

test_no_unknown_when_known if {
	count(ecs_service_subnets.unknowns) == 0 with input as testing.template({"Svc": service(["subnet-1", "subnet-2"])})
	count(ecs_service_subnets.unknowns) == 0 with input as testing.template({"Svc": service([{"Ref": "A"}])})
	count(ecs_service_subnets.unknowns) == 0 with input as testing.template({"Svc": {"Type": "AWS::ECS::Service", "Properties": {}}})
}
