package live

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/bulwarkhq/bulwark/scanners"
)

// DefaultOrgRole is the role --org assumes in each account unless
// --org-role names another. It is not OrganizationAccountAccessRole,
// which AWS creates with AdministratorAccess: an audit's credentials
// should be able to read and nothing else, so the role is one you create
// with docs/iam-policy.json (a StackSet deploys it to every account).
const DefaultOrgRole = "bulwark-audit"

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	roleNamePattern  = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
)

// Validate checks the options that need no call to AWS; an error is a
// usage error.
func (o *Options) Validate() error {
	for flag, ids := range map[string][]string{"--accounts": o.Accounts, "--exclude-accounts": o.ExcludeAccounts} {
		for _, id := range ids {
			if !accountIDPattern.MatchString(id) {
				return fmt.Errorf("%s: %q is not an AWS account id (12 digits)", flag, id)
			}
		}
	}
	if o.Org {
		if len(o.RoleARNs) > 0 {
			return fmt.Errorf("--org finds the accounts itself: give --org-role, not --role-arn or --role-file")
		}
		if !roleNamePattern.MatchString(o.OrgRole) {
			return fmt.Errorf("--org-role %q is not an IAM role name", o.OrgRole)
		}
	} else if len(o.RoleARNs) == 0 && (len(o.Accounts) > 0 || len(o.ExcludeAccounts) > 0) {
		return fmt.Errorf("--accounts and --exclude-accounts choose among the accounts of --org, --role-arn or --role-file")
	}
	if o.Shard.Sharded() && (o.Shard.Index < 1 || o.Shard.Index > o.Shard.Count) {
		return fmt.Errorf("--shard %s: K must be from 1 to N", o.Shard)
	}
	return nil
}

// account is one audited account: its id and the configuration whose
// credentials reach it.
type account struct {
	id      string
	label   string // the role ARN, or "default credentials"
	cfg     aws.Config
	regions []string
}

// target is an account to audit before its role is assumed.
type target struct {
	id   string // "" for the default credentials' account, until asked
	role string // "" for the default credentials
	own  bool   // the caller's own account: its credentials serve if the role is missing there
}

// wanted applies --accounts and --exclude-accounts.
func (o *Options) wanted(id string) bool {
	if len(o.Accounts) > 0 && !slices.Contains(o.Accounts, id) {
		return false
	}
	return !slices.Contains(o.ExcludeAccounts, id)
}

// accounts resolves the accounts to audit: the organization's, one per
// role, or the caller's own. An account whose identity cannot be
// established is a gap, not an error, so the others are still audited.
// run is filled with what the audit was drawn from.
func accounts(ctx context.Context, base aws.Config, o *Options, run *Run) ([]*account, []gap, error) {
	targets, err := targetsOf(ctx, base, o, run)
	if err != nil {
		return nil, nil, err
	}
	var ok []*account
	var gaps []gap
	for _, t := range targets {
		a := &account{label: "default credentials", cfg: base}
		if t.role != "" {
			a = &account{label: t.role, cfg: assumed(base, t.role, o)}
		}
		id, err := identity(ctx, a.cfg, o)
		if err != nil && t.own {
			// The management or delegated administrator account often lacks
			// the member accounts' role: its own credentials reach it.
			note := fmt.Sprintf("account %s audited with the caller's own credentials: role %s could not be assumed there (%s)",
				t.id, t.role, reason(err))
			run.Notes = append(run.Notes, note)
			a = &account{label: "caller's credentials", cfg: base}
			id, err = identity(ctx, a.cfg, o)
		}
		if err != nil {
			g := gap{account: a.label, service: "sts", err: err, fatal: true}
			if o.Org {
				g.account, g.op = t.id, "AssumeRole "+t.role
			}
			gaps = append(gaps, g)
			continue
		}
		a.id = id
		if t.id == "" && len(run.Accounts) == 0 {
			run.Accounts = []string{id} // the default credentials' account
		}
		if slices.ContainsFunc(ok, func(b *account) bool { return b.id == a.id }) {
			continue // two roles into one account: audit it once
		}
		ok = append(ok, a)
	}
	return ok, gaps, nil
}

// targetsOf lists the accounts to audit, filtered, before any role is
// assumed: the same list on every worker of a sharded audit.
func targetsOf(ctx context.Context, base aws.Config, o *Options, run *Run) ([]target, error) {
	var targets []target
	switch {
	case o.Org:
		caller, err := callerIdentity(ctx, base, o)
		if err != nil {
			return nil, fmt.Errorf("identifying the caller: %s", reason(err))
		}
		partition := "aws"
		if parts := strings.SplitN(aws.ToString(caller.Arn), ":", 3); len(parts) == 3 && parts[1] != "" {
			partition = parts[1]
		}
		members, err := orgAccounts(ctx, base, o)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			id := aws.ToString(m.Id)
			if !o.wanted(id) {
				continue
			}
			if state := accountState(m); state != "ACTIVE" && state != "" {
				run.Notes = append(run.Notes, fmt.Sprintf("account %s (%s) skipped: it is %s", id, aws.ToString(m.Name), state))
				continue
			}
			targets = append(targets, target{id: id, own: id == aws.ToString(caller.Account),
				role: "arn:" + partition + ":iam::" + id + ":role/" + o.OrgRole})
		}
	case len(o.RoleARNs) > 0:
		for _, arn := range o.RoleARNs {
			id := roleAccount(arn)
			if (len(o.Accounts) > 0 || len(o.ExcludeAccounts) > 0) && !o.wanted(id) {
				continue
			}
			targets = append(targets, target{id: id, role: arn})
		}
	default:
		targets = []target{{}}
	}
	for _, id := range o.Accounts {
		if !slices.ContainsFunc(targets, func(t target) bool { return t.id == id }) && !skipped(run.Notes, id) {
			where := "among the roles given"
			if o.Org {
				where = "in the organization"
			}
			run.Notes = append(run.Notes, fmt.Sprintf("account %s given with --accounts is not %s: not audited", id, where))
		}
	}
	for _, t := range targets {
		if t.id != "" {
			run.Accounts = append(run.Accounts, t.id)
		}
	}
	run.Accounts = sortedCopy(run.Accounts)
	slices.SortStableFunc(targets, func(a, b target) int { return strings.Compare(a.id, b.id) })
	return targets, nil
}

func skipped(notes []string, id string) bool {
	return slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, "account "+id+" ") })
}

// accountState is the account's state: the State field, or the older
// Status where State is absent.
func accountState(a orgtypes.Account) string {
	if a.State != "" {
		return string(a.State)
	}
	return string(a.Status)
}

// roleAccount is the account id in a role ARN (arn:aws:iam::ID:role/x).
func roleAccount(arn string) string {
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 {
		return parts[4]
	}
	return ""
}

// orgAccounts lists every account of the organization (ListAccounts,
// every page): the caller must be the management account or a delegated
// administrator.
func orgAccounts(ctx context.Context, base aws.Config, o *Options) ([]orgtypes.Account, error) {
	p := organizations.NewListAccountsPaginator(organizations.NewFromConfig(base), &organizations.ListAccountsInput{})
	var out []orgtypes.Account
	for p.HasMorePages() {
		err := withDeadline(ctx, o.CallTimeout, func(ctx context.Context) error {
			page, err := p.NextPage(ctx)
			if err == nil {
				out = append(out, page.Accounts...)
			}
			return err
		})
		if err != nil {
			kind, detail := classify(err)
			return nil, fmt.Errorf("listing the organization's accounts (organizations:ListAccounts, from the management account or a delegated administrator): %s (%s)", kind, detail)
		}
	}
	return out, nil
}

func assumed(base aws.Config, role string, o *Options) aws.Config {
	cfg := base.Copy()
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(base), role, func(ao *stscreds.AssumeRoleOptions) {
		ao.RoleSessionName = "bulwark-audit"
		if o.ExternalID != "" {
			ao.ExternalID = aws.String(o.ExternalID)
		}
	})
	cfg.Credentials = aws.NewCredentialsCache(provider)
	return cfg
}

func callerIdentity(ctx context.Context, cfg aws.Config, o *Options) (*sts.GetCallerIdentityOutput, error) {
	var out *sts.GetCallerIdentityOutput
	err := withDeadline(ctx, o.CallTimeout, func(ctx context.Context) (err error) {
		out, err = sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	})
	return out, err
}

func identity(ctx context.Context, cfg aws.Config, o *Options) (string, error) {
	out, err := callerIdentity(ctx, cfg, o)
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Account), nil
}

// reason says why a call failed, in the report's words.
func reason(err error) string {
	kind, detail := classify(err)
	if detail == "" {
		return kind
	}
	return kind + ": " + detail
}

// diagnostics turns the run's notes into report diagnostics: coverage notes,
// not problems.
func (r *Run) diagnostics() []scanners.Diagnostic {
	var out []scanners.Diagnostic
	for _, n := range r.Notes {
		file := "aws://organization"
		if id := strings.Fields(n); len(id) > 1 && accountIDPattern.MatchString(id[1]) {
			file = "aws://" + id[1]
		}
		out = append(out, scanners.Diagnostic{File: file, Severity: scanners.SeverityInfo, Message: n})
	}
	return out
}
