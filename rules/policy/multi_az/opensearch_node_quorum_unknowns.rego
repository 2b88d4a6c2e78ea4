# What the rule in opensearch_node_quorum.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.multi_az.opensearch_node_quorum

import data.bulwark.lib

# In --strict mode: the data node count, DedicatedMasterEnabled, or (with
# dedicated masters on) DedicatedMasterCount is unresolved.
unknowns contains lib.finding(id, at, msg) if {
	some id, r in domains
	key := config_key[r.Type]
	some [prop, needed] in [["InstanceCount", true], ["DedicatedMasterEnabled", true], ["DedicatedMasterCount", _masters_on(r, key)]]
	needed
	path := ["Properties", key, prop]
	lib.unknown(lib.get(r, path, null))
	at := lib.at(r, path)
	msg := sprintf("%s %s: %s is not resolved, so whether it has three data nodes and three dedicated master nodes is unknown", [label[r.Type], id, at[count(at) - 1]])
}

_masters_on(r, key) := true if {
	lib.is_true(lib.get(r, ["Properties", key, "DedicatedMasterEnabled"], false))
} else := false
