package bulwark.rules.health_check.cloudfront_origin_failover_test

import data.bulwark.rules.health_check.cloudfront_origin_failover as rule
import data.bulwark.testing

tier(level, resources) := testing.template_input(resources, {"tier": {"level": level}})

dist(config) := {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": object.union({"Enabled": true}, config)}}

origin(id) := {"Id": id, "DomainName": sprintf("%s.example.com", [id])}

group := {"Quantity": 1, "Items": [{
	"Id": "g",
	"FailoverCriteria": {"StatusCodes": {"Quantity": 2, "Items": [502, 503]}},
	"Members": {"Quantity": 2, "Items": [{"OriginId": "a"}, {"OriginId": "b"}]},
}]}

test_fails_single_origin_in_tier_1 if {
	rule.deny == {{
		"resource": "Cdn",
		"path": ["Properties", "DistributionConfig"],
		"message": "CloudFront distribution Cdn has 1 origin and no origin group with FailoverCriteria in a tier 1 workload: when an origin fails, its requests fail with it",
	}} with input as tier(1, {"Cdn": dist({"Origins": [origin("a")]})})
}

test_fails_two_origins_without_group if {
	count(rule.deny) == 1 with input as tier(2, {"Cdn": dist({"Origins": [origin("a"), origin("b")]})})
}

test_passes_with_failover_group if {
	inp := tier(1, {"Cdn": dist({"Origins": [origin("a"), {"Id": "b", "DomainName": {"Fn::GetAtt": ["Bucket", "RegionalDomainName"]}}], "OriginGroups": group})})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 0 with input as inp
}

test_passes_in_tier_3 if {
	count(rule.deny) == 0 with input as tier(3, {"Cdn": dist({"Origins": [origin("a")]})})
}

test_unknown_when_origin_groups_conditional if {
	inp := tier(1, {"Cdn": dist({"Origins": [origin("a"), origin("b")], "OriginGroups": {"Fn::If": ["Dr", group, {"Ref": "AWS::NoValue"}]}})})
	count(rule.deny) == 0 with input as inp
	count(rule.unknowns) == 1 with input as inp
}
