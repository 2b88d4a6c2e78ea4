package bulwark.rules.pitr.dynamodb_pitr_test

import data.bulwark.rules.pitr.dynamodb_pitr
import data.bulwark.testing

tmpl(resources) := testing.template(resources)

table(props) := {"Type": "AWS::DynamoDB::Table", "Properties": props}

test_fails_without_specification if {
	count(dynamodb_pitr.deny) == 1 with input as tmpl({"T": table({})})
}

test_fails_when_disabled_string if {
	res := dynamodb_pitr.deny with input as tmpl({"T": table({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": "false"}})})
	some f in res
	f.path == ["Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]
}

test_fails_for_simple_table if {
	count(dynamodb_pitr.deny) == 1 with input as tmpl({"S": {"Type": "AWS::Serverless::SimpleTable", "Properties": {}}})
}

test_passes_when_enabled if {
	count(dynamodb_pitr.deny) == 0 with input as tmpl({"T": table({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}})})
}

test_passes_when_enabled_string if {
	count(dynamodb_pitr.deny) == 0 with input as tmpl({"T": table({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": "True"}})})
}

test_passes_when_unknown if {
	count(dynamodb_pitr.deny) == 0 with input as tmpl({"T": table({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": {"Ref": "EnablePitr"}}})})
}

test_unknown_when_enabled_unresolved if {
	inp := tmpl({"T": table({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": {"Ref": "EnablePitr"}}})})
	count(dynamodb_pitr.deny) == 0 with input as inp
	count(dynamodb_pitr.unknowns) == 1 with input as inp
}

test_unknown_when_specification_unresolved if {
	inp := tmpl({"T": table({"PointInTimeRecoverySpecification": {"Fn::If": ["Prod", {"PointInTimeRecoveryEnabled": true}, {"Ref": "AWS::NoValue"}]}})})
	count(dynamodb_pitr.deny) == 0 with input as inp
	dynamodb_pitr.unknowns == {{
		"resource": "T",
		"path": ["Properties", "PointInTimeRecoverySpecification"],
		"message": "DynamoDB table T: PointInTimeRecoverySpecification is not resolved, so whether point-in-time recovery is on is unknown",
	}} with input as inp
}

test_no_unknown_when_known if {
	# PITR on; only the recovery period is unresolved.
	count(dynamodb_pitr.unknowns) == 0 with input as tmpl({"T": table({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true, "RecoveryPeriodInDays": {"Ref": "Days"}}})})
	count(dynamodb_pitr.unknowns) == 0 with input as tmpl({"T": table({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": false}})})
	count(dynamodb_pitr.unknowns) == 0 with input as tmpl({"T": table({})})
}
