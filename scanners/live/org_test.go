package live

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	management = "999999999999"
	active     = "111111111111"
	suspended  = "222222222222"
	denied     = "333333333333"
)

// organization serves an organization of three accounts, two a page: one
// active, one suspended (by the older Status field), one whose role
// cannot be assumed; the caller is the management account, not a member
// listed here.
func organization(f *livetest.Front) {
	f.Organization(management, 2,
		livetest.Member{ID: denied, Name: "sandbox", Status: "ACTIVE", Denied: true},
		livetest.Member{ID: active, Name: "prod", Status: "ACTIVE"},
		livetest.Member{ID: suspended, Name: "old", Status: "SUSPENDED"})
}

func orgOptions(f *livetest.Front, regions ...string) Options {
	o := options(f, regions...)
	o.Org, o.OrgRole, o.Services = true, "bulwark-audit", []string{"dynamodb"}
	return o
}

// TestOrgAuditsActiveAccountsThroughTheirRole: the active account is
// audited through its role; the suspended one is skipped and listed; the
// denied one is a gap while the others are still audited.
func TestOrgAuditsActiveAccountsThroughTheirRole(t *testing.T) {
	f := newFront(t)
	organization(f)
	inv := audit(t, orgOptions(f, "eu-west-1"))
	assert.Equal(t, []string{"aws://" + active + "/eu-west-1"}, inv.Scopes)
	assert.Equal(t, []string{active, denied}, inv.Run.Accounts, "the suspended account is not drawn")
	msgs := messages(inv.Diagnostics)
	assert.Contains(t, msgs, "info account "+suspended+" (old) skipped: it is SUSPENDED")
	assert.Contains(t, msgs, "warning not checked: account "+denied+", service sts (AssumeRole arn:aws:iam::"+denied+
		":role/bulwark-audit): access denied (AccessDenied: not authorized to perform sts:AssumeRole on arn:aws:iam::"+denied+":role/bulwark-audit)")
	assert.Equal(t, 2, calls(f, "eu-west-1", "organizations", "ListAccounts")+calls(f, "us-east-1", "organizations", "ListAccounts"),
		"three accounts, two a page: two pages")
	var roles []string
	for _, c := range f.Calls() {
		if c.Operation == "AssumeRole" {
			roles = append(roles, c.Region)
		}
	}
	assert.Len(t, roles, 2, "no role is assumed in the suspended account")
}

// TestOrgStateField: the newer State field wins over Status.
func TestOrgStateField(t *testing.T) {
	f := newFront(t)
	f.Organization(management, 10,
		livetest.Member{ID: active, Name: "prod", Status: "ACTIVE", State: "ACTIVE"},
		livetest.Member{ID: suspended, Name: "closing", Status: "ACTIVE", State: "PENDING_CLOSURE"})
	inv := audit(t, orgOptions(f, "eu-west-1"))
	assert.Equal(t, []string{"aws://" + active + "/eu-west-1"}, inv.Scopes)
	assert.Contains(t, messages(inv.Diagnostics), "info account "+suspended+" (closing) skipped: it is PENDING_CLOSURE")
}

// TestOrgOwnAccountFallsBackToTheCallersCredentials: the management
// account, listed like any member, has no audit role: it is audited with
// the caller's own credentials, and a note says so.
func TestOrgOwnAccountFallsBackToTheCallersCredentials(t *testing.T) {
	f := newFront(t)
	f.Organization(management, 10,
		livetest.Member{ID: management, Name: "management", Status: "ACTIVE", Denied: true},
		livetest.Member{ID: active, Name: "prod", Status: "ACTIVE"})
	inv := audit(t, orgOptions(f, "eu-west-1"))
	assert.Equal(t, []string{"aws://" + active + "/eu-west-1", "aws://" + management + "/eu-west-1"}, inv.Scopes)
	msgs := strings.Join(messages(inv.Diagnostics), "\n")
	assert.Contains(t, msgs, "info account "+management+" audited with the caller's own credentials: role arn:aws:iam::"+management+":role/bulwark-audit could not be assumed there (access denied")
	assert.NotContains(t, msgs, "not checked")
}

// TestOrgFilters: --accounts keeps, --exclude-accounts drops, and an id
// the organization does not have is said, not silently ignored.
func TestOrgFilters(t *testing.T) {
	tests := []struct {
		name             string
		include, exclude []string
		want             []string // accounts drawn
		note             string
	}{
		{"all", nil, nil, []string{active, denied}, ""},
		{"include", []string{active}, nil, []string{active}, ""},
		{"exclude", nil, []string{denied}, []string{active}, ""},
		{"both", []string{active, denied}, []string{denied}, []string{active}, ""},
		{"unknown id", []string{active, "444444444444"}, nil, []string{active}, "info account 444444444444 given with --accounts is not in the organization: not audited"},
		{"suspended named", []string{active, suspended}, nil, []string{active}, "info account " + suspended + " (old) skipped: it is SUSPENDED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			organization(f)
			o := orgOptions(f, "eu-west-1")
			o.Accounts, o.ExcludeAccounts = tt.include, tt.exclude
			inv := audit(t, o)
			assert.Equal(t, tt.want, inv.Run.Accounts)
			if tt.note != "" {
				assert.Contains(t, messages(inv.Diagnostics), tt.note)
			}
			assumed := 0
			for _, c := range f.Calls() {
				if c.Operation == "AssumeRole" {
					assumed++
				}
			}
			assert.Equal(t, len(tt.want), assumed, "roles are assumed only in the accounts kept")
		})
	}
}

// TestRoleFilters: with --role-arn the filters read the account id in
// each role's ARN.
func TestRoleFilters(t *testing.T) {
	f := newFront(t)
	organization(f)
	o := options(f, "eu-west-1")
	o.Services = []string{"dynamodb"}
	o.RoleARNs = []string{"arn:aws:iam::" + active + ":role/audit", "arn:aws:iam::" + denied + ":role/audit"}
	o.ExcludeAccounts = []string{denied}
	inv := audit(t, o)
	assert.Equal(t, []string{"aws://" + active + "/eu-west-1"}, inv.Scopes)
	assert.NotContains(t, strings.Join(messages(inv.Diagnostics), "\n"), denied)
}

func TestOrgListingDenied(t *testing.T) {
	f := newFront(t)
	organization(f)
	f.Fail("*", "organizations", "ListAccounts", -1, 403, "AccessDeniedException")
	_, err := Audit(context.Background(), orgOptions(f, "eu-west-1"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listing the organization's accounts (organizations:ListAccounts, from the management account or a delegated administrator): access denied")
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"plain", Options{}, ""},
		{"org", Options{Org: true, OrgRole: DefaultOrgRole, Accounts: []string{active}}, ""},
		{"short id", Options{Org: true, OrgRole: "r", Accounts: []string{"12345"}}, `--accounts: "12345" is not an AWS account id (12 digits)`},
		{"letters", Options{Org: true, OrgRole: "r", ExcludeAccounts: []string{"11112222333x"}}, `--exclude-accounts: "11112222333x" is not an AWS account id (12 digits)`},
		{"filters alone", Options{Accounts: []string{active}}, "--accounts and --exclude-accounts choose among the accounts of --org, --role-arn or --role-file"},
		{"filters with roles", Options{RoleARNs: []string{"arn:aws:iam::" + active + ":role/a"}, Accounts: []string{active}}, ""},
		{"org and roles", Options{Org: true, OrgRole: "r", RoleARNs: []string{"arn:aws:iam::1:role/a"}}, "--org finds the accounts itself"},
		{"bad role name", Options{Org: true, OrgRole: "a/b"}, `--org-role "a/b" is not an IAM role name`},
		{"empty role name", Options{Org: true}, `--org-role "" is not an IAM role name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.o.Validate()
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestOrgPartitionFromTheCaller: the role ARNs are in the caller's
// partition (here AWS China), not always "aws".
func TestOrgPartitionFromTheCaller(t *testing.T) {
	f := newFront(t)
	f.Organization(management, 10, livetest.Member{ID: active, Name: "prod", Status: "ACTIVE"})
	var roles []string
	f.Handle("*", "sts", "AssumeRole", func(w http.ResponseWriter, r *livetest.Request) {
		roles = append(roles, r.Form.Get("RoleArn"))
		livetest.QueryXML(w, r, `<Credentials><AccessKeyId>ASIA`+active+`</AccessKeyId><SecretAccessKey>s</SecretAccessKey>`+
			`<SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>`+
			`<AssumedRoleUser><Arn>arn:aws-cn:sts::`+active+`:assumed-role/bulwark-audit/bulwark-audit</Arn><AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser>`)
	})
	f.Handle("*", "sts", "GetCallerIdentity", func(w http.ResponseWriter, r *livetest.Request) {
		account, arn := management, "arn:aws-cn:iam::"+management+":user/auditor"
		if strings.Contains(r.HTTP.Header.Get("Authorization"), "ASIA"+active) {
			account, arn = active, "arn:aws-cn:sts::"+active+":assumed-role/bulwark-audit/bulwark-audit"
		}
		livetest.QueryXML(w, r, `<Account>`+account+`</Account><Arn>`+arn+`</Arn><UserId>AIDA</UserId>`)
	})
	inv := audit(t, orgOptions(f, "cn-north-1"))
	assert.Equal(t, []string{"arn:aws-cn:iam::" + active + ":role/bulwark-audit"}, roles)
	assert.Equal(t, []string{"aws://" + active + "/cn-north-1"}, inv.Scopes)
}
