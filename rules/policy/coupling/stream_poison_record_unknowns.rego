# What the rule in stream_poison_record.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.coupling.stream_poison_record

import data.bulwark.lib

# In --strict mode: a mapping whose source is unresolved (it may be a
# stream), or a stream consumer whose retry limits or on-failure
# destination are unresolved.
unknowns contains lib.finding(id, array.concat(path, ["EventSourceArn"]), msg) if {
	some [id, path, p, null] in consumers
	_would_fail(p)
	msg := sprintf("%s: EventSourceArn is not resolved, so whether it reads a stream whose shard a failing record can block is unknown", [what(id, path)])
}

unknowns contains lib.finding(id, array.concat(path, [k]), msg) if {
	some [id, path, p, kind] in consumers
	kind != "other"
	some k in ["MaximumRetryAttempts", "MaximumRecordAgeInSeconds"]
	lib.unknown(object.get(p, k, null))
	not _reported[[id, path]]
	msg := sprintf("%s: %s is not resolved, so whether a failing record blocks its shard or is dropped without a trace is unknown", [what(id, path), k])
}

unknowns contains lib.finding(id, array.concat(path, ["DestinationConfig"]), msg) if {
	some [id, path, p, kind] in consumers
	kind != "other"
	lib.maybe_absent(destination(p))
	not _reported[[id, path]]
	msg := sprintf("%s: DestinationConfig is not resolved, so whether failing records are kept anywhere is unknown", [what(id, path)])
}

_reported := {[f.resource, f.path] | some f in deny}

# Settings that fail the rule when the source is a stream.
_would_fail(p) if unbounded(p)

_would_fail(p) if destination(p) == null
