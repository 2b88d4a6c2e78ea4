package bulwark.rules.backup.data_store_uncovered_test

import data.bulwark.rules.backup.data_store_uncovered
import data.bulwark.testing

selection(sel) := {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": {"Ref": "Plan"}, "BackupSelection": sel}}

table(props) := {"Type": "AWS::DynamoDB::Table", "Properties": props}

fs := {"Type": "AWS::EFS::FileSystem", "Properties": {}}

deny_for(resources) := res if {
	res := data_store_uncovered.deny with input as testing.template(resources)
}

test_fails_for_store_left_out if {
	res := deny_for({
		"Orders": table({}),
		"Users": table({}),
		"Files": fs,
		"Sel": selection({"Resources": [{"Fn::GetAtt": ["Orders", "Arn"]}]}),
	})
	{f.resource | some f in res} == {"Users", "Files"}
	some f in res
	f.resource == "Users"
	f.path == []
	contains(f.message, "DynamoDB table Users is not selected by any of the template's 1 AWS::Backup::BackupSelection resources")
}

test_fails_when_wildcard_is_for_other_type if {
	res := deny_for({
		"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "postgres"}},
		"Sel": selection({"Resources": ["arn:aws:dynamodb:*:*:table/*"]}),
	})
	count(res) == 1
}

test_fails_when_named_table_does_not_match_pattern if {
	res := deny_for({
		"Orders": table({"TableName": "orders"}),
		"Sel": selection({"Resources": [{"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/users-*"}]}),
	})
	count(res) == 1
}

test_fails_when_excluded_by_not_resources if {
	res := deny_for({
		"Orders": table({}),
		"Sel": selection({"Resources": ["*"], "NotResources": [{"Fn::GetAtt": ["Orders", "Arn"]}]}),
	})
	count(res) == 1
}

test_passes_with_wildcard if {
	count(deny_for({"Orders": table({}), "Files": fs, "Sel": selection({"Resources": ["*"]})})) == 0
}

test_passes_with_type_wildcards if {
	count(deny_for({
		"Orders": table({}),
		"Files": fs,
		"Db": {"Type": "AWS::RDS::DBCluster", "Properties": {}},
		"Sel": selection({"Resources": [
			"arn:aws:dynamodb:*:*:table/*",
			{"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "elasticfilesystem", {"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}, "file-system/*"]]},
			"arn:aws:rds:us-east-1:111122223333:cluster:*",
		]}),
	})) == 0
}

test_passes_with_sub_reference if {
	count(deny_for({
		"Orders": table({}),
		"Sel": selection({"Resources": [{"Fn::Sub": "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Orders}"}]}),
	})) == 0
}

test_passes_with_named_table_matching_pattern if {
	count(deny_for({
		"Orders": table({"TableName": "orders-prod"}),
		"Sel": selection({"Resources": ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders-*"]}),
	})) == 0
}

test_passes_with_tag_selection if {
	count(deny_for({
		"Orders": table({}),
		"Sel": selection({"ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}]}),
	})) == 0
}

test_passes_with_conditions if {
	count(deny_for({
		"Orders": table({}),
		"Sel": selection({"Resources": ["*"], "Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/backup", "ConditionValue": "yes"}]}}),
	})) == 0
}

test_passes_when_entry_unknown if {
	count(deny_for({
		"Orders": table({}),
		"Sel": selection({"Resources": [{"Fn::ImportValue": "orders-table-arn"}]}),
	})) == 0
}

test_passes_when_resources_unknown if {
	count(deny_for({"Orders": table({}), "Sel": selection({"Resources": {"Ref": "Arns"}})})) == 0
}

test_passes_when_pattern_may_match_generated_name if {
	count(deny_for({"Orders": table({}), "Sel": selection({"Resources": ["arn:aws:dynamodb:*:*:table/prod-*"]})})) == 0
}

test_passes_without_selections if {
	count(deny_for({"Orders": table({})})) == 0
}

test_passes_for_cluster_members if {
	count(deny_for({
		"Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {}},
		"Member": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBClusterIdentifier": {"Ref": "Cluster"}}},
		"Sel": selection({"Resources": [{"Fn::GetAtt": ["Cluster", "DBClusterArn"]}]}),
	})) == 0
}

unknowns_for(resources) := res if {
	res := data_store_uncovered.unknowns with input as testing.template(resources)
}

test_unknown_when_entry_unknown if {
	resources := {
		"Orders": table({}),
		"Sel": selection({"Resources": [{"Fn::ImportValue": "orders-table-arn"}]}),
	}
	count(deny_for(resources)) == 0
	unknowns_for(resources) == {{
		"resource": "Orders",
		"path": [],
		"message": "DynamoDB table Orders: an entry of the Resources of backup selection Sel is not resolved, so whether AWS Backup backs it up is unknown",
	}}
}

test_unknown_when_pattern_may_match_generated_name if {
	resources := {"Orders": table({}), "Sel": selection({"Resources": ["arn:aws:dynamodb:*:*:table/prod-*"]})}
	count(deny_for(resources)) == 0
	res := unknowns_for(resources)
	count(res) == 1
	some f in res
	contains(f.message, "an ARN pattern in the Resources of backup selection Sel may match it")
}

test_unknown_when_reference_is_conditional if {
	resources := {
		"Orders": table({}),
		"Users": table({}),
		"Sel": selection({"Resources": [
			{"Fn::If": ["Prod", {"Fn::GetAtt": ["Orders", "Arn"]}]},
			{"Fn::GetAtt": ["Users", "Arn"]},
		]}),
	}
	count(deny_for(resources)) == 0
	{f.resource | some f in unknowns_for(resources)} == {"Orders"}
}

test_unknown_with_tag_selection if {
	resources := {
		"Orders": table({}),
		"Files": fs,
		"Tags": selection({"ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}]}),
		"Explicit": selection({"Resources": [{"Fn::GetAtt": ["Files", "Arn"]}]}),
	}
	count(deny_for(resources)) == 0

	# Files is covered by a plain selection; Orders may be selected by tags.
	unknowns_for(resources) == {{
		"resource": "Orders",
		"path": [],
		"message": "DynamoDB table Orders: backup selection Tags selects by ListOfTags, so whether AWS Backup backs it up is unknown",
	}}
}

test_unknown_when_resources_unknown if {
	resources := {"Orders": table({}), "Sel": selection({"Resources": {"Ref": "Arns"}}), "Sel2": selection({"Fn::If": ["Prod", {"Resources": ["*"]}]})}
	count(deny_for(resources)) == 0
	res := unknowns_for(resources)
	count(res) == 1
	some f in res
	f.message == "DynamoDB table Orders: the Resources of backup selection Sel is not resolved (and 1 more selections), so whether AWS Backup backs it up is unknown"
}

test_no_unknown_when_known if {
	# Covered, or denied.
	count(unknowns_for({"Orders": table({}), "Files": fs, "Sel": selection({"Resources": ["*"]})})) == 0
	count(unknowns_for({
		"Orders": table({}),
		"Users": table({}),
		"Sel": selection({"Resources": [{"Fn::GetAtt": ["Orders", "Arn"]}]}),
	})) == 0
	count(unknowns_for({"Orders": table({})})) == 0
	count(unknowns_for({
		"Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {}},
		"Member": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBClusterIdentifier": {"Ref": "Cluster"}}},
		"Sel": selection({"Resources": [{"Fn::GetAtt": ["Cluster", "DBClusterArn"]}]}),
	})) == 0
}

test_unknown_names_the_first_unresolved_property_of_a_selection if {
	# Two unresolved properties: one reason, in the order ListOfTags,
	# Conditions, Resources, NotResources (not a conflict between two).
	resources := {"Orders": table({}), "Sel": selection({"Resources": {"Ref": "Arns"}, "Conditions": {"Ref": "Conds"}})}
	count(deny_for(resources)) == 0
	unknowns_for(resources) == {{
		"resource": "Orders",
		"path": [],
		"message": "DynamoDB table Orders: the Conditions of backup selection Sel is not resolved, so whether AWS Backup backs it up is unknown",
	}}
}

# Literal ARNs are looked up by name once: the one they name is covered,
# a store of another name is not, and a store whose name CloudFormation
# generates may be the one named.
test_fails_literal_arn_of_another_name if {
	literal := "arn:aws:rds:eu-west-1:111122223333:cluster:orders"
	res := deny_for({
		"Orders": {"Type": "AWS::RDS::DBCluster", "Properties": {"DBClusterIdentifier": "Orders"}},
		"Users": {"Type": "AWS::RDS::DBCluster", "Properties": {"DBClusterIdentifier": "users"}},
		"Sel": selection({"Resources": [literal], "NotResources": ["arn:aws:rds:eu-west-1:111122223333:db:other"]}),
	})
	{f.resource | some f in res} == {"Users"}
}

test_unknown_literal_arn_and_unnamed_store if {
	inp := testing.template({
		"Orders": {"Type": "AWS::RDS::DBCluster", "Properties": {}},
		"Sel": selection({"Resources": ["arn:aws:rds:eu-west-1:111122223333:cluster:orders"]}),
	})
	count(data_store_uncovered.deny) == 0 with input as inp
	data_store_uncovered.unknowns == {{
		"resource": "Orders",
		"path": [],
		"message": "RDS DB cluster Orders: an ARN pattern in the Resources of backup selection Sel may match it (its name is not set in the template), so whether AWS Backup backs it up is unknown",
	}} with input as inp
}
