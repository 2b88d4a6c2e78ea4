package live

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAuditResilience: throttling is retried with backoff, a denied
// service or a Region the account has not enabled is a "not checked"
// warning while the rest is audited, a hung call costs one deadline.
func TestAuditResilience(t *testing.T) {
	const region, optIn = "eu-west-1", "ap-east-1"
	tests := []struct {
		name     string
		setup    func(f *livetest.Front, o *Options)
		regions  []string
		services []string
		check    func(t *testing.T, f *livetest.Front, inv *Inventory)
		diags    []string // substrings, one per expected diagnostic, in order
	}{
		{
			name: "throttled twice then answered",
			setup: func(f *livetest.Front, o *Options) {
				f.Fail(region, "dynamodb", "ListTables", 2, 400, "ThrottlingException")
			},
			services: []string{"dynamodb"},
			check: func(t *testing.T, f *livetest.Front, inv *Inventory) {
				assert.Equal(t, 3, calls(f, region, "dynamodb", "ListTables"), "two throttled attempts, then the answer")
				assert.NotNil(t, resource(inv, file(region), "table/"+region+"-table-0002"))
			},
		},
		{
			name: "throttled on every attempt",
			setup: func(f *livetest.Front, o *Options) {
				o.MaxAttempts = 3
				f.Fail(region, "dynamodb", "ListTables", -1, 400, "ThrottlingException")
			},
			services: []string{"dynamodb", "ec2"},
			check: func(t *testing.T, f *livetest.Front, inv *Inventory) {
				assert.Equal(t, 3, calls(f, region, "dynamodb", "ListTables"), "attempts are bounded")
			},
			diags: []string{"warning not checked: account 000000000000, region eu-west-1, service dynamodb: still throttled after every retry (ThrottlingException"},
		},
		{
			name: "access denied on one service",
			setup: func(f *livetest.Front, o *Options) {
				f.Fail(region, "lambda", "*", -1, 403, "AccessDeniedException")
			},
			services: []string{"dynamodb", "lambda"},
			check: func(t *testing.T, f *livetest.Front, inv *Inventory) {
				assert.NotNil(t, resource(inv, file(region), "table/"+region+"-table-0000"), "the other services are audited")
				assert.Nil(t, resource(inv, file(region), "function/"+region+"-fn-0000"))
			},
			diags: []string{
				"warning not checked: account 000000000000, region eu-west-1, service lambda (GetAccountSettings): access denied; unknown: the account's concurrency limit",
				"warning not checked: account 000000000000, region eu-west-1, service lambda: access denied (AccessDeniedException: injected by the test front)",
			},
		},
		{
			name: "one call denied for every table",
			setup: func(f *livetest.Front, o *Options) {
				f.Fail(region, "dynamodb", "DescribeContinuousBackups", -1, 400, "AccessDeniedException")
			},
			services: []string{"dynamodb"},
			check: func(t *testing.T, f *livetest.Front, inv *Inventory) {
				r := resource(inv, file(region), "table/"+region+"-table-0001")
				require.NotNil(t, r, "the table is still reported")
				assert.Equal(t, unknown("dynamodb:DescribeContinuousBackups"), r.Properties["PointInTimeRecoverySpecification"])
				for _, f := range evaluate(t, inv).Findings {
					assert.NotEqual(t, "BW-PITR-001", f.RuleID, "an unknown is never a failure")
				}
			},
			diags: []string{"warning not checked: account 000000000000, region eu-west-1, service dynamodb (DescribeContinuousBackups): access denied; unknown for 3 resources: point-in-time recovery"},
		},
		{
			name: "a Region the account has not enabled",
			setup: func(f *livetest.Front, o *Options) {
				f.Fail(optIn, "*", "*", -1, 403, "UnrecognizedClientException")
			},
			regions:  []string{region, optIn},
			services: []string{"dynamodb", "ec2", "lambda"},
			check: func(t *testing.T, f *livetest.Front, inv *Inventory) {
				assert.NotNil(t, resource(inv, file(region), "table/"+region+"-table-0000"))
			},
			diags: []string{"warning not checked: account 000000000000, region ap-east-1: the Region is not enabled for this account, or the credentials are not valid there; unknown: every service"},
		},
		{
			name: "a call that hangs",
			setup: func(f *livetest.Front, o *Options) {
				o.CallTimeout, o.MaxAttempts = 100*time.Millisecond, 1
				f.Handle(region, "rds", "DescribeDBInstances", func(w http.ResponseWriter, r *livetest.Request) {
					time.Sleep(400 * time.Millisecond)
					livetest.Empty(w, r)
				})
			},
			services: []string{"dynamodb", "rds"},
			diags:    []string{"warning not checked: account 000000000000, region eu-west-1, service rds: timed out"},
		},
		{
			name: "a table deleted between list and describe",
			setup: func(f *livetest.Front, o *Options) {
				f.Fail(region, "dynamodb", "DescribeTable", 1, 400, "ResourceNotFoundException")
			},
			services: []string{"dynamodb"},
			check: func(t *testing.T, f *livetest.Front, inv *Inventory) {
				assert.Len(t, source(inv, file(region)).Template.Resources, 2, "gone is not a gap")
			},
		},
		{
			name: "nothing can be read",
			setup: func(f *livetest.Front, o *Options) {
				f.Fail(region, "dynamodb", "*", -1, 403, "AccessDeniedException")
			},
			services: []string{"dynamodb"},
			diags: []string{
				"warning not checked: account 000000000000, region eu-west-1, service dynamodb: access denied",
				"error no service could be audited in account 000000000000",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			f.FakeRegion(region, livetest.Fake{Tables: 3, Functions: 2})
			regions := tt.regions
			if regions == nil {
				regions = []string{region}
			}
			o := options(f, regions...)
			o.Services = tt.services
			tt.setup(f, &o)
			inv := audit(t, o)
			got := messages(inv.Diagnostics)
			require.Len(t, got, len(tt.diags), "%q", got)
			for i, want := range tt.diags {
				assert.Contains(t, got[i], want)
			}
			if tt.check != nil {
				tt.check(t, f, inv)
			}
		})
	}
}

// TestPagination follows every page: kumo's ListTables (100 a page) and
// the front's paginated Lambda, load balancer and target group listings.
func TestPagination(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	client := dynamodb.NewFromConfig(f.Config(f.Primary))
	for i := range 105 {
		require.NoError(t, livetest.CreateTable(ctx, client, fmt.Sprintf("page-%03d", i)))
	}
	f.FakeRegion("eu-west-2", livetest.Fake{Functions: 120, LoadBalancers: 7, TargetGroups: 5, PageSize: 3})
	f.Reset()
	o := options(f, f.Primary, "eu-west-2")
	o.Services = []string{"dynamodb", "lambda", "elbv2"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))

	tables := 0
	for _, r := range source(inv, file(f.Primary)).Template.Resources {
		if strings.HasPrefix(r.ID, "table/page-") {
			tables++
		}
	}
	assert.Equal(t, 105, tables, "more tables than one page")
	assert.GreaterOrEqual(t, calls(f, f.Primary, "dynamodb", "ListTables"), 2)
	west := source(inv, file("eu-west-2")).Template
	assert.Len(t, west.Resources, 120+7+5, "functions, load balancers and target groups (without ec2 the subnets stay references)")
	assert.Equal(t, 40, calls(f, "eu-west-2", "lambda", "ListFunctions"))
	assert.Equal(t, 3, calls(f, "eu-west-2", "elasticloadbalancing", "DescribeLoadBalancers"))
	assert.Equal(t, 2, calls(f, "eu-west-2", "elasticloadbalancing", "DescribeTargetGroups"))
}

// TestRegions audits two Regions side by side, and every enabled Region
// with AllRegions; Route 53 once per account.
func TestRegions(t *testing.T) {
	tests := []struct {
		name    string
		opts    func(o *Options)
		regions []string
		want    []string
	}{
		{"two Regions", func(o *Options) {}, []string{"us-west-2", "eu-west-1"},
			[]string{"aws://000000000000/eu-west-1", "aws://000000000000/us-west-2", "aws://000000000000/global"}},
		{"every enabled Region", func(o *Options) { o.AllRegions = true }, nil,
			[]string{"aws://000000000000/ap-south-1", "aws://000000000000/eu-west-1", "aws://000000000000/global"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			f.SetRegions("eu-west-1", "ap-south-1")
			f.FakeRegion("eu-west-1", livetest.Fake{Tables: 2})
			f.FakeRegion("us-west-2", livetest.Fake{Tables: 1})
			o := options(f, tt.regions...)
			o.Services = []string{"dynamodb", "route53"}
			tt.opts(&o)
			inv := audit(t, o)
			assert.Equal(t, tt.want, inv.Scopes)
			assert.NotNil(t, resource(inv, file("eu-west-1"), "table/eu-west-1-table-0001"))
			assert.Equal(t, 1, calls(f, "us-east-1", "route53", "ListHostedZones")+calls(f, "eu-west-1", "route53", "ListHostedZones")+
				calls(f, "us-west-2", "route53", "ListHostedZones")+calls(f, "ap-south-1", "route53", "ListHostedZones"), "once per account")
		})
	}
}

// TestBoundedConcurrency: calls to one service in one Region never exceed
// Parallel, and do run in parallel.
func TestBoundedConcurrency(t *testing.T) {
	f := newFront(t)
	f.Latency = 10 * time.Millisecond
	f.FakeRegion("eu-west-3", livetest.Fake{Tables: 40})
	o := options(f, "eu-west-3")
	o.Services, o.Parallel = []string{"dynamodb"}, 4
	audit(t, o)
	got := f.MaxInFlight("eu-west-3", "dynamodb")
	assert.LessOrEqual(t, got, 4)
	assert.GreaterOrEqual(t, got, 2)
}

// TestAssumeRole audits one account per role, through STS with the
// external id.
func TestAssumeRole(t *testing.T) {
	f := newFront(t)
	var externalIDs []string
	accounts := map[string]string{"arn:aws:iam::111111111111:role/audit": "ASIA1111", "arn:aws:iam::222222222222:role/audit": "ASIA2222"}
	f.Handle("*", "sts", "AssumeRole", func(w http.ResponseWriter, r *livetest.Request) {
		externalIDs = append(externalIDs, r.Form.Get("ExternalId"))
		livetest.QueryXML(w, r, `<Credentials><AccessKeyId>`+accounts[r.Form.Get("RoleArn")]+`</AccessKeyId><SecretAccessKey>s</SecretAccessKey>`+
			`<SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>`+
			`<AssumedRoleUser><Arn>`+r.Form.Get("RoleArn")+`</Arn><AssumedRoleId>AROA:bulwark-audit</AssumedRoleId></AssumedRoleUser>`)
	})
	f.Handle("*", "sts", "GetCallerIdentity", func(w http.ResponseWriter, r *livetest.Request) {
		account := "000000000000"
		if auth := r.HTTP.Header.Get("Authorization"); strings.Contains(auth, "ASIA1111") {
			account = "111111111111"
		} else if strings.Contains(auth, "ASIA2222") {
			account = "222222222222"
		}
		livetest.QueryXML(w, r, `<Account>`+account+`</Account><Arn>arn:aws:sts::`+account+`:assumed-role/audit/bulwark-audit</Arn><UserId>AROA</UserId>`)
	})
	o := options(f, "eu-west-1")
	o.Services = []string{"dynamodb"}
	o.RoleARNs = []string{"arn:aws:iam::111111111111:role/audit", "arn:aws:iam::222222222222:role/audit"}
	o.ExternalID = "bulwark-ext"
	inv := audit(t, o)
	assert.Equal(t, []string{"aws://111111111111/eu-west-1", "aws://222222222222/eu-west-1"}, inv.Scopes)
	assert.Equal(t, []string{"bulwark-ext", "bulwark-ext"}, externalIDs)

	f.Fail("*", "sts", "AssumeRole", -1, 403, "AccessDenied")
	_, err := Audit(context.Background(), o)
	require.Error(t, err, "no account reachable is an error")
	assert.Contains(t, err.Error(), "no account could be audited: not checked: account arn:aws:iam::111111111111:role/audit, service sts: access denied")
}
