package report

import (
	"flag"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixtureWorkDir is the working directory the golden files are written
// from (the %SRCROOT% of the SARIF run).
const fixtureWorkDir = "/work/repo"

// pinWorkDir fixes the directory SARIF locations are relative to for the
// rest of the test.
func pinWorkDir(t *testing.T, dir string) {
	t.Helper()
	saved := Getwd
	Getwd = func() (string, error) { return dir, nil }
	t.Cleanup(func() { Getwd = saved })
}

// The fixture's rule catalogue: rules with findings, one without (info
// severity) and, in the findings, one rule the catalogue lacks.
var (
	fxRulePITR = &finding.Rule{
		ID: "BW-PITR-001", Title: "DynamoDB table without point-in-time recovery",
		Description: "A DynamoDB table without point-in-time recovery (PITR) can only be restored from on-demand or AWS Backup snapshots.",
		Severity:    "high", Concern: "pitr", WellArchitected: []string{"REL09-BP01", "REL09-BP03"},
		Remediation:   "Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on the table.",
		ResourceTypes: []string{"AWS::DynamoDB::Table"}, Inputs: []string{"template", "account"}, Scope: "template",
	}
	fxRuleRDS = &finding.Rule{
		ID: "BW-MULTI-AZ-005", Title: "RDS DB instance without Multi-AZ",
		Description: "A single-AZ RDS DB instance has no standby: an instance or Availability Zone failure means downtime.",
		Severity:    "high", Concern: "multi-az", WellArchitected: []string{"REL10-BP01", "REL11-BP02"},
		Remediation:   "Set MultiAZ: true on the DB instance.",
		ResourceTypes: []string{"AWS::RDS::DBInstance"}, Inputs: []string{"template", "account"}, Scope: "template",
	}
	fxRuleEFS = &finding.Rule{
		ID: "BW-MULTI-AZ-008", Title: "EFS One Zone file system",
		Description: "An EFS file system with AvailabilityZoneName set keeps its data in a single Availability Zone.",
		Severity:    "medium", Concern: "multi-az", WellArchitected: []string{"REL10-BP01"},
		Remediation:   "Remove AvailabilityZoneName to create a Regional (multi-AZ) file system.",
		ResourceTypes: []string{"AWS::EFS::FileSystem"}, Inputs: []string{"template", "account"}, Scope: "template",
	}
	fxRuleLifecycle = &finding.Rule{
		ID: "BW-BACKUP-002", Title: "Backup rule keeps recovery points forever",
		Description: "A backup plan rule without Lifecycle.DeleteAfterDays never expires its recovery points.",
		Severity:    "low", Concern: "backup", WellArchitected: []string{"REL09-BP03"},
		Remediation:   "Add Lifecycle.DeleteAfterDays to the rule with the retention the data needs.",
		ResourceTypes: []string{"AWS::Backup::BackupPlan"}, Inputs: []string{"template", "account"}, Scope: "template",
	}
	fxRuleConcurrency = &finding.Rule{
		ID: "BW-CONCURRENCY-001", Title: "Lambda function without reserved concurrency",
		Description: "A function without ReservedConcurrentExecutions draws from the account's shared unreserved concurrency.",
		Severity:    "info", Concern: "concurrency", WellArchitected: []string{"REL10-BP03", "REL05-BP02"},
		Remediation:   "Set ReservedConcurrentExecutions to the concurrency the function needs at peak.",
		ResourceTypes: []string{"AWS::Lambda::Function"}, Inputs: []string{"template", "account"}, Scope: "template",
	}
)

// finding builds a finding of a catalogue rule.
func fixtureFinding(rule *finding.Rule, status, file string, line, col int, resource, resourceType, property, message string) finding.Finding {
	return finding.Finding{
		RuleID: rule.ID, Title: rule.Title, Severity: rule.Severity, Concern: rule.Concern, Status: status,
		Resource: resource, ResourceType: resourceType, File: file, Line: line, Column: col, Property: property,
		Message: message, Remediation: rule.Remediation, WellArchitected: rule.WellArchitected,
		Fingerprint: finding.FingerprintOf(rule.ID, file, resource, property),
	}
}

// fixtureReport is a scan of two templates and one unparseable file, with
// findings of every status: failing, suppressed in the template, suppressed
// in the config, and baselined, plus a finding of a rule the catalogue
// lacks and an error and a warning diagnostic.
func fixtureReport() *Report {
	const orders, payments = "infra/orders.yaml", "infra/payments.json"
	tagRule := &finding.Rule{ID: "ACME-TAGS-001", Title: "Table without a cost-center tag", Severity: "medium",
		Concern: "tier", WellArchitected: []string{"REL01-BP01"}, Remediation: "Add a cost-center tag to the table."}

	ordersTable := fixtureFinding(fxRulePITR, finding.StatusFail, orders, 19, 5, "OrdersTable", "AWS::DynamoDB::Table", "Properties",
		"DynamoDB table OrdersTable has no PointInTimeRecoverySpecification: point-in-time recovery is off")
	ordersDB := fixtureFinding(fxRuleRDS, finding.StatusFail, orders, 76, 7, "OrdersDatabase", "AWS::RDS::DBInstance", "Properties.MultiAZ",
		"RDS DB instance OrdersDatabase is single-AZ (MultiAZ false): it has no standby in another Availability Zone")
	replica := fixtureFinding(fxRuleRDS, finding.StatusSuppressed, orders, 91, 7, "OrdersReplica", "AWS::RDS::DBInstance", "Properties.MultiAZ",
		"RDS DB instance OrdersReplica is single-AZ (MultiAZ false): it has no standby in another Availability Zone")
	replica.Suppression = &finding.Suppression{Kind: "template", Reason: "Read replica for reporting; the primary is Multi-AZ", ADR: "ADR-0007"}
	plan := fixtureFinding(fxRuleLifecycle, finding.StatusFail, payments, 21, 13, "ArchivePlan", "AWS::Backup::BackupPlan",
		"Properties.BackupPlan.BackupPlanRule[1]",
		"Backup plan ArchivePlan rule hourly has no Lifecycle.DeleteAfterDays: its recovery points are kept forever")
	files := fixtureFinding(fxRuleEFS, finding.StatusSuppressed, payments, 32, 22, "Files", "AWS::EFS::FileSystem", "Properties.AvailabilityZoneName",
		"EFS file system Files is One Zone (AvailabilityZoneName us-east-1a): its data is in a single Availability Zone")
	files.Suppression = &finding.Suppression{Kind: "config", Reason: "Scratch space, rebuilt nightly", Expires: "2027-06-30"}
	ledger := fixtureFinding(fxRulePITR, finding.StatusBaselined, payments, 40, 5, "LedgerTable", "AWS::DynamoDB::Table", "Properties",
		"DynamoDB table LedgerTable has no PointInTimeRecoverySpecification: point-in-time recovery is off")
	tags := fixtureFinding(tagRule, finding.StatusFail, payments, 40, 5, "LedgerTable", "AWS::DynamoDB::Table", "Properties.Tags",
		"DynamoDB table LedgerTable has no cost-center tag")

	res := &rules.ScanResult{
		Files: 3, Templates: 2, Resources: 11,
		Findings: []finding.Finding{ordersTable, ordersDB, replica, plan, files, ledger, tags},
		Diagnostics: []scanners.Diagnostic{
			{File: "infra/broken.yaml", Line: 3, Column: 7, Severity: scanners.SeverityError,
				Message: "yaml: mapping values are not allowed in this context"},
			{File: orders, Line: 12, Column: 3, Severity: scanners.SeverityWarning,
				Message: "duplicate key OrdersQueue: the last one wins"},
		},
	}
	r := Build("1.2.3", []string{"infra"}, res, time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	r.Rules = []*finding.Rule{fxRulePITR, fxRuleRDS, fxRuleEFS, fxRuleLifecycle, fxRuleConcurrency}
	r.Baseline = ".bulwark-baseline.json"
	r.FailOn = "high"
	// The rules that looked at each template: BW-CONCURRENCY-001 found
	// nothing in orders.yaml.
	r.Checked = map[string][]string{
		orders:   {fxRulePITR.ID, fxRuleRDS.ID, fxRuleConcurrency.ID},
		payments: {fxRulePITR.ID, fxRuleEFS.ID, fxRuleLifecycle.ID, tagRule.ID},
	}
	r.Fixed = []BaselineEntry{{Fingerprint: finding.FingerprintOf(fxRulePITR.ID, orders, "SessionsTable", "Properties"),
		RuleID: fxRulePITR.ID, File: orders, Resource: "SessionsTable", Property: "Properties"}}
	return r
}

// fixtureEmptyReport is a clean scan: nothing found, nothing wrong.
func fixtureEmptyReport() *Report {
	r := Build("1.2.3", []string{"infra"}, &rules.ScanResult{Files: 1, Templates: 1, Resources: 4}, time.Time{})
	r.Rules = []*finding.Rule{fxRulePITR, fxRuleRDS}
	return r
}

// checkReportGolden compares output with testdata/golden/report/<name>, or
// rewrites the file when the tests run with -update.
func checkReportGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "golden", "report", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -update to create it")
	assert.Equal(t, string(want), string(got), "output differs from %s (go test ./report -update rewrites it)", path)
}

func TestFixtureIsConsistent(t *testing.T) {
	r := fixtureReport()
	s := r.Summary
	assert.Equal(t, 4, s.Findings)
	assert.Equal(t, 2, s.Suppressed)
	assert.Equal(t, 1, s.Baselined)
	assert.Equal(t, 1, s.Errors)
	statuses := map[string]int{}
	kinds := map[string]bool{}
	files := map[string]bool{}
	for _, f := range r.Findings {
		statuses[f.Status]++
		files[f.File] = true
		if f.Suppression != nil {
			kinds[f.Suppression.Kind] = true
		}
	}
	assert.Len(t, files, 2, "findings span two files")
	assert.Equal(t, map[string]bool{"template": true, "config": true}, kinds)
	assert.Len(t, statuses, 3)
}
