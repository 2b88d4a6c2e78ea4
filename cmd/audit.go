package cmd

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/bulwarkhq/bulwark/scanners/live"
	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/spf13/cobra"
)

type auditFlags struct {
	scanSettings
	outputFlags

	live        live.Options
	region      string
	roleFile    string
	shard       string
	callTimeout time.Duration
}

func newAuditCmd() *cobra.Command {
	var f auditFlags
	c := &cobra.Command{
		Use:   "audit",
		Short: "Audit live AWS accounts (read-only) against the same reliability rules",
		Long: "audit reads the resources of AWS accounts with read-only calls (the IAM policy it needs is\n" +
			"docs/iam-policy.json), turns them into the CloudFormation shape the rules read, and reports\n" +
			"like scan. A resource a deployed stack created is reported under the stack\n" +
			"(aws://ACCOUNT/REGION/STACK) and its logical id, judged on the stack's own template overlaid\n" +
			"with its live state; the others under aws://ACCOUNT/REGION. What could not be read (access\n" +
			"denied, a Region not enabled, a service missing from a Region) is a \"not checked:\" warning.\n\n" +
			"Credentials come from the default chain (environment, shared config, SSO, instance role).\n\n" +
			"--org audits every active account of the organization (organizations:ListAccounts, from the\n" +
			"management account or a delegated administrator) through the role --org-role in each; a\n" +
			"suspended account is skipped and listed, a role that cannot be assumed is a \"not checked:\"\n" +
			"warning. --shard K/N audits one of N slices of the (account, Region) pairs, the same slice on\n" +
			"every machine; auto/N takes K from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job, 0-based).\n" +
			"bulwark report merges the slices' JSON reports and says which slice is missing.",
		Example: "  bulwark audit --region eu-west-1\n" +
			"  bulwark audit --profile prod --all-regions --format json -o audit.json\n" +
			"  bulwark audit --regions us-east-1,us-west-2 --role-arn arn:aws:iam::111122223333:role/bulwark-audit\n" +
			"  bulwark audit --role-file accounts.txt --external-id $EXTERNAL_ID --fail-on medium\n" +
			"  bulwark audit --endpoint-url http://localhost:4566 --region us-east-1\n" +
			"  bulwark audit --org --org-role bulwark-audit --regions eu-west-1,us-east-1 -f json -o org.json\n" +
			"  bulwark audit --org --exclude-accounts 111122223333 --all-regions --shard 2/4 -f json -o shard-2.json\n" +
			"  bulwark audit --org --all-regions --shard auto/4 -f json -o /reports/shard-$JOB_COMPLETION_INDEX.json\n" +
			"  bulwark report shard-*.json -o report.html",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runAudit(cmd, f) },
	}
	f.register(c)
	fl := c.Flags()
	// A deployed stack's parameters come from the stack itself; its
	// template comes from CloudFormation, not from a file.
	for _, name := range []string{"param", "max-file-size", "max-resources"} {
		_ = fl.MarkHidden(name)
	}
	// The shared flags, said of what an audit reads: accounts, Regions
	// and their stacks, not files.
	for name, usage := range map[string]string{
		"tier":                "reliability tier 1-4 for every audited stack and Region (overrides what the stacks declare)",
		"account-concurrency": "the account's Lambda concurrency limit (default: read from each account; this overrides it)",
		"jobs":                "stacks and Regions evaluated in parallel (default: number of CPUs)",
		"config":              "config file (default: .bulwark.yaml found upward from the working directory)",
		"verbose":             "also print the audit's statistics (Regions, stacks, resources, API requests, retries, throttles) on standard error",
		"eval-timeout":        "deadline of the rules' evaluation of one stack or Region; a rule still running then is an error (exit 2)",
		"strict":              "also report what rules could not verify because a value is unknown (\"could not be verified\", low)",
	} {
		fl.Lookup(name).Usage = usage
	}
	f.registerOutputs(c)
	fl.StringVar(&f.live.Profile, "profile", "", "AWS shared config profile (default: the default credential chain)")
	fl.StringVar(&f.region, "region", "", "the Region to audit (default: the profile's or AWS_REGION)")
	fl.StringSliceVar(&f.live.Regions, "regions", nil, "Regions to audit, comma-separated")
	fl.BoolVar(&f.live.AllRegions, "all-regions", false, "audit every Region enabled for the account")
	fl.StringArrayVar(&f.live.RoleARNs, "role-arn", nil, "assume this role and audit its account (repeatable)")
	fl.StringVar(&f.roleFile, "role-file", "", "file of role ARNs to assume, one per line (# starts a comment)")
	fl.StringVar(&f.live.ExternalID, "external-id", "", "external id for assuming the roles")
	fl.BoolVar(&f.live.Org, "org", false, "audit every active account of the organization (from the management account or a delegated administrator)")
	fl.StringVar(&f.live.OrgRole, "org-role", live.DefaultOrgRole, "with --org, the role to assume in each account (create it with docs/iam-policy.json)")
	fl.StringSliceVar(&f.live.Accounts, "accounts", nil, "audit only these account ids (comma-separated), among those of --org or the roles")
	fl.StringSliceVar(&f.live.ExcludeAccounts, "exclude-accounts", nil, "do not audit these account ids (comma-separated)")
	fl.StringVar(&f.shard, "shard", "", "audit slice K of N of the (account, Region) pairs: K/N, or auto/N for K = $"+live.JobIndexEnv+" + 1")
	fl.StringVar(&f.live.EndpointURL, "endpoint-url", "", "send every call to this endpoint (an emulator, or VPC endpoints behind one name)")
	fl.StringSliceVar(&f.live.Services, "services", nil, "audit only these services: "+strings.Join(live.Services(), ", "))
	fl.IntVar(&f.live.Parallel, "parallel", 8, "API calls in flight per service and Region")
	fl.IntVar(&f.live.MaxAttempts, "max-attempts", 5, "attempts per API call, with backoff on throttling")
	fl.Float64Var(&f.live.Rate, "rate", 0, "API requests per second per service, account and Region (default: AWS's documented default rates, 10 where AWS publishes none)")
	fl.StringVar(&f.live.RetryMode, "retry-mode", live.RetryStandard, "how throttled calls are retried: standard (backoff), or adaptive (the SDK also lowers its request rate on each throttle)")
	fl.DurationVar(&f.callTimeout, "call-timeout", 30*time.Second, "deadline of one API call, its retries included")
	return c
}

func runAudit(cmd *cobra.Command, f auditFlags) error {
	outputs, err := f.parseOutputs()
	if err != nil {
		return err
	}
	opts := f.live
	opts.CallTimeout = f.callTimeout
	if f.region != "" {
		opts.Regions = append([]string{f.region}, opts.Regions...)
	}
	if f.roleFile != "" {
		roles, err := readRoleFile(f.roleFile)
		if err != nil {
			return usageErr("--role-file: %v", err)
		}
		opts.RoleARNs = append(opts.RoleARNs, roles...)
	}
	if opts.Parallel <= 0 || opts.MaxAttempts <= 0 || opts.CallTimeout <= 0 {
		return usageErr("--parallel, --max-attempts and --call-timeout must be positive")
	}
	if opts.Rate < 0 {
		return usageErr("--rate must be positive (or 0 for AWS's default rates)")
	}
	if opts.RetryMode != live.RetryStandard && opts.RetryMode != live.RetryAdaptive {
		return usageErr("--retry-mode must be %s or %s", live.RetryStandard, live.RetryAdaptive)
	}
	if f.shard != "" {
		if opts.Shard, err = live.ParseShard(f.shard, os.Getenv); err != nil {
			return usageErr("%v", err)
		}
	}
	if err := opts.Validate(); err != nil {
		return usageErr("%v", err)
	}
	if opts.Shard.Sharded() && len(f.previous) > 0 {
		return usageErr("--previous compares whole audits: give it to bulwark report when it merges the shards")
	}
	p, err := f.build(cmd, []string{"."})
	if err != nil {
		return err
	}
	baselinePath, baseline, err := f.readBaseline(p.config)
	if err != nil {
		return err
	}
	previous, previousName, err := readPrevious(cmd, f.previous)
	if err != nil {
		return err
	}
	if err := checkPreviousOutputs(f.previous, outputs); err != nil {
		return err
	}
	// Rules that do not load fail the audit before it calls AWS.
	if err := p.loadRules(); err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	progress := newProgressLine(stderr)
	opts.Progress = progress.update
	inv, err := live.Audit(cmd.Context(), opts)
	progress.clear()
	if err != nil {
		return err
	}
	for _, note := range inv.Run.Notes {
		// Notes quote account names, which the organization's admins chose.
		fmt.Fprintln(stderr, "bulwark: note:", inert.String(note))
	}
	eval := p.opts.EvalOptions
	eval.KeepSettings = cmd.Flags().Changed("account-concurrency")
	sources, resources := inv.Evaluable()
	res := p.engine.Evaluate(cmd.Context(), sources, eval)
	res.Resources = resources
	res.Diagnostics = append(inv.Diagnostics, res.Diagnostics...)
	if p.verbose {
		fmt.Fprintf(stderr, "audited %d Regions: %d templates, %d resources, %d API requests (%d retries, %d throttled), %s\n",
			len(inv.Scopes), len(inv.Sources), res.Resources, inv.Calls, inv.Retries, inv.Throttles, inv.Duration.Round(time.Millisecond))
	}
	var fixed []report.BaselineEntry
	if baseline != nil {
		// A shard says only of its own slice that a baselined finding is gone.
		for _, e := range report.ApplyBaseline(res.Findings, baseline) {
			if opts.Shard.OwnsFile(e.File) {
				fixed = append(fixed, e)
			}
		}
	}
	rep := p.report(inv.Scopes, res)
	rep.Coverage = reportCoverage(inv.Coverage)
	rep.Fixed = fixed
	rep.Shard = shardOf(inv.Run)
	if baseline != nil {
		rep.Baseline = baselinePath
	}
	if previous != nil {
		rep.Changes = report.Compare(previous, rep, previousName)
	}
	in := p.inputs()
	in.add("the baseline", baselinePath)
	in.add("the role file", f.roleFile)
	return finish(cmd, rep, outputs, &f.outputFlags, p.failOn, in)
}

// reportCoverage carries the audit's coverage into the JSON contract.
func reportCoverage(in []live.Coverage) []report.Coverage {
	out := make([]report.Coverage, len(in))
	for i, c := range in {
		out[i] = report.Coverage{Account: c.Account, Region: c.Region, Service: c.Service, Status: c.Status, Reason: c.Reason}
	}
	return out
}

// shardOf is what a sharded audit's report records of its slice.
func shardOf(run *live.Run) *report.Shard {
	if run == nil || !run.Shard.Sharded() {
		return nil
	}
	return &report.Shard{Index: run.Shard.Index, Count: run.Shard.Count, Fingerprint: run.Fingerprint,
		Accounts: run.Accounts, Regions: run.Regions, Services: run.Services}
}

// maxRoleFileSize bounds --role-file: a list of role ARNs (about 60 bytes
// each) is far smaller; a pipe or a device is refused without blocking.
const maxRoleFileSize = 1 << 20

func readRoleFile(path string) ([]string, error) {
	data, err := safeio.ReadFile(path, maxRoleFileSize)
	if err != nil {
		return nil, err
	}
	var roles []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			if !strings.HasPrefix(line, "arn:") {
				return nil, fmt.Errorf("%q is not a role ARN", line)
			}
			roles = append(roles, line)
		}
	}
	return roles, sc.Err()
}

// progressLine shows how far a long audit is, on standard error and only
// when that is a terminal: logs and CI output stay clean.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	last  time.Time
	shown bool
}

// progressDelay keeps short audits quiet.
const progressDelay = 2 * time.Second

func newProgressLine(w io.Writer) *progressLine {
	file, ok := w.(*os.File)
	if !ok {
		return &progressLine{}
	}
	info, err := file.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return &progressLine{}
	}
	return &progressLine{w: w, start: time.Now()}
}

func (p *progressLine) update(pr live.Progress) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < progressDelay || now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\rauditing: %d/%d service-Regions, %d API requests ", pr.Done, pr.Total, pr.Calls)
}

func (p *progressLine) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
