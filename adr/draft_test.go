package adr

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A fixed set of findings, as a scan of two templates would report them.
var draftFindings = []Finding{
	{RuleID: "BW-PITR-001", Title: "DynamoDB table without point-in-time recovery", Severity: "high", Concern: "pitr", Status: "fail",
		Resource: "OrdersTable", ResourceType: "AWS::DynamoDB::Table", File: "infra/orders.yaml", Line: 19,
		Message: "DynamoDB table OrdersTable has no PointInTimeRecoverySpecification: point-in-time recovery is off",
		Details: map[string]any{"tier": int64(1)}},
	{RuleID: "BW-PITR-001", Title: "DynamoDB table without point-in-time recovery", Severity: "high", Concern: "pitr", Status: "fail",
		Resource: "LedgerTable", ResourceType: "AWS::Serverless::SimpleTable", File: "infra/payments.yaml", Line: 23,
		Message: "SAM SimpleTable LedgerTable cannot enable point-in-time recovery; use AWS::DynamoDB::Table"},
	{RuleID: "BW-PITR-001", Title: "DynamoDB table without point-in-time recovery", Severity: "high", Concern: "pitr", Status: "suppressed",
		Resource: "SessionsTable", ResourceType: "AWS::DynamoDB::Table", File: "infra/orders.yaml", Line: 40,
		Message: "suppressed: not evidence"},
	{RuleID: "BW-BACKUP-004", Title: "Backup plan that selects no resources", Severity: "medium", Concern: "backup", Status: "fail",
		Resource: "ArchivePlan", ResourceType: "AWS::Backup::BackupPlan", File: "infra/backup.json", Line: 9,
		Message: "Backup plan ArchivePlan has no *selection* <in this template>",
		Details: map[string]any{"interval_seconds": 3600, "tier": map[string]any{"level": 2}}},
	{RuleID: "BW-MULTI-AZ-001", Title: "Load balancer in a single Availability Zone", Severity: "critical", Concern: "multi-az", Status: "baselined",
		Resource: "OldLB", ResourceType: "AWS::ElasticLoadBalancingV2::LoadBalancer", File: "infra/web.yaml", Line: 5,
		Message: "baselined: not evidence"},
	// Two rules on two resources of one workload: one decision.
	{RuleID: "BW-MULTI-AZ-001", Title: "Load balancer in a single Availability Zone", Severity: "critical", Concern: "multi-az", Status: "fail",
		Resource: "WebLB", ResourceType: "AWS::ElasticLoadBalancingV2::LoadBalancer", File: "infra/web-tier.yaml", Line: 8,
		Message: "Load balancer WebLB has subnets in one Availability Zone"},
	{RuleID: "BW-MULTI-AZ-005", Title: "RDS DB instance without Multi-AZ", Severity: "high", Concern: "multi-az", Status: "fail",
		Resource: "WebDB", ResourceType: "AWS::RDS::DBInstance", File: "infra/web-tier.yaml", Line: 30,
		Message: "RDS DB instance WebDB is single-AZ"},
	{RuleID: "BW-CUSTOM-001", Title: "A rule missing from the catalogue", Severity: "low", Concern: "tier",
		Resource: "Thing", ResourceType: "AWS::S3::Bucket", File: "infra/web.yaml", Line: 12, Message: "Custom rule message"},
}

var draftRules = []*Rule{
	{ID: "BW-PITR-001", Title: "DynamoDB table without point-in-time recovery", Severity: "high", Concern: "pitr",
		Description:     "A DynamoDB table without point-in-time recovery can only be restored from snapshots.",
		Remediation:     "Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on the table.",
		WellArchitected: []string{"REL09-BP01", "REL09-BP02"}},
	{ID: "BW-BACKUP-004", Title: "Backup plan that selects no resources", Severity: "medium", Concern: "backup",
		Remediation: "Add an AWS::Backup::BackupSelection for the plan.", WellArchitected: []string{"REL09-BP01"}},
	{ID: "BW-MULTI-AZ-001", Title: "Load balancer in a single Availability Zone", Severity: "critical", Concern: "multi-az",
		Remediation: "Give it subnets in two Availability Zones.", WellArchitected: []string{"REL10-BP01"}},
}

func TestDraftGolden(t *testing.T) {
	dir, o := initDir(t)
	o.Deciders = []string{"architecture board"}
	drafted, err := Draft(DraftOptions{Options: o, Workloads: map[string]string{"infra/web-tier.yaml": "web-tier"}}, draftFindings, draftRules)
	require.NoError(t, err)
	// One draft per decision (concern and workload), most severe first;
	// suppressed and baselined findings are not evidence.
	assert.Equal(t, []Drafted{
		{RuleID: "BW-MULTI-AZ-001, BW-MULTI-AZ-005", Concern: "multi-az", Workload: "infra/web-tier.yaml", Title: "Spread web-tier across Availability Zones",
			Path: filepath.Join(dir, "0002-spread-web-tier-across-availability-zones.md"), Findings: 2},
		{RuleID: "BW-PITR-001", Concern: "pitr", Workload: "infra/orders.yaml", Title: "Protect OrdersTable data with point-in-time recovery",
			Path: filepath.Join(dir, "0003-protect-orderstable-data-with-point-in-time-recovery.md"), Findings: 1},
		{RuleID: "BW-PITR-001", Concern: "pitr", Workload: "infra/payments.yaml", Title: "Protect LedgerTable data with point-in-time recovery",
			Path: filepath.Join(dir, "0004-protect-ledgertable-data-with-point-in-time-recovery.md"), Findings: 1},
		{RuleID: "BW-BACKUP-004", Concern: "backup", Workload: "infra/backup.json", Title: "Back up the data of ArchivePlan",
			Path: filepath.Join(dir, "0005-back-up-the-data-of-archiveplan.md"), Findings: 1},
		{RuleID: "BW-CUSTOM-001", Concern: "tier", Workload: "infra/web.yaml", Title: "Meet the reliability tier of Thing",
			Path: filepath.Join(dir, "0006-meet-the-reliability-tier-of-thing.md"), Findings: 1},
	}, drafted)
	golden(t, "draft-multi-az.md", read(t, drafted[0].Path))
	golden(t, "draft-pitr.md", read(t, drafted[1].Path))
	golden(t, "draft-backup.md", read(t, drafted[3].Path))
	golden(t, "draft-custom.md", read(t, drafted[4].Path))

	// Drafting again writes nothing new.
	again, err := Draft(DraftOptions{Options: o}, draftFindings, draftRules)
	require.NoError(t, err)
	for i, d := range again {
		assert.True(t, d.Existing)
		assert.Equal(t, drafted[i].Path, d.Path)
	}
	names, _ := recordFiles(dir)
	assert.Len(t, names, 6)

	// A draft is complete but for the architect's part.
	problems, err := Lint(dir)
	require.NoError(t, err)
	var sections []string
	for _, p := range problems {
		if p.File == drafted[0].Path {
			sections = append(sections, p.Message)
		}
	}
	assert.Equal(t, []string{"section ## Decision is empty", "section ## Consequences is empty", "section ## Implementation is empty"}, sections)
	r, err := Find(dir, 2)
	require.NoError(t, err)
	assert.Equal(t, StatusProposed, r.Status)
}

func TestDraftSelection(t *testing.T) {
	tests := []struct {
		name string
		opts DraftOptions
		want []string
	}{
		{"every decision", DraftOptions{}, []string{"Spread web-tier across Availability Zones",
			"Protect OrdersTable data with point-in-time recovery", "Protect LedgerTable data with point-in-time recovery",
			"Back up the data of ArchivePlan", "Meet the reliability tier of Thing"}},
		{"one rule", DraftOptions{Rule: "BW-BACKUP-004"}, []string{"Back up the data of ArchivePlan"}},
		{"one concern", DraftOptions{Concern: "pitr"}, []string{"Protect OrdersTable data with point-in-time recovery",
			"Protect LedgerTable data with point-in-time recovery"}},
		{"one rule of a decision", DraftOptions{Rule: "BW-MULTI-AZ-005"}, []string{"Spread WebDB across Availability Zones"}},
		{"a rule without failing findings", DraftOptions{Rule: "BW-DATA-PROTECTION-001"}, nil},
		{"a concern without findings", DraftOptions{Concern: "health-check"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, o := initDir(t)
			tc.opts.Options = o
			drafted, err := Draft(tc.opts, draftFindings, draftRules)
			require.NoError(t, err)
			var got []string
			for _, d := range drafted {
				got = append(got, d.Title)
			}
			assert.Equal(t, tc.want, got)
			names, _ := recordFiles(dir)
			assert.Len(t, names, 1+len(tc.want))
		})
	}
	_, err := Draft(DraftOptions{Options: Options{Dir: filepath.Join(t.TempDir(), "none")}}, draftFindings, draftRules)
	assert.ErrorContains(t, err, "run bulwark adr init")
}
