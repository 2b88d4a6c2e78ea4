package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// execAudit runs the command line with the audit command registered, as
// Execute does once root.go registers it.
func execAudit(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	root := NewRoot()
	root.AddCommand(newAuditCmd())
	var out, errOut bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.Execute()
	code = ExitOK
	if err != nil {
		code = ExitError
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		if ee == nil || ee.err != nil {
			fmt.Fprintln(&errOut, "bulwark:", err)
		}
	}
	return out.String(), errOut.String(), code
}

// fakeCredentials points the default credential chain at static fake
// keys and away from any real AWS configuration on the machine.
func fakeCredentials(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIDBULWARKTEST", "AWS_SECRET_ACCESS_KEY": "not-a-secret", "AWS_SESSION_TOKEN": "",
		"AWS_PROFILE": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ENDPOINT_URL": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
}

type auditFinding struct{ Rule, File, Resource string }

// TestAuditEndToEnd creates resources in the emulator (a table without
// point-in-time recovery, load balancers in one subnet and in one zone, a
// stack from an example template) and a second Region served by the
// front, runs `bulwark audit --format json` on both Regions, and expects
// exactly these findings, stack resources under their logical ids.
func TestAuditEndToEnd(t *testing.T) {
	fakeCredentials(t)
	front := livetest.New()
	defer front.Close()
	sc, err := livetest.Seed(context.Background(), front, "e2e", filepath.Join("testdata", "examples", "orders-service.yaml"))
	require.NoError(t, err)
	front.Reset()

	stdout, stderr, code := execAudit(t, "audit", "--endpoint-url", front.URL, "--regions", "us-east-1,us-west-2",
		"--format", "json", "--no-config")
	require.Equal(t, ExitFindings, code, "stderr: %s", stderr)
	assert.Empty(t, stderr, "no progress line when stderr is not a terminal")

	var rep struct {
		Sources  []string
		Summary  struct{ Findings, Errors int }
		Findings []struct {
			RuleID                  string `json:"rule_id"`
			File, Resource, Message string
			Line                    int
		}
		Diagnostics []struct{ File, Severity, Message string }
		Workloads   []struct {
			Name string
			Tier int
		}
		Coverage []struct{ Account, Region, Service, Status string }
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	assert.Equal(t, []string{"aws://000000000000/us-east-1", "aws://000000000000/us-west-2", "aws://000000000000/global"}, rep.Sources)
	assert.Empty(t, rep.Diagnostics, "every service answered")
	// The coverage list: every service of both Regions read, the global
	// ones (Route 53, CloudFront) once.
	global := len(live.GlobalServices())
	require.Len(t, rep.Coverage, 2*(len(live.Services())-global)+global)
	for _, c := range rep.Coverage {
		assert.Equal(t, "read", c.Status, "%+v", c)
	}

	east, west, stack := "aws://000000000000/us-east-1", "aws://000000000000/us-west-2", "aws://000000000000/us-east-1/"+sc.Stack
	want := []auditFinding{
		{"BW-MULTI-AZ-001", east, "loadbalancer/" + sc.LBSameAZ},
		{"BW-MULTI-AZ-001", east, "loadbalancer/" + sc.LBSingle},
		{"BW-PITR-001", east, "table/" + sc.TableNoPITR},
		// No BW-CONCURRENCY-001 on OrdersFunction: nothing in the stack can
		// starve it (no function behind an unbounded trigger).
		{"BW-HEALTH-CHECK-004", stack, "OrdersTargetGroup"},
		{"BW-MULTI-AZ-001", stack, "OrdersLoadBalancer"},
		{"BW-MULTI-AZ-005", stack, "OrdersDatabase"},
		{"BW-PITR-001", stack, "OrdersTable"},
		{"BW-PITR-003", stack, "OrdersDatabase"},
		{"BW-TIER-001", stack, "OrdersDatabase"},
		{"BW-TIER-001", stack, "OrdersTable"},
		{"BW-TIER-002", stack, "OrdersDatabase"},
		{"BW-TIER-002", stack, "OrdersTable"},
		{"BW-CONCURRENCY-003", west, "function/" + sc.WestFunction},
		// The stack's template is tier 2: its data stores keep the default
		// policies (deleted on replacement) and no deletion protection.
		{"BW-DATA-PROTECTION-001", stack, "OrdersDatabase"},
		{"BW-DATA-PROTECTION-001", stack, "OrdersTable"},
		{"BW-DATA-PROTECTION-002", stack, "OrdersDatabase"},
		{"BW-DATA-PROTECTION-002", stack, "OrdersLoadBalancer"},
		{"BW-DATA-PROTECTION-002", stack, "OrdersTable"},
	}
	var got []auditFinding
	lines := map[string]int{}
	messages := map[string]string{}
	for _, f := range rep.Findings {
		got = append(got, auditFinding{f.RuleID, f.File, f.Resource})
		lines[f.RuleID+" "+f.Resource] = f.Line
		messages[f.RuleID+" "+f.Resource] = f.Message
	}
	sortFindings(want)
	sortFindings(got)
	assert.Equal(t, want, got)
	assert.Equal(t, len(want), rep.Summary.Findings)

	// Live facts, located in the deployed template.
	assert.Equal(t, 19, lines["BW-PITR-001 OrdersTable"], "the stack's own template gives the line")
	assert.Contains(t, messages["BW-PITR-001 OrdersTable"], "PointInTimeRecoveryEnabled off", "the live state, not the template's")
	assert.Contains(t, messages["BW-MULTI-AZ-001 OrdersLoadBalancer"], "2 subnets, all in the same Availability Zone (us-east-1a)",
		"subnets resolved to their real zone")
	assert.Contains(t, messages["BW-MULTI-AZ-001 loadbalancer/"+sc.LBSingle], "only 1 subnet")

	tiers := map[string]int{}
	for _, w := range rep.Workloads {
		tiers[w.Name] = w.Tier
	}
	assert.Equal(t, 2, tiers["000000000000/us-east-1/"+sc.Stack], "the template's Metadata.bulwark.tier")

	// Every request was one the IAM policy allows.
	allowed := policyActions(t)
	for _, c := range front.Calls() {
		assert.True(t, allowed[c.Action()], "%s is not in docs/iam-policy.json", c.Action())
	}

	// The config file's suppressions apply to audit findings too, matched
	// on the aws:// address as the file.
	cfg := filepath.Join(t.TempDir(), ".bulwark.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("suppressions:\n"+
		"  - {rule: BW-PITR-001, file: \"aws://*/us-east-1/*\", resource: OrdersTable, reason: restored from exports, expires: 2099-01-01}\n"+
		"  - {rule: BW-MULTI-AZ-001, file: \"aws://000000000000/us-east-1\", resource: \"loadbalancer/*\", reason: test stacks}\n"), 0o644))
	stdout, stderr, code = execAudit(t, "audit", "--endpoint-url", front.URL, "--region", "us-east-1", "--format", "json",
		"--config", cfg, "--services", "dynamodb,cloudformation,elbv2,ec2")
	require.Equal(t, ExitFindings, code, "stderr: %s", stderr)
	var suppressed struct {
		Findings []struct {
			RuleID         string `json:"rule_id"`
			File, Resource string
			Status         string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &suppressed))
	status := map[string]string{}
	for _, f := range suppressed.Findings {
		status[f.RuleID+" "+f.File+" "+f.Resource] = f.Status
	}
	assert.Equal(t, "suppressed", status["BW-PITR-001 "+stack+" OrdersTable"])
	assert.Equal(t, "suppressed", status["BW-MULTI-AZ-001 "+east+" loadbalancer/"+sc.LBSingle])
	assert.Equal(t, "fail", status["BW-PITR-001 "+east+" table/"+sc.TableNoPITR], "not matched by the suppression's resource")
	assert.Equal(t, "fail", status["BW-MULTI-AZ-001 "+stack+" OrdersLoadBalancer"], "not matched by the suppression's file")

	// The text format names the stack and the logical id with its line.
	text, _, code := execAudit(t, "audit", "--endpoint-url", front.URL, "--region", "us-east-1", "--no-config", "--services", "dynamodb,cloudformation")
	assert.Equal(t, ExitFindings, code)
	assert.Contains(t, text, stack+":19:5: HIGH     BW-PITR-001 OrdersTable")
}

func sortFindings(f []auditFinding) {
	sort.Slice(f, func(i, j int) bool {
		return fmt.Sprint(f[i]) < fmt.Sprint(f[j])
	})
}

func policyActions(t *testing.T) map[string]bool {
	t.Helper()
	// TestMain runs the tests from the repository root.
	data, err := os.ReadFile(filepath.Join("docs", "iam-policy.json"))
	require.NoError(t, err)
	var doc struct{ Statement []struct{ Action []string } }
	require.NoError(t, json.Unmarshal(data, &doc))
	out := map[string]bool{}
	for _, s := range doc.Statement {
		for _, a := range s.Action {
			out[a] = true
		}
	}
	return out
}

func TestAuditUsageErrors(t *testing.T) {
	fakeCredentials(t)
	roles := filepath.Join(t.TempDir(), "roles.txt")
	require.NoError(t, os.WriteFile(roles, []byte("# accounts\nnot-an-arn\n"), 0o644))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown format", []string{"--format", "yaml"}, `unknown --format "yaml"`},
		{"unknown service", []string{"--services", "nosuchservice"}, `unknown service "nosuchservice"`},
		{"bad role file", []string{"--role-file", roles}, `"not-an-arn" is not a role ARN`},
		{"missing role file", []string{"--role-file", roles + ".missing"}, "--role-file"},
		{"no region", []string{}, "no AWS Region"},
		{"zero parallel", []string{"--region", "us-east-1", "--parallel", "0"}, "must be positive"},
		{"negative rate", []string{"--region", "us-east-1", "--rate", "-2"}, "--rate must be positive"},
		{"unknown retry mode", []string{"--region", "us-east-1", "--retry-mode", "fast"}, "--retry-mode must be standard or adaptive"},
		{"arguments", []string{"infra/"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := execAudit(t, append([]string{"audit", "--no-config", "--endpoint-url", "http://127.0.0.1:1"}, tt.args...)...)
			assert.Equal(t, ExitError, code)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

func TestReadRoleFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roles.txt")
	require.NoError(t, os.WriteFile(path, []byte("# prod\narn:aws:iam::111122223333:role/audit\n\n  arn:aws:iam::444455556666:role/audit # dev\n"), 0o644))
	roles, err := readRoleFile(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"arn:aws:iam::111122223333:role/audit", "arn:aws:iam::444455556666:role/audit"}, roles)
}

func TestProgressLineOnlyOnTerminals(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressLine(&buf)
	p.update(live.Progress{Done: 1, Total: 2})
	p.clear()
	assert.Empty(t, buf.String(), "a buffer is not a terminal")
	file, err := os.CreateTemp(t.TempDir(), "stderr")
	require.NoError(t, err)
	defer file.Close()
	assert.Nil(t, newProgressLine(file).w, "a regular file is not a terminal")
}
