# What the rule in data_store_uncovered.rego could not verify: read only with --strict
# (see rules/README.md). Helpers here serve `unknowns` only.
package bulwark.rules.backup.data_store_uncovered

import data.bulwark.lib

# Some selection selects by tags or conditions, or is unresolved, so any
# store no plain selection covers may be selected.
unknowns contains lib.finding(id, [], msg) if {
	count(selections) > 0
	coverage_unknown
	some t, spec in stores
	some id, r in lib.resources([t])
	not skipped(r)
	not id in _named_plain
	not _covered_plain(id, r, spec)
	msg := sprintf("%s %s: %s, so whether AWS Backup backs it up is unknown", [spec.label, id, _open_reason])
}

# Every selection is plain, and an entry that cannot be matched (an
# unresolved entry, or an ARN pattern against a name the template does not
# set) may select the store.
unknowns contains lib.finding(id, [], msg) if {
	count(selections) > 0
	not coverage_unknown
	some t, spec in stores
	some id, r in lib.resources([t])
	not skipped(r)
	not id in named
	not covered(id, r, spec)
	maybe_covered(id, r, spec)
	reasons := sort([why |
		some [sid, k, e] in relevant[id]
		entry(e, id, r, spec) == "unknown"
		_relevant(k, sid, id, r, spec)
		why := _entry_reason(e, k, sid)
	])
	msg := sprintf("%s %s: %s, so whether AWS Backup backs it up is unknown", [spec.label, id, reasons[0]])
}

_plain_ids := {sid | some sid, sel in by_id; plain(sel)}

_named_plain contains id if {
	some sid in _plain_ids
	sel := by_id[sid]
	not sel.NotResources
	some e in object.get(sel, "Resources", [])
	not is_string(e)
	not conditional(e)
	some id in lib.refs(e)
}

# Covered by a plain selection: the entries that may concern the store,
# restricted to plain selections.
_covered_plain(id, r, spec) if {
	st := {x | some x in statuses(id, r, spec); x[0] in _plain_ids}
	some [sid, "Resources", "match"] in st
	not _not_resources_open(st, sid)
}

# An unknown NotResources entry matters only when a Resources entry of the
# same selection matches.
_relevant("Resources", _, _, _, _)

_relevant("NotResources", sid, id, r, spec) if {
	[sid, "Resources", "match"] in statuses(id, r, spec)
}

_entry_reason(e, k, sid) := sprintf("an entry of the %s of backup selection %s is not resolved", [k, sid]) if {
	lib.unknown(e)
} else := sprintf("an ARN pattern in the %s of backup selection %s may match it (its name is not set in the template)", [k, sid])

# Why the first selection that is not plain leaves coverage open.
_open := sort([sid | some sid, sel in by_id; not plain(sel)])

_open_reason := sprintf("%s%s", [_why(_open[0], by_id[_open[0]]), _more])

_more := "" if count(_open) == 1

_more := sprintf(" (and %d more selections)", [count(_open) - 1]) if count(_open) > 1

_why(sid, sel) := sprintf("the BackupSelection of backup selection %s is not resolved", [sid]) if {
	not _object(sel)
} else := sprintf("the %s of backup selection %s is not resolved", [k, sid]) if {
	# The first unresolved one: a function has one value per input.
	unresolved := [x | some x in ["ListOfTags", "Conditions", "Resources", "NotResources"]; lib.is_intrinsic(sel[x])]
	k := unresolved[0]
} else := sprintf("backup selection %s selects by ListOfTags", [sid]) if {
	not empty(sel, "ListOfTags")
} else := sprintf("backup selection %s selects with Conditions", [sid]) if {
	not no_conditions(sel)
} else := sprintf("an entry of backup selection %s is not resolved", [sid])

_object(sel) if {
	is_object(sel)
	not lib.is_intrinsic(sel)
}
