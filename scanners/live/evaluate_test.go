package live

import (
	"sort"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func findingKeys(res *rules.ScanResult) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.RuleID+" "+f.File+" "+f.Resource)
	}
	sort.Strings(out)
	return out
}

// TestEvaluateFixtures judges the fixture Region: live facts decide
// (real zones, the account's concurrency limit, live PITR), rules that
// need a template or evidence the audit does not read stay quiet.
func TestEvaluateFixtures(t *testing.T) {
	region, stack, global := file(fixtureRegion), file(fixtureRegion)+"/web", "aws://"+livetest.Account+"/global"
	tests := []struct {
		name  string
		setup func(f *livetest.Front)
		eval  rules.EvalOptions
		want  []string
	}{
		{
			name: "live facts",
			want: []string{
				"BW-BACKUP-001 " + region + " backupplan/daily",     // cold storage 30 days, deleted at 60
				"BW-CONCURRENCY-002 " + region + " function/worker", // 150 of the account's real 200 - 100
				"BW-COUPLING-001 " + region + " queue/events",       // polled by worker, no RedrivePolicy
				"BW-COUPLING-002 " + region + " queue/events",       // 1000 s < 6 x 900 s + 20 s window
				"BW-COUPLING-003 " + region + " queue/jobs",         // 60 s < worker's 900 s
				"BW-HEALTH-CHECK-001 " + global + " recordset/api.example.com/CNAME/primary",
				"BW-HEALTH-CHECK-004 " + stack + " WebTargetGroup", // live false beats the template's true
				"BW-HEALTH-CHECK-005 " + region + " autoscalinggroup/workers",
				"BW-MONITORING-001 " + region + " queue/jobs-dlq", // jobs' dead-letter queue, no alarm in the Region
				"BW-MONITORING-002 " + stack + " ApiCheck",
				"BW-MULTI-AZ-003 " + stack + " WebService", // subnet-a and subnet-a2: one zone
				"BW-MULTI-AZ-005 " + region + " db/ledger",
				"BW-MULTI-AZ-006 " + region + " replicationgroup/sessions", // failover, no Multi-AZ, both nodes in zone a
				"BW-MULTI-AZ-007 " + region + " cachecluster/memo",         // 3 Memcached nodes, all in zone b
				"BW-MULTI-AZ-008 " + region + " filesystem/fs-onezone",     // One Zone, whatever its backups
				"BW-MULTI-AZ-010 " + region + " function/worker",           // VpcConfig lists subnet-a only
				"BW-MULTI-AZ-013 " + region + " broker/queue",              // SINGLE_INSTANCE
				"BW-MULTI-AZ-015 " + region + " nodegroup/apps/general",    // subnet-a and subnet-a2: one zone
				"BW-PITR-004 " + region + " cluster/ledger-aurora",
				"BW-THROTTLING-002 " + region + " httpstage/web1/$default", // no route throttling
				"BW-TIMEOUTS-001 " + region + " function/worker",           // 900 s behind integrations of 29 and 30 s
			},
		},
		{
			name: "an explicit concurrency limit wins over the account's",
			eval: rules.EvalOptions{KeepSettings: true, Env: rules.Env{Settings: map[string]any{"account_concurrency_limit": int64(1000)}}},
			want: []string{
				"BW-BACKUP-001 " + region + " backupplan/daily",
				"BW-COUPLING-001 " + region + " queue/events",
				"BW-COUPLING-002 " + region + " queue/events",
				"BW-COUPLING-003 " + region + " queue/jobs",
				"BW-HEALTH-CHECK-001 " + global + " recordset/api.example.com/CNAME/primary",
				"BW-HEALTH-CHECK-004 " + stack + " WebTargetGroup",
				"BW-HEALTH-CHECK-005 " + region + " autoscalinggroup/workers",
				"BW-MONITORING-001 " + region + " queue/jobs-dlq",
				"BW-MONITORING-002 " + stack + " ApiCheck",
				"BW-MULTI-AZ-003 " + stack + " WebService",
				"BW-MULTI-AZ-005 " + region + " db/ledger",
				"BW-MULTI-AZ-006 " + region + " replicationgroup/sessions",
				"BW-MULTI-AZ-007 " + region + " cachecluster/memo",
				"BW-MULTI-AZ-008 " + region + " filesystem/fs-onezone",
				"BW-MULTI-AZ-010 " + region + " function/worker",
				"BW-MULTI-AZ-013 " + region + " broker/queue",
				"BW-MULTI-AZ-015 " + region + " nodegroup/apps/general",
				"BW-PITR-004 " + region + " cluster/ledger-aurora",
				"BW-THROTTLING-002 " + region + " httpstage/web1/$default",
				"BW-TIMEOUTS-001 " + region + " function/worker",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			serveFixtures(f, fixtureRegion)
			inv := audit(t, options(f, fixtureRegion))
			e, err := rules.New(rules.Options{})
			require.NoError(t, err)
			res := judge(e, inv, tt.eval)
			assert.Equal(t, tt.want, findingKeys(res))
			assert.Equal(t, 3+(28+netFixtureResources+6+8+2+1)+(2+1), res.Resources, "stack, Region (events 6, API Gateway 8, S3 2, the worker's event invoke config 1) and global (Route 53 2, CloudFront 1) resources; helper subnets not counted")
			assert.Equal(t, 3, res.Templates, "the stack, the Region, the global services (Route 53 and CloudFront share one)")
		})
	}
}

// TestUnreadEvidenceIsNotAFinding: when the alarms cannot be read, an
// unwatched health check outside stacks, or a dead-letter queue, is not
// reported as unwatched.
func TestUnreadEvidenceIsNotAFinding(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	f.SetStackResources("web") // the health check is now outside any stack
	f.Fail("*", "monitoring", "DescribeAlarms", -1, 400, "AccessDenied")
	inv := audit(t, options(f, fixtureRegion))
	got := strings.Join(messages(inv.Diagnostics), "\n")
	assert.Contains(t, got, "service route53 (cloudwatch:DescribeAlarms): access denied; unknown: which health checks an alarm watches (BW-MONITORING-002 not judged)")
	assert.Contains(t, got, "service sqs (cloudwatch:DescribeAlarms): access denied; unknown: which queues an alarm watches (BW-MONITORING-001 not judged)")
	global := "aws://" + livetest.Account + "/global"
	require.NotNil(t, resource(inv, global, "healthcheck/hc-1"))
	for _, k := range findingKeys(evaluate(t, inv)) {
		assert.NotContains(t, k, "BW-MONITORING-002 "+global, "not judged without the alarms")
		assert.NotContains(t, k, "BW-MONITORING-001 ", "not judged without the alarms")
	}
	require.NotNil(t, resource(inv, file(fixtureRegion), "queue/jobs-dlq"), "the dead-letter queue is still reported")
}
