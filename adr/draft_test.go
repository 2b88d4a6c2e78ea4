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
	drafted, err := Draft(DraftOptions{Options: o}, draftFindings, draftRules)
	require.NoError(t, err)
	// Most severe rule first; suppressed and baselined findings are not
	// evidence, so the critical rule (baselined only) gets no draft.
	assert.Equal(t, []Drafted{
		{RuleID: "BW-PITR-001", Path: filepath.Join(dir, "0002-bw-pitr-001-dynamodb-table-without-point-in-time-recovery.md"), Findings: 2},
		{RuleID: "BW-BACKUP-004", Path: filepath.Join(dir, "0003-bw-backup-004-backup-plan-that-selects-no-resources.md"), Findings: 1},
		{RuleID: "BW-CUSTOM-001", Path: filepath.Join(dir, "0004-bw-custom-001-a-rule-missing-from-the-catalogue.md"), Findings: 1},
	}, drafted)
	golden(t, "draft-pitr.md", read(t, drafted[0].Path))
	golden(t, "draft-backup.md", read(t, drafted[1].Path))
	golden(t, "draft-custom.md", read(t, drafted[2].Path))

	// Drafting again writes nothing new.
	again, err := Draft(DraftOptions{Options: o}, draftFindings, draftRules)
	require.NoError(t, err)
	for i, d := range again {
		assert.True(t, d.Existing)
		assert.Equal(t, drafted[i].Path, d.Path)
	}
	names, _ := recordFiles(dir)
	assert.Len(t, names, 4)

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
		{"every rule", DraftOptions{}, []string{"BW-PITR-001", "BW-BACKUP-004", "BW-CUSTOM-001"}},
		{"one rule", DraftOptions{Rule: "BW-BACKUP-004"}, []string{"BW-BACKUP-004"}},
		{"one concern", DraftOptions{Concern: "pitr"}, []string{"BW-PITR-001"}},
		{"a rule without failing findings", DraftOptions{Rule: "BW-MULTI-AZ-001"}, nil},
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
				got = append(got, d.RuleID)
			}
			assert.Equal(t, tc.want, got)
			names, _ := recordFiles(dir)
			assert.Len(t, names, 1+len(tc.want))
		})
	}
	_, err := Draft(DraftOptions{Options: Options{Dir: filepath.Join(t.TempDir(), "none")}}, draftFindings, draftRules)
	assert.ErrorContains(t, err, "run bulwark adr init")
}
