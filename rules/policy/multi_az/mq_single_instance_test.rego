package bulwark.rules.multi_az.mq_single_instance_test

import data.bulwark.rules.multi_az.mq_single_instance
import data.bulwark.testing

broker(mode) := {"Type": "AWS::AmazonMQ::Broker", "Properties": {"DeploymentMode": mode, "EngineType": "ACTIVEMQ"}}

test_fails_single_instance if {
	mq_single_instance.deny == {{
		"resource": "Mq",
		"path": ["Properties", "DeploymentMode"],
		"message": "Amazon MQ broker Mq has DeploymentMode SINGLE_INSTANCE: it runs in one Availability Zone with no standby to take over",
	}} with input as testing.template({"Mq": broker("SINGLE_INSTANCE")})
}

test_passes_active_standby_and_cluster if {
	inp := testing.template({"A": broker("ACTIVE_STANDBY_MULTI_AZ"), "B": broker("CLUSTER_MULTI_AZ")})
	count(mq_single_instance.deny) == 0 with input as inp
	count(mq_single_instance.unknowns) == 0 with input as inp
}

test_unknown_when_mode_is_a_parameter if {
	inp := testing.template({"Mq": broker({"Ref": "Mode"})})
	count(mq_single_instance.deny) == 0 with input as inp
	count(mq_single_instance.unknowns) == 1 with input as inp
}
