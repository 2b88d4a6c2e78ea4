package rules

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pitrChild leaves point-in-time recovery to a parameter whose default is
// off: judged on its own it would fail.
const pitrChild = `Parameters:
  Pitr: {Type: String, Default: "false"}
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: !Ref Pitr
`

func parentPassing(pitr string) string {
	return fmt.Sprintf(`Resources:
  Orders:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: child.yaml
      Parameters:
        Pitr: %s
`, pitr)
}

// scanTree writes files to a new folder and scans them (only the named
// ones when names are given, as a folder walk would find them all).
func scanTree(t *testing.T, files map[string]string, names ...string) (string, *ScanResult) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		if len(names) == 0 || slices.Contains(names, name) {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	e, err := New(Options{})
	require.NoError(t, err)
	return dir, e.Scan(context.Background(), paths, ScanOptions{Load: scannersOptions(dir)})
}

func findingsOf(res *ScanResult, ruleID string) []Finding {
	var out []Finding
	for _, f := range res.Findings {
		if f.RuleID == ruleID {
			out = append(out, f)
		}
	}
	return out
}

// TestNestedStackJudgedPerParent: a child whose point-in-time recovery a
// parent parameter controls has a finding under the parent that turns it
// off, none under the parent that turns it on, none where the parent's
// value is unknown (its own default is not used), and is not judged on
// its own defaults. Two parents that turn it off give two findings with
// fingerprints of their own.
func TestNestedStackJudgedPerParent(t *testing.T) {
	dir, res := scanTree(t, map[string]string{
		"child.yaml":   pitrChild,
		"off.yaml":     parentPassing(`"false"`),
		"on.yaml":      parentPassing(`"true"`),
		"unknown.yaml": parentPassing(`!GetAtt Flags.Outputs.Pitr`),
	})
	assert.Empty(t, res.Diagnostics)
	child := filepath.Join(dir, "child.yaml")
	got := findingsOf(res, "BW-PITR-001")
	require.Len(t, got, 1, "%+v", got)
	f := got[0]
	assert.Equal(t, child, f.File)
	assert.Equal(t, 11, f.Line, "the child's own line")
	assert.Equal(t, &StackRef{File: filepath.Join(dir, "off.yaml"), Resource: "Orders"}, f.Parent)
	assert.Contains(t, f.Message, "(nested stack Orders of "+filepath.Join(dir, "off.yaml")+")")
	assert.NotEqual(t, FingerprintOf(f.RuleID, f.File, f.Resource, f.Property), f.Fingerprint)
	assert.Equal(t, 4, res.Templates, "the child counts once")
	assert.Len(t, res.Workloads, 3, "the child is part of its parents' workloads")
	assert.Equal(t, []string{child}, res.NestedFiles)

	_, res = scanTree(t, map[string]string{
		"child.yaml": pitrChild,
		"a.yaml":     parentPassing(`"false"`),
		"b.yaml":     parentPassing(`"false"`),
	})
	got = findingsOf(res, "BW-PITR-001")
	require.Len(t, got, 2)
	assert.NotEqual(t, got[0].Parent.File, got[1].Parent.File)
	assert.NotEqual(t, got[0].Fingerprint, got[1].Fingerprint, "a baseline tells the parents apart")

	// Not nested, a finding keeps the fingerprint it always had.
	_, res = scanTree(t, map[string]string{"child.yaml": pitrChild})
	got = findingsOf(res, "BW-PITR-001")
	require.Len(t, got, 1)
	assert.Nil(t, got[0].Parent)
	assert.Equal(t, FingerprintOf(got[0].RuleID, got[0].File, got[0].Resource, got[0].Property), got[0].Fingerprint)
}

// TestNestedStackInParentWorkload: the child takes its parent's tier
// unless it declares one, its estimates join the parent's workload (named
// by the stack), and a workload rule sees the records of both.
func TestNestedStackInParentWorkload(t *testing.T) {
	parent := `Metadata: {bulwark: {tier: 2}}
Resources:
  Orders:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: child.yaml
      Parameters: {Pitr: "true"}
`
	tests := []struct {
		name         string
		childMeta    string
		wantTier     int // of the child's table in the parent's workload (0: the workload's)
		tierRule     bool
		wantRPOKnown bool // the workload's RPO includes the table's
	}{
		{"inherits the parent's tier", "", 0, true, true},
		{"declares its own", "Metadata: {bulwark: {tier: 4}}\n", 4, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, res := scanTree(t, map[string]string{"parent.yaml": parent, "child.yaml": tc.childMeta + pitrChild})
			require.Len(t, res.Workloads, 1)
			w := res.Workloads[0]
			assert.Equal(t, "parent", w.Name)
			assert.Equal(t, 2, w.Tier)
			require.Len(t, w.Resources, 1)
			assert.Equal(t, "Orders/Table", w.Resources[0].Resource)
			assert.Equal(t, tc.wantTier, w.Resources[0].Tier)
			assert.Equal(t, tc.wantRPOKnown, !w.RPO.NotApplicable, "RPO %+v", w.RPO)
			// BW-DATA-PROTECTION-002 runs on tiers 1 and 2 only.
			assert.Equal(t, tc.tierRule, len(findingsOf(res, "BW-DATA-PROTECTION-002")) == 1)
		})
	}

	record := func(role string) string {
		return fmt.Sprintf(`    Type: AWS::Route53::RecordSet
    Properties: {HostedZoneName: example.com., Name: api.example.com, Type: A, SetIdentifier: %s, Failover: %s, AliasTarget: {DNSName: x, HostedZoneId: Z}}
`, role, role)
	}
	_, res := scanTree(t, map[string]string{
		"parent.yaml": "Resources:\n  Primary:\n" + record("PRIMARY") + "  Dr:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: dr.yaml}\n",
		"dr.yaml":     "Resources:\n  Secondary:\n" + record("SECONDARY"),
	}, "parent.yaml")
	assert.Empty(t, findingsOf(res, "BW-HEALTH-CHECK-002"), "the SECONDARY in the nested stack pairs with the parent's PRIMARY")
}

// scannersOptions loads with dir as the scanned folder.
func scannersOptions(dir string) scanners.Options {
	return scanners.Options{Roots: []string{dir}}
}
