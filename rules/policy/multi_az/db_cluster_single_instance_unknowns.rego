# What the rule in db_cluster_single_instance.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.db_cluster_single_instance

import data.bulwark.lib

# In --strict mode: an Aurora cluster whose Engine or EngineMode is
# unresolved, or a cluster with one instance in the template while another
# instance of the same engine names its cluster by an unresolved value.
unknowns contains lib.finding(id, ["Properties", k], msg) if {
	some id, r in lib.resources(["AWS::RDS::DBCluster"])
	some k in ["Engine", "EngineMode"]
	lib.unknown(object.get(r.Properties, k, null))
	msg := sprintf("DB cluster %s: %s is not resolved, so whether it is an Aurora cluster that depends on a single DB instance is unknown", [id, k])
}

unknowns contains lib.finding(id, [], msg) if {
	some id, ids in members
	count(ids) == 1
	r := clusters[id]
	instance_type[r.Type] in unplaced_types
	msg := sprintf("%s cluster %s: the DBClusterIdentifier of another %s is not resolved, so whether the cluster has more than one DB instance is unknown", [engine(r), id, instance_type[r.Type]])
}
