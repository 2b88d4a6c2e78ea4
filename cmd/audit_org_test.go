package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	orgManagement = "999999999999"
	orgActive     = "111111111111"
	orgActive2    = "444444444444"
	orgSuspended  = "222222222222"
	orgDenied     = "333333333333"
)

// orgFront is the test front serving two Regions of its own (kumo's
// Region is left alone: other tests expect exactly what they seeded there)
// and an organization of four accounts: two active, one suspended, one
// whose role is denied. kumo's STS names one account whatever the role,
// so the front answers STS per role (livetest.Organization); every
// account sees the same resources.
func orgFront(t *testing.T) *livetest.Front {
	t.Helper()
	fakeCredentials(t)
	front := livetest.New()
	t.Cleanup(front.Close)
	front.FakeRegion("eu-west-3", livetest.Fake{Tables: 4, Functions: 2, LoadBalancers: 2, TargetGroups: 2})
	front.FakeRegion("ap-south-1", livetest.Fake{Tables: 3, TargetGroups: 1})
	front.Organization(orgManagement, 2,
		livetest.Member{ID: orgActive, Name: "prod", Status: "ACTIVE"},
		livetest.Member{ID: orgSuspended, Name: "old", Status: "SUSPENDED"},
		livetest.Member{ID: orgDenied, Name: "sandbox", Status: "ACTIVE", Denied: true},
		livetest.Member{ID: orgActive2, Name: "staging", Status: "ACTIVE", State: "ACTIVE"})
	return front
}

type savedAudit struct {
	Sources     []string
	Summary     struct{ Findings, Resources, Templates int }
	Findings    []struct{ RuleID, File, Resource, Status string }
	Diagnostics []scanners.Diagnostic
	Shard       *report.Shard
	Fixed       []report.BaselineEntry
}

func readAudit(t *testing.T, data []byte) savedAudit {
	t.Helper()
	var a savedAudit
	require.NoError(t, json.Unmarshal(data, &a))
	// The JSON keys are snake_case: rule_id.
	var raw struct {
		Findings []struct {
			RuleID string `json:"rule_id"`
		}
	}
	require.NoError(t, json.Unmarshal(data, &raw))
	for i := range a.Findings {
		a.Findings[i].RuleID = raw.Findings[i].RuleID
	}
	return a
}

func (a savedAudit) findingKeys() []string {
	var out []string
	for _, f := range a.Findings {
		out = append(out, f.RuleID+" "+f.File+" "+f.Resource+" "+f.Status)
	}
	slices.Sort(out)
	return out
}

func (a savedAudit) messages() []string {
	var out []string
	for _, d := range a.Diagnostics {
		out = append(out, d.Severity+" "+d.File+" "+d.Message)
	}
	slices.Sort(out)
	return out
}

// TestAuditOrg: the organization's active accounts are audited through
// the role; the suspended one is listed on standard error and in the
// report, the denied one is a "not checked:" warning and the others are
// still audited.
func TestAuditOrg(t *testing.T) {
	front := orgFront(t)
	stdout, stderr, code := execAudit(t, "audit", "--org", "--endpoint-url", front.URL, "--regions", "eu-west-3,ap-south-1",
		"--format", "json", "--no-config")
	require.Equal(t, ExitFindings, code, "stderr: %s", stderr)
	assert.Equal(t, "bulwark: note: account "+orgSuspended+" (old) skipped: it is SUSPENDED\n", stderr)
	rep := readAudit(t, []byte(stdout))
	var want []string
	for _, a := range []string{orgActive, orgActive2} {
		want = append(want, "aws://"+a+"/ap-south-1", "aws://"+a+"/eu-west-3", "aws://"+a+"/global")
	}
	assert.Equal(t, want, rep.Sources)
	assert.Nil(t, rep.Shard, "an audit that is not sharded records no shard")
	msgs := strings.Join(rep.messages(), "\n")
	assert.Contains(t, msgs, "info aws://"+orgSuspended+" account "+orgSuspended+" (old) skipped: it is SUSPENDED")
	assert.Contains(t, msgs, "warning aws://"+orgDenied+" not checked: account "+orgDenied+", service sts (AssumeRole arn:aws:iam::"+orgDenied+":role/bulwark-audit): access denied")
	assert.True(t, slices.ContainsFunc(rep.findingKeys(), func(k string) bool {
		return strings.HasPrefix(k, "BW-PITR-001 aws://"+orgActive2+"/eu-west-3 table/")
	}), "findings in the second active account: %v", rep.findingKeys())

	// --accounts and --exclude-accounts choose among them.
	stdout, _, code = execAudit(t, "audit", "--org", "--org-role", "auditor", "--endpoint-url", front.URL, "--region", "ap-south-1",
		"--accounts", orgActive+","+orgActive2+","+orgDenied, "--exclude-accounts", orgDenied, "--services", "dynamodb", "-f", "json", "--no-config")
	require.Contains(t, []int{ExitOK, ExitFindings}, code)
	assert.Equal(t, []string{"aws://" + orgActive + "/ap-south-1", "aws://" + orgActive2 + "/ap-south-1"}, readAudit(t, []byte(stdout)).Sources)
	var roles []string
	for _, c := range front.Calls() {
		if c.Operation == "AssumeRole" {
			roles = append(roles, c.Region)
		}
	}
	assert.Len(t, roles, 2+3, "the first audit assumed three roles, the second two")
}

func TestAuditOrgUsageErrors(t *testing.T) {
	fakeCredentials(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"short id", []string{"--org", "--accounts", "12345"}, `--accounts: "12345" is not an AWS account id (12 digits)`},
		{"exclude letters", []string{"--org", "--exclude-accounts", "11112222333x"}, `--exclude-accounts: "11112222333x" is not an AWS account id`},
		{"filters alone", []string{"--accounts", orgActive}, "--accounts and --exclude-accounts choose among the accounts of --org, --role-arn or --role-file"},
		{"org and role", []string{"--org", "--role-arn", "arn:aws:iam::111122223333:role/a"}, "--org finds the accounts itself"},
		{"org role", []string{"--org", "--org-role", "a:b"}, `--org-role "a:b" is not an IAM role name`},
		{"shard range", []string{"--shard", "4/3"}, `--shard "4/3": K must be a number from 1 to 3`},
		{"shard form", []string{"--shard", "3"}, `want K/N`},
		{"shard auto unset", []string{"--shard", "auto/3"}, "JOB_COMPLETION_INDEX is not set"},
		{"shard and previous", []string{"--shard", "1/3", "--previous", "last.json"}, "--previous compares whole audits: give it to bulwark report when it merges the shards"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := execAudit(t, append([]string{"audit", "--no-config", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:1"}, tt.args...)...)
			assert.Equal(t, ExitError, code)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

// TestAuditShardsMergeToTheWhole audits the organization whole, then in
// three shards (the third through JOB_COMPLETION_INDEX, as a Kubernetes
// Indexed Job would), and merges the shards with bulwark report: the
// same findings, resources, Regions and diagnostics as the whole. Two
// shards out of three are a warning and exit 2 (0 with --allow-partial);
// a shard of another audit is refused.
func TestAuditShardsMergeToTheWhole(t *testing.T) {
	front := orgFront(t)
	dir := t.TempDir()
	// Baselined findings that are gone: each shard says so only of its own
	// slice, so the merge lists each once, as the whole audit does.
	baseline := filepath.Join(dir, "baseline.json")
	require.NoError(t, os.WriteFile(baseline, []byte(`{"schema_version": "1", "tool": {"name": "bulwark", "version": "0.1.0"}, "findings": [
		{"fingerprint": "aaaaaaaaaaaaaaaa", "rule_id": "BW-PITR-001", "file": "aws://`+orgActive+`/eu-west-3", "resource": "table/gone"},
		{"fingerprint": "bbbbbbbbbbbbbbbb", "rule_id": "BW-PITR-001", "file": "aws://`+orgActive2+`/ap-south-1", "resource": "table/gone"},
		{"fingerprint": "cccccccccccccccc", "rule_id": "BW-HEALTH-CHECK-001", "file": "aws://`+orgActive2+`/global", "resource": "healthcheck/gone"},
		{"fingerprint": "dddddddddddddddd", "rule_id": "BW-PITR-001", "file": "infra/orders.yaml", "resource": "Orders"}]}`), 0o644))
	args := []string{"audit", "--org", "--endpoint-url", front.URL, "--regions", "eu-west-3,ap-south-1", "--format", "json", "--no-config",
		"--baseline", baseline}
	whole := filepath.Join(dir, "whole.json")
	_, stderr, code := execAudit(t, append(args, "-o", whole)...)
	require.Equal(t, ExitFindings, code, stderr)

	var shards []string
	for k := 1; k <= 3; k++ {
		out := filepath.Join(dir, fmt.Sprintf("shard-%d.json", k))
		shardArgs := append(slices.Clone(args), "-o", out, "--shard", fmt.Sprintf("%d/3", k))
		if k == 3 {
			t.Setenv("JOB_COMPLETION_INDEX", "2")
			shardArgs[len(shardArgs)-1] = "auto/3"
		}
		_, stderr, code := execAudit(t, shardArgs...)
		require.Contains(t, []int{ExitOK, ExitFindings}, code, stderr)
		shards = append(shards, out)
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		s := readAudit(t, data).Shard
		require.NotNil(t, s)
		assert.Equal(t, k, s.Index)
		assert.Equal(t, 3, s.Count)
		assert.Equal(t, []string{orgActive, orgDenied, orgActive2}, s.Accounts, "what the audit was drawn from: the suspended account is not")
		assert.Equal(t, []string{"ap-south-1", "eu-west-3"}, s.Regions)
	}

	code, merged, stderr := runReportCmd(t, "", append([]string{"report", "-f", "json"}, shards...)...)
	require.Equal(t, ExitOK, code, stderr)
	assert.Empty(t, stderr)
	data, err := os.ReadFile(whole)
	require.NoError(t, err)
	w, m := readAudit(t, data), readAudit(t, []byte(merged))
	require.NotEmpty(t, w.Findings)
	assert.Equal(t, w.findingKeys(), m.findingKeys())
	assert.Equal(t, w.Summary, m.Summary)
	sortedSources := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	assert.Equal(t, sortedSources(w.Sources), sortedSources(m.Sources))
	assert.Equal(t, w.messages(), m.messages(), "each coverage note once, as in the whole audit")
	require.Len(t, w.Fixed, 4)
	assert.ElementsMatch(t, w.Fixed, m.Fixed)

	// A shard missing: said in the report and on standard error, exit 2.
	code, merged, stderr = runReportCmd(t, "", "report", "-f", "json", shards[0], shards[2])
	assert.Equal(t, ExitError, code)
	assert.Equal(t, "bulwark: warning: shard 2/3 is missing: the accounts and Regions it audits are not in this report\n", stderr)
	assert.Contains(t, strings.Join(readAudit(t, []byte(merged)).messages(), "\n"), "shard 2/3 is missing")
	code, _, stderr = runReportCmd(t, "", "report", "-f", "json", "--allow-partial", shards[0], shards[2])
	assert.Equal(t, ExitOK, code)
	assert.Contains(t, stderr, "shard 2/3 is missing")

	// A shard of another audit (other Regions) is refused.
	other := filepath.Join(dir, "other-2.json")
	_, stderr, code = execAudit(t, "audit", "--org", "--endpoint-url", front.URL, "--region", "eu-west-3", "--format", "json",
		"--no-config", "--shard", "2/3", "-o", other)
	require.Contains(t, []int{ExitOK, ExitFindings}, code, stderr)
	code, _, stderr = runReportCmd(t, "", "report", "-f", "json", shards[0], other, shards[2])
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, shards[0]+" (shard 1/3) and "+other+" (shard 2/3) are shards of different audits (Regions ap-south-1,eu-west-3 and eu-west-3)")
}

// TestAuditOrgNotesAreEscaped: an account's name is chosen by whoever
// administers the organization; a note quoting it reaches the terminal
// or CI log escaped, so it cannot clear the screen or forge a log command.
func TestAuditOrgNotesAreEscaped(t *testing.T) {
	fakeCredentials(t)
	front := livetest.New()
	t.Cleanup(front.Close)
	front.FakeRegion("eu-west-3", livetest.Fake{Tables: 1})
	front.Organization(orgManagement, 2,
		livetest.Member{ID: orgActive, Name: "prod", Status: "ACTIVE"},
		livetest.Member{ID: orgSuspended, Name: "old\x1b[2J\r\n::error::forged", Status: "SUSPENDED"})
	_, stderr, _ := execAudit(t, "audit", "--org", "--endpoint-url", front.URL, "--regions", "eu-west-3", "--format", "json", "--no-config")
	assert.NotContains(t, stderr, "\x1b")
	assert.NotContains(t, stderr, "\n::error::")
	assert.Contains(t, stderr, "skipped: it is SUSPENDED")
}
