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
