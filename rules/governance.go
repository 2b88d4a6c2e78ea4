package rules

// Governance rules check the exceptions themselves: a suppression is an
// accepted risk, so it must say why, name a rule that exists, and end.
// They are implemented in Go (suppress.go) because they judge bulwark's own
// bookkeeping, not the resource model, but they are part of the catalogue
// like any other rule.
var governanceRules = []*Rule{
	{
		ID: "BW-GOV-001", Title: "Suppression without a reason", Severity: "medium", Concern: "governance",
		Description: "A suppression hides a finding from the gate. Without a reason nobody can later tell whether the risk was accepted on purpose, so it does not take effect.",
		Remediation: "Add `reason:` (and ideally `adr:` naming the decision record) to the suppression, or remove it.",
	},
	{
		ID: "BW-GOV-002", Title: "Expired suppression", Severity: "medium", Concern: "governance",
		Description: "The suppression's `expires` date has passed: the exception was accepted for a limited time and no longer applies, so the finding it covered fails again.",
		Remediation: "Fix the underlying finding, or renew the exception with a new `expires` date after review.",
	},
	{
		ID: "BW-GOV-003", Title: "Suppression of an unknown rule", Severity: "low", Concern: "governance",
		Description: "The suppression names a rule id that no loaded rule has (a typo, a rule that was renamed or removed, or a pattern such as BW-PITR-*: rule ids are matched exactly, so an accepted risk names each rule it accepts), so it suppresses nothing.",
		Remediation: "Correct the rule id (see `bulwark rules list`), write one suppression per rule instead of a pattern, or remove the suppression.",
	},
	{
		ID: "BW-GOV-004", Title: "Malformed suppression", Severity: "medium", Concern: "governance",
		Description: "Metadata.bulwark.skip must be a list of {id, reason, adr, expires} entries with expires as a date (YYYY-MM-DD), and a config file suppression must name its rule; this one cannot be read, so it does not take effect.",
		Remediation: "Write the suppression as `- {id: BW-PITR-001, reason: \"...\", adr: ADR-0007, expires: 2027-01-31}`.",
	},
	{
		ID: "BW-GOV-005", Title: "Suppression cites a decision record that is missing or not accepted", Severity: "medium", Concern: "governance",
		Description: "A suppression's `adr:` must name an architecture decision record that exists and is Accepted: an exception rests on a decision that was made, not one that is proposed, rejected or superseded. Until then the suppression does not take effect.",
		Remediation: "Accept the cited record (`bulwark adr show N`), cite the record that superseded it, or correct the id.",
	},
}

func init() {
	for _, r := range governanceRules {
		r.Inputs = []string{"template", "account"}
		r.Scope = "template"
		r.Package = "bulwark.governance"
		r.File = "builtin:rules/suppress.go"
		r.Builtin = true
	}
}
