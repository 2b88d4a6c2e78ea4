# Three-valued verdicts: a rule's logic written once (ADR-0009).
#
# A rule answers each of its questions about a resource with one verdict:
# "fail" (it reports), "unknown" (a value it needs is unresolved: --strict
# reports it as "could not be verified") or "pass". The verdict comes from
# one function whose `else` chain tries the outcomes in order, so `deny` and
# `unknowns` cannot overlap or leave a gap between them:
#
#	verdicts contains v if {
#		some id, r in lib.resources(["AWS::DynamoDB::Table"])
#		v := enabled(id, r.Properties.PointInTimeRecoveryEnabled)
#	}
#
#	enabled(id, v) := lib.unresolved(id, path, subject, fact) if {
#		lib.unknown(v)
#	} else := lib.pass(id) if {
#		lib.is_true(v)
#	} else := lib.fail(id, path, msg)
#
#	deny := lib.denied(verdicts)
#
#	unknowns := lib.unverified(verdicts)
#
# A verdict is the finding it becomes plus a "status"; a pass carries only
# the resource. Iterate `verdicts` whole (lib.denied does): looking it up by
# a bound key in a loop re-evaluates it per key (see rules/README.md).
package bulwark.lib

# fail(id, path, msg) is the verdict of a resource that breaks the rule:
# deny reports it as lib.finding(id, path, msg).
fail(id, path, msg) := {"resource": id, "path": path, "message": msg, "status": "fail"}

# fail_with(id, path, msg, details) is fail with the computed values that
# lib.finding_with keeps on a finding.
fail_with(id, path, msg, details) := {"resource": id, "path": path, "message": msg, "details": details, "status": "fail"}

# unresolved(id, path, subject, fact) is the verdict of a resource whose
# property at path is unresolved, with the message the unknowns contract
# asks for: "<subject>: <last element of path> is not resolved, so whether
# <fact> is unknown", e.g. subject "DynamoDB table T", fact
# "point-in-time recovery is on".
unresolved(id, path, subject, fact) := undecided(id, path, sprintf("%s: %v is not resolved, so whether %s is unknown", [subject, path[count(path) - 1], fact]))

# undecided(id, path, msg) is an "unknown" verdict with a message of the
# rule's own (when the reason is not one unresolved property).
undecided(id, path, msg) := {"resource": id, "path": path, "message": msg, "status": "unknown"}

# pass(id) is the verdict of a resource the rule checked and found right.
pass(id) := {"resource": id, "status": "pass"}

# denied(verdicts) is the rule's deny set: the findings of its fail verdicts.
denied(verdicts) := {object.remove(v, ["status"]) | some v in verdicts; v.status == "fail"}

# unverified(verdicts) is the rule's unknowns set: the findings of its
# unknown verdicts.
unverified(verdicts) := {object.remove(v, ["status"]) | some v in verdicts; v.status == "unknown"}
