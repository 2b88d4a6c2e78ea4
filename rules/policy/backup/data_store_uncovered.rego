# METADATA
# title: Data store not covered by any backup selection
# description: >-
#   When a template defines AWS Backup selections, a DynamoDB table, RDS DB
#   instance or cluster, or EFS file system that none of them selects is
#   left out of the backup plan. Coverage is counted only when it can be
#   known: a selection by tags or conditions, or an entry that cannot be
#   resolved, leaves the question open and reports nothing.
# custom:
#   id: BW-BACKUP-005
#   severity: medium
#   concern: backup
#   well_architected: [REL09-BP01]
#   resource_types: [AWS::DynamoDB::Table, AWS::DynamoDB::GlobalTable, AWS::Serverless::SimpleTable, AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::EFS::FileSystem, AWS::Backup::BackupSelection]
#   inputs: [template]  # Template only: in an audit a data store and the selection that covers it can sit in different sources (a stack, the Region), and this rule sees one source at a time.
#   remediation: >-
#     Add the resource's ARN (e.g. !GetAtt Table.Arn) to the Resources of a
#     BackupSelection, or select it by tag, or document why it needs no
#     backup.
package bulwark.rules.backup.data_store_uncovered

import data.bulwark.lib

# How ARNs name each data store type, and the property holding its name
# when the template sets one.
stores := {
	"AWS::DynamoDB::Table": {"label": "DynamoDB table", "service": "dynamodb", "prefix": "table/", "name": "TableName"},
	"AWS::DynamoDB::GlobalTable": {"label": "DynamoDB global table", "service": "dynamodb", "prefix": "table/", "name": "TableName"},
	"AWS::Serverless::SimpleTable": {"label": "DynamoDB table", "service": "dynamodb", "prefix": "table/", "name": "TableName"},
	"AWS::RDS::DBInstance": {"label": "RDS DB instance", "service": "rds", "prefix": "db:", "name": "DBInstanceIdentifier"},
	"AWS::RDS::DBCluster": {"label": "RDS DB cluster", "service": "rds", "prefix": "cluster:", "name": "DBClusterIdentifier"},
	"AWS::EFS::FileSystem": {"label": "EFS file system", "service": "elasticfilesystem", "prefix": "file-system/"},
}

selections := [object.get(s, ["Properties", "BackupSelection"], null) |
	some s in lib.resources(["AWS::Backup::BackupSelection"])
]

deny contains lib.finding(id, [], msg) if {
	count(selections) > 0
	not coverage_unknown
	some t, spec in stores
	some id, r in lib.resources([t])
	not skipped(r)
	not id in named
	not covered(id, r, spec)
	not maybe_covered(id, r, spec)
	msg := sprintf("%s %s is not selected by any of the template's %d AWS::Backup::BackupSelection resources: AWS Backup does not back it up", [spec.label, id, count(selections)])
}

# The ids that Ref/GetAtt/Sub entries of selections without NotResources
# name: computed once, so a store named explicitly is decided without
# scanning every entry (templates with thousands of selections stay linear).
named contains id if {
	some sel in selections
	is_object(sel)
	not sel.NotResources
	some e in object.get(sel, "Resources", [])
	not is_string(e)
	not conditional(e)
	some id in lib.refs(e)
}

# Cluster members and read replicas are backed up through their cluster or
# source instance.
skipped(r) if {
	r.Type == "AWS::RDS::DBInstance"
	lib.rds_cluster_member(r)
}

skipped(r) if {
	r.Type == "AWS::RDS::DBInstance"
	lib.rds_read_replica(r)
}

# Selections by tags or conditions, or with lists that are not resolved,
# may select anything.
coverage_unknown if {
	some sel in selections
	not plain(sel)
}

plain(sel) if {
	is_object(sel)
	not lib.is_intrinsic(sel)
	empty(sel, "ListOfTags")
	no_conditions(sel)
	resolved(sel, "Resources")
	resolved(sel, "NotResources")
}

empty(sel, key) if not sel[key]

empty(sel, key) if sel[key] == []

no_conditions(sel) if not sel.Conditions

no_conditions(sel) if {
	is_object(sel.Conditions)
	not lib.is_intrinsic(sel.Conditions)
	every _, v in sel.Conditions {
		v == []
	}
}

resolved(sel, key) if not sel[key]

resolved(sel, key) if lib.list(sel[key])

# by_id is {selection id: its BackupSelection}.
by_id := {sid: object.get(s, ["Properties", "BackupSelection"], null) |
	some sid, s in lib.resources(["AWS::Backup::BackupSelection"])
}

# entries holds [selection id, key, entry] for each entry of the resolved
# Resources and NotResources lists of every selection.
entries contains [sid, k, e] if {
	some sid, sel in by_id
	is_object(sel)
	some k in ["Resources", "NotResources"]
	some e in lib.list(object.get(sel, k, []))
}

# The entries are indexed once, so that deciding a store looks at the
# entries that can concern it, not at every entry of every selection (a
# template of many stores, each selected by its own GetAtt, stays linear):
# an entry that refers to resources concerns only those, unless it may
# name something else too; a literal ARN concerns the store of that name
# (or, for stores whose name the template leaves to CloudFormation, the
# stores of its service and resource prefix); ARN patterns and other
# entries concern every store.
_by_ref[id] contains x if {
	some x in entries
	not is_string(x[2])
	some id in lib.refs(x[2])
}

_generic contains x if {
	some x in entries
	is_string(x[2])
	not _literal_arn(x[2])
}

_generic contains x if {
	some x in entries
	not is_string(x[2])
	not other_resources_only(x[2])
}

_by_arn[[service, resource]] contains x if {
	some x in entries
	[service, resource] := _literal_arn(x[2])
}

_by_arn_prefix[[service, prefix]] contains x if {
	some x in entries
	[service, resource] := _literal_arn(x[2])
	some spec in stores
	spec.service == service
	prefix := spec.prefix
	startswith(resource, prefix)
}

# An ARN without wildcards: [service, resource].
_literal_arn(e) := parts if {
	is_string(e)
	not regex.match(`[*?\[{]`, e)
	parts := arn_parts(e)
}

# relevant[id] is the set of [selection id, key, entry] that may concern
# the data store id: every other entry is "no" for it.
relevant := {id: xs |
	some t, spec in stores
	some id, r in lib.resources([t])
	xs := (object.get(by_ref, id, set()) | _generic) | _arn_entries(r, spec)
}

# The indexes as complete objects, so that a lookup is one step (a partial
# rule looked up by key evaluates its body again). Their keys are arrays,
# which object.get would read as a path.
by_ref := {id: xs | some id, xs in _by_ref}

by_arn := {k: xs | some k, xs in _by_arn}

by_arn_prefix := {k: xs | some k, xs in _by_arn_prefix}

_arn_entries(r, spec) := _at(by_arn, [spec.service, concat("", [spec.prefix, name])]) | _at(by_arn, [spec.service, concat("", [spec.prefix, lower(name)])]) if {
	name := store_name(r, spec)
} else := _at(by_arn_prefix, [spec.service, spec.prefix])

_at(index, key) := index[key] if index[key]

_at(index, key) := set() if not index[key]

# statuses(id, r, spec) is {[selection id, key, status]} of the entries
# that may concern the store, with entry()'s status.
statuses(id, r, spec) := {[sid, k, entry(e, id, r, spec)] | some [sid, k, e] in relevant[id]}

covered(id, r, spec) if {
	st := statuses(id, r, spec)
	some [sid, "Resources", "match"] in st
	not _not_resources_open(st, sid)
}

# A NotResources entry of the selection sid excludes the store, or may.
_not_resources_open(st, sid) if {
	some x in st
	x[0] == sid
	x[1] == "NotResources"
	x[2] != "no"
}

maybe_covered(id, r, spec) if {
	some [_, "Resources", "unknown"] in statuses(id, r, spec)
}

maybe_covered(id, r, spec) if {
	st := statuses(id, r, spec)
	some [sid, "Resources", "match"] in st
	[sid, "NotResources", "unknown"] in st
}

# entry(e, ...) is "match", "no" or "unknown": whether the selection entry
# e names the data store id.
entry(e, id, r, spec) := "match" if {
	e == "*"
} else := s if {
	is_string(e)
	s := arn_status(e, r, spec)
} else := "unknown" if {
	conditional(e)
	id in lib.refs(e)
} else := "match" if {
	id in lib.refs(e)
} else := s if {
	p := pattern(e)
	s := arn_status(p, r, spec)
} else := "no" if {
	other_resources_only(e)
} else := "unknown"

# An entry with an unresolved Fn::If (e.g. !If [Prod, !GetAtt T.Arn,
# !Ref AWS::NoValue]) may or may not name what it refers to.
conditional(e) if {
	walk(e, [_, x])
	x["Fn::If"]
}

# arn_status(p, ...) matches an ARN pattern (with * wildcards) against the
# store's ARN, whose Region and account are not known.
arn_status(p, r, spec) := "match" if {
	p == "*"
} else := "no" if {
	not arn_parts(p)
} else := "no" if {
	[service, _] := arn_parts(p)
	not glob.match(service, null, spec.service)
} else := s if {
	[_, resource] := arn_parts(p)
	name := store_name(r, spec)
	s := name_status(resource, spec.prefix, name)
} else := "match" if {
	[_, resource] := arn_parts(p)
	glob.match(resource, null, concat("", [spec.prefix, "a"]))
	glob.match(resource, null, concat("", [spec.prefix, "Stack-Name-1A2B3C4D.x_y"]))
} else := "no" if {
	[_, resource] := arn_parts(p)
	literal := regex.find_n(`^[^*?\[{]*`, resource, 1)[0]
	not startswith(literal, spec.prefix)
	not startswith(spec.prefix, literal)
} else := "unknown"

arn_parts(p) := [m[1], m[2]] if {
	m := regex.find_all_string_submatch_n(`^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$`, p, 1)[0]
}

store_name(r, spec) := name if {
	name := r.Properties[spec.name]
	is_string(name)
}

# RDS stores identifiers in lower case.
name_status(resource, prefix, name) := "match" if {
	glob.match(resource, null, concat("", [prefix, name]))
} else := "match" if {
	glob.match(resource, null, concat("", [prefix, lower(name)]))
} else := "no"

# An ARN built with Fn::Sub or Fn::Join from literals and pseudo
# parameters (Region, account, partition) is a pattern.
pattern(e) := p if {
	s := e["Fn::Sub"]
	is_string(s)
	p := regex.replace(s, `\$\{AWS::[A-Za-z]+\}`, "*")
	not contains(p, "${")
}

pattern(e) := concat(delimiter, strs) if {
	[delimiter, parts] := e["Fn::Join"]
	is_string(delimiter)
	is_array(parts)
	strs := [part_string(x) | some x in parts]
	count(strs) == count(parts)
}

part_string(x) := x if is_string(x)

part_string(x) := "*" if {
	name := x.Ref
	is_string(name)
	startswith(name, "AWS::")
}

# An entry built only from other resources of the template (e.g. another
# table's Arn) does not name this store.
other_resources_only(e) if {
	ids := lib.refs(e)
	count(ids) > 0
	every x in ids {
		plain_resource(x)
	}
	not other_intrinsic(e)
}

plain_resource(x) if {
	t := input.resources[x].Type
	startswith(t, "AWS::")
	not startswith(t, "AWS::CloudFormation::")
	t != "AWS::Serverless::Application"
}

other_intrinsic(e) if {
	walk(e, [_, x])
	lib.is_intrinsic(x)
	some k, _ in x
	not k in {"Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join"}
}

# In --strict mode: what this rule could not verify.
