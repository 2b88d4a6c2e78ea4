package live

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPolicyDocsCopyIsTheEmbeddedOne(t *testing.T) {
	docs, err := os.ReadFile(filepath.Join("..", "..", "docs", "iam-policy.json"))
	require.NoError(t, err)
	assert.Equal(t, string(PolicyDocument), string(docs), "docs/iam-policy.json and scanners/live/iam-policy.json must stay identical")
}

func TestIsReadOnlyAction(t *testing.T) {
	tests := []struct {
		action string
		want   bool
	}{
		{"dynamodb:DescribeTable", true},
		{"lambda:GetFunctionConcurrency", true},
		{"route53:ListHealthChecks", true},
		{"dynamodb:UpdateContinuousBackups", false},
		{"lambda:PutFunctionConcurrency", false},
		{"sts:AssumeRole", false},
		{"ec2:Describe*", false},
		{"*", false},
		{"Describe", false},
		{"apigateway:GET", true},
		{"apigateway:PATCH", false},
		{"apigateway:GetRestApis", false},
		{"s3:GetReplicationConfiguration", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, IsReadOnlyAction(tt.action), tt.action)
	}
}

// TestPolicyIsExactlyTheCallsMade audits a Region holding every kind of
// resource the collectors read, records every request the SDK sends at
// the front (the X-Amz-Target header, the Action form field, the CBOR
// path or the REST route names the operation), and checks the policy
// allows each of them, allows nothing else, and grants no write. The
// audit is an organization's (--org), so the listing of its accounts is
// among the calls.
//
// callerOnly are calls the policy does not grant: sts:AssumeRole is made
// by the auditing principal to enter each account's role, and is
// allowed by that role's trust policy (and the principal's own), not by
// the read-only permissions the role holds.
func TestPolicyIsExactlyTheCallsMade(t *testing.T) {
	actions, err := PolicyActions()
	require.NoError(t, err)
	for _, a := range actions {
		assert.True(t, IsReadOnlyAction(a), "%s is not a read-only action", a)
	}
	assert.True(t, slices.IsSorted(actions), "keep the policy's actions sorted")

	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	f.SetRegions(fixtureRegion)
	f.Organization("999999999999", 10, livetest.Member{ID: livetest.Account, Name: "fixtures", Status: "ACTIVE"})
	o := options(f)
	o.AllRegions, o.Org, o.OrgRole = true, true, DefaultOrgRole
	inv := audit(t, o)
	require.Equal(t, []string{file(fixtureRegion), file("global")}, inv.Scopes)
	callerOnly := map[string]bool{"sts:AssumeRole": true}
	made := map[string]bool{}
	for _, c := range f.Calls() {
		if callerOnly[c.Action()] {
			continue
		}
		made[c.Action()] = true
		assert.Contains(t, actions, c.Action(), "the audit called %s, which docs/iam-policy.json does not allow", c.Action())
	}
	assert.True(t, slices.ContainsFunc(f.Calls(), func(c livetest.Call) bool { return c.Action() == "sts:AssumeRole" }),
		"the member account was audited through its role")
	for _, a := range actions {
		assert.True(t, made[a], "docs/iam-policy.json allows %s, which the audit never calls", a)
	}
}
