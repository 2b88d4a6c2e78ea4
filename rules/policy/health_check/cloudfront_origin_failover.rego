# METADATA
# title: CloudFront distribution of a critical workload without origin failover
# description: >-
#   A CloudFront distribution without an origin group sends each request
#   to one origin: when that origin (a bucket, a load balancer, a Region)
#   fails, viewers get errors although the edge is healthy. An origin group
#   with FailoverCriteria retries a second origin on the listed status
#   codes. Checked for tier 1 and 2 workloads; templates without a tier are
#   not checked.
# custom:
#   id: BW-HEALTH-CHECK-007
#   severity: medium
#   concern: health-check
#   well_architected: [REL11-BP02, REL10-BP01]
#   resource_types: [AWS::CloudFront::Distribution]
#   inputs: [template, account]
#   tiers: [1, 2]
#   remediation: >-
#     Add a second origin (e.g. a bucket or load balancer in another Region)
#     and an OriginGroups item with both as Members and FailoverCriteria
#     StatusCodes (500, 502, 503, 504), and point the cache behaviors at the
#     origin group.
package bulwark.rules.health_check.cloudfront_origin_failover

import data.bulwark.lib

level := lib.number(input.tier.level)

path := ["Properties", "DistributionConfig", "OriginGroups"]

deny contains lib.finding(id, lib.at(r, path), msg) if {
	level in {1, 2}
	some id, r in lib.resources(["AWS::CloudFront::Distribution"])
	origins := lib.get(r, ["Properties", "DistributionConfig", "Origins"], null)
	groups := lib.get(r, path, null)
	not lib.unknown(groups)
	not _failover(groups)
	msg := sprintf("CloudFront distribution %s has %s and no origin group with FailoverCriteria in a tier %v workload: when an origin fails, its requests fail with it", [id, _origins(origins), level])
}

_failover(groups) if {
	some g in lib.list(groups.Items)
	g.FailoverCriteria
	count(lib.list(g.Members.Items)) >= 2
}

_origins(o) := "1 origin" if count(lib.list(o)) == 1

_origins(o) := sprintf("%d origins", [count(o)]) if count(lib.list(o)) != 1

_origins(o) := "origins" if not lib.list(o)
