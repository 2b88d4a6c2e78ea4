# METADATA
# title: RDS DB instance without Multi-AZ
# description: >-
#   A single-AZ RDS DB instance (including a read replica) has no standby:
#   an instance, storage or Availability Zone failure means downtime until
#   it is replaced or restored. Aurora and Multi-AZ DB cluster members are
#   placed by their cluster and are not checked here. An engine without a
#   Multi-AZ option (SQL Server Express Edition, see lib/rds_engines.rego)
#   cannot be fixed by the flag: it is reported, with its own message, only
#   in a tier 1 to 3 workload, whose targets need a standby.
# custom:
#   id: BW-MULTI-AZ-005
#   severity: high
#   concern: multi-az
#   well_architected: [REL10-BP01, REL11-BP02]
#   resource_types: [AWS::RDS::DBInstance]
#   inputs: [template, account]
#   remediation: >-
#     Set MultiAZ: true on the DB instance so RDS keeps a synchronous standby
#     in another Availability Zone and fails over to it automatically (for
#     SQL Server Express, which has no Multi-AZ option, move to Standard,
#     Enterprise or Web edition first).
package bulwark.rules.multi_az.rds_multi_az

import data.bulwark.lib

deny contains lib.finding(id, lib.at(r, ["Properties", "MultiAZ"]), msg) if {
	some id, r in lib.resources(["AWS::RDS::DBInstance"])
	not lib.rds_cluster_member(r)
	not lib.rds_engine_without_multi_az(r)
	multi_az := object.get(r, ["Properties", "MultiAZ"], false)
	not lib.unknown(multi_az)
	not lib.is_true(multi_az)
	msg := sprintf("RDS DB %s %s is single-AZ (MultiAZ %s): it has no standby in another Availability Zone", [kind(r), id, shown(r)])
}

# An engine without a Multi-AZ option: the flag cannot help, the edition
# must change. Only tier 1-3 targets (multi-AZ or better) need a standby.
deny contains lib.finding(id, lib.at(r, ["Properties", "Engine"]), msg) if {
	some id, r in lib.resources(["AWS::RDS::DBInstance"])
	not lib.rds_cluster_member(r)
	e := lib.rds_engine_without_multi_az(r)
	level := lib.number(input.tier.level)
	level <= 3
	not lib.is_true(object.get(r, ["Properties", "MultiAZ"], false))
	msg := sprintf("RDS DB %s %s runs %s (%s), which has no Multi-AZ option: it has no standby in another Availability Zone, which tier %v needs, and MultiAZ: true cannot add one; use %s with MultiAZ: true", [kind(r), id, e.engine, e.edition, level, e.instead])
}

kind(r) := "read replica" if lib.rds_read_replica(r)

kind(r) := "instance" if not lib.rds_read_replica(r)

shown(r) := sprintf("%v", [r.Properties.MultiAZ])

shown(r) := "not set" if not has_multi_az(r)

has_multi_az(r) if r.Properties.MultiAZ

has_multi_az(r) if r.Properties.MultiAZ == false
