package bulwark.rules.acme.queue_name_test

import data.bulwark.rules.acme.queue_name

test_fails_unnamed if {
	count(queue_name.deny) == 1 with input as {"resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {}}}}
}

test_passes_named if {
	count(queue_name.deny) == 0 with input as {"resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "q"}}}}
}

test_broken if {
	count(queue_name.deny) == 5 with input as {"resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {}}}}
}
