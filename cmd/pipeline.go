package cmd

import (
	"errors"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/config"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/bulwarkhq/bulwark/adr"
	"github.com/bulwarkhq/bulwark/report"
	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/bulwarkhq/bulwark/scanners/inert"
	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/spf13/cobra"
)

// scanSettings are the flags shared by every command that scans templates
// (scan, baseline write), merged with the config file.
type scanSettings struct {
	failOn      string
	params      []string
	ruleDirs    []string
	tier        int
	concurrency int
	jobs        int
	config      string
	noConfig    bool
	verbose     bool
	maxFileSize int64
	maxRes      int
	adrDir      string
	strict      bool
	evalTimeout time.Duration
	onlyRules   []string
	skipRules   []string
	// Set by the commands that scan paths (registerPaths).
	skipPaths      []string
	noDefaultSkips bool
	stdinName      string
}

func (s *scanSettings) register(c *cobra.Command) {
	fl := c.Flags()
	fl.StringVar(&s.failOn, "fail-on", "high", "exit 1 when a finding is at or above: critical, high, medium, low, info or none")
	fl.StringArrayVarP(&s.params, "param", "p", nil, "override a template parameter, KEY=VALUE (repeatable)")
	fl.StringArrayVar(&s.ruleDirs, "rules", nil, "folder of additional Rego rules (repeatable)")
	fl.IntVar(&s.tier, "tier", 0, "reliability tier 1-4 for every scanned template (overrides Metadata.bulwark.tier)")
	fl.IntVar(&s.concurrency, "account-concurrency", 1000, "the account's Lambda concurrency limit")
	fl.IntVar(&s.jobs, "jobs", 0, "files evaluated in parallel (default: number of CPUs)")
	fl.StringVar(&s.config, "config", "", "config file (default: .bulwark.yaml found upward from the first path)")
	fl.BoolVar(&s.noConfig, "no-config", false, "ignore any .bulwark.yaml")
	fl.BoolVarP(&s.verbose, "verbose", "v", false, "also list skipped files and scan statistics on standard error")
	fl.Int64Var(&s.maxFileSize, "max-file-size", scanners.DefaultMaxFileSize, "largest template read, in bytes")
	fl.IntVar(&s.maxRes, "max-resources", scanners.DefaultMaxResources, "most resources in one template")
	fl.BoolVar(&s.strict, "strict", false, "also report what rules could not verify because a value is unresolved (\"could not be verified\", low)")
	fl.DurationVar(&s.evalTimeout, "eval-timeout", rules.DefaultEvalTimeout, "deadline of the rules' evaluation of one template; a rule still running then is an error (exit 2)")
	fl.StringVar(&s.adrDir, "adr-dir", "", "decision records that suppressions cite (default: adr_dir from the config, else docs/adr)")
	fl.StringArrayVar(&s.onlyRules, "rule", nil, "run only this rule: an id or a glob such as 'BW-PITR-*' (repeatable; replaces the config's only_rules)")
	fl.StringArrayVar(&s.skipRules, "skip-rule", nil, "do not run this rule: an id or a glob (repeatable; adds to the config's skip_rules)")
}

// registerPaths adds the flags of commands that walk folders.
func (s *scanSettings) registerPaths(c *cobra.Command) {
	fl := c.Flags()
	fl.StringArrayVar(&s.skipPaths, "skip-path", nil, "do not scan files or folders matching this glob, relative to the PATH they are found under (repeatable; adds to the config's exclude)")
	fl.BoolVar(&s.noDefaultSkips, "no-default-skips", false, "also walk the folders skipped by default: "+strings.Join(scanners.DefaultSkipDirs(), ", "))
	fl.StringVar(&s.stdinName, "stdin-filename", "", "the file name a template read from standard input (PATH -) is reported under (default "+stdinDefault+")")
}

// stdinDefault names standard input's template when --stdin-filename is
// not given.
const stdinDefault = "<stdin>"

// stdinArgs checks the use of "-" (standard input) among paths and
// returns the name its template is reported under ("" when not read).
func (s *scanSettings) stdinArgs(paths []string) (string, error) {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	switch {
	case n > 1:
		return "", usageErr("- (standard input) is given %d times", n)
	case n == 0 && s.stdinName != "":
		return "", usageErr("--stdin-filename names the template read from standard input: give - as a PATH")
	case n == 0:
		return "", nil
	case s.stdinName == "":
		return stdinDefault, nil
	}
	return filepath.Clean(s.stdinName), nil
}

// selection is the rule selection of the flags and the config: --rule
// replaces only_rules, --skip-rule adds to skip_rules (and skip wins).
func (s *scanSettings) selection(cfg *config.Config) (rules.Selection, error) {
	var sel rules.Selection
	for _, id := range s.onlyRules {
		if info, err := os.Stat(id); err == nil && info.IsDir() {
			return sel, usageErr("--rule %s names a folder: a folder of Rego rules is --rules", id)
		}
		sel.Only = append(sel.Only, rules.RulePattern{Pattern: id, From: "--rule"})
	}
	if len(sel.Only) == 0 {
		for _, id := range cfg.OnlyRules {
			sel.Only = append(sel.Only, rules.RulePattern{Pattern: id, From: "config " + cfg.Path + ": only_rules"})
		}
	}
	for _, id := range cfg.SkipRules {
		sel.Skip = append(sel.Skip, rules.RulePattern{Pattern: id, From: "config " + cfg.Path + ": skip_rules"})
	}
	for _, id := range s.skipRules {
		sel.Skip = append(sel.Skip, rules.RulePattern{Pattern: id, From: "--skip-rule"})
	}
	return sel, nil
}

// adrFolder decides where the decision records are: the flag, the config's
// adr_dir, docs/adr beside the config file, or docs/adr here. "" when
// there is none; then suppressions' adr citations are not checked.
func (s *scanSettings) adrFolder(cfg *config.Config) string {
	candidates := []string{s.adrDir}
	if cfg.ADRDir != "" {
		candidates = append(candidates, cfg.Resolve(cfg.ADRDir))
	}
	if cfg.Path != "" {
		candidates = append(candidates, filepath.Join(filepath.Dir(cfg.Path), "docs", "adr"))
	}
	candidates = append(candidates, filepath.Join("docs", "adr"))
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if info, err := os.Stat(c); err == nil && info.IsDir() {
			return c
		}
		if c == s.adrDir {
			return c // named explicitly: a missing folder makes every citation missing
		}
	}
	return ""
}

// pipeline is a configured scan, ready to run.
type pipeline struct {
	// rules waits for the rules, compiling on another core from build on,
	// and returns them or why they did not load; engine is set from it by
	// run and loadRules.
	rules   func() (*rules.Engine, error)
	engine  *rules.Engine
	config  *config.Config
	failOn  string
	opts    rules.ScanOptions
	verbose bool
	// ruleDirs and templates are inputs no output may overwrite.
	ruleDirs  []string
	templates []string
	// discover says which files of the scanned folders are read.
	discover scanners.DiscoverOptions
	// stdinName is the name of the template read from standard input
	// (PATH -), "" when none is.
	stdinName string
}

func (s *scanSettings) build(cmd *cobra.Command, paths []string) (*pipeline, error) {
	changed := cmd.Flags().Changed
	stdinName, err := s.stdinArgs(paths)
	if err != nil {
		return nil, err
	}
	cfg := &config.Config{}
	if !s.noConfig {
		p := s.config
		if p == "" {
			start := paths[0]
			if start == "-" {
				// Found from where the template would be, as editors expect.
				start = filepath.Dir(s.stdinName)
			}
			p = config.Find(start)
		}
		if p != "" {
			c, err := config.Load(p)
			if err != nil {
				return nil, err
			}
			cfg = c
			if s.verbose {
				fmt.Fprintf(cmd.ErrOrStderr(), "config: %s\n", inert.String(p))
			}
		}
	}
	p := &pipeline{config: cfg, verbose: s.verbose, failOn: "high", stdinName: stdinName}
	if cfg.FailOn != "" {
		p.failOn = cfg.FailOn
	}
	if changed("fail-on") {
		p.failOn = s.failOn
	}
	if p.failOn != "none" && finding.SeverityRank(p.failOn) < 0 {
		return nil, usageErr("unknown --fail-on %q: use critical, high, medium, low, info or none", p.failOn)
	}
	if s.tier != 0 {
		if _, ok := estimate.DefaultTiers[s.tier]; !ok {
			return nil, usageErr("--tier %d: tiers are 1 (critical) to 4 (low)", s.tier)
		}
	}
	concurrency := 1000
	if cfg.AccountConcurrency > 0 {
		concurrency = cfg.AccountConcurrency
	}
	if changed("account-concurrency") {
		concurrency = s.concurrency
	}
	if concurrency <= 0 {
		return nil, usageErr("--account-concurrency must be positive")
	}
	params := map[string]string{}
	for k, v := range cfg.Parameters {
		params[k] = v
	}
	for _, kv := range s.params {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usageErr("--param %q: expected KEY=VALUE", kv)
		}
		params[k] = v
	}
	var dirs []string
	for _, d := range cfg.Rules {
		dirs = append(dirs, cfg.Resolve(d))
	}
	dirs = append(dirs, s.ruleDirs...)
	timeout := time.Duration(cfg.EvalTimeout)
	if timeout == 0 || changed("eval-timeout") {
		timeout = s.evalTimeout
	}
	if timeout <= 0 {
		return nil, usageErr("--eval-timeout must be positive")
	}
	p.ruleDirs = dirs
	sel, err := s.selection(cfg)
	if err != nil {
		return nil, err
	}
	for _, g := range s.skipPaths {
		if g == "" || !doublestar.ValidatePattern(strings.TrimPrefix(g, "./")) {
			return nil, usageErr("--skip-path %q: not a valid pattern (empty, an unclosed [ or {, or a trailing \\)", g)
		}
	}
	p.discover = s.discoverOptions(cfg)
	if s.verbose {
		stderr := cmd.ErrOrStderr()
		p.discover.Excluded = func(path string) { fmt.Fprintf(stderr, "excluded: %s\n", inert.String(path)) }
	}
	var adrStatus func(string) (string, bool)
	if dir := s.adrFolder(cfg); dir != "" {
		adrStatus = func(id string) (string, bool) { return adr.Status(dir, id) }
	}
	p.opts = rules.ScanOptions{
		Load: scanners.Options{Params: params, MaxFileSize: s.maxFileSize, MaxResources: s.maxRes},
		EvalOptions: rules.EvalOptions{
			Env: rules.Env{Tier: s.tier, DefaultTier: cfg.Tier, Tiers: cfg.TierTable(), Today: now(), ADRStatus: adrStatus,
				Settings: ruleSettings(cfg, int64(concurrency))},
			Jobs:         s.jobs,
			Suppressions: cfg.Suppressions,
			ConfigPath:   cfg.Path,
		},
	}
	// Compile on another core: templates are read and parsed meanwhile
	// (rules.ScanWhileLoading), and nothing is evaluated before the rules'
	// error, if any, is known.
	opts := rules.Options{RuleDirs: dirs, Disabled: cfg.Disabled, Select: sel, Severity: cfg.Severity, Strict: s.strict, EvalTimeout: timeout}
	loaded := make(chan struct{})
	var engine *rules.Engine
	var engineErr error
	go func() {
		defer close(loaded)
		engine, engineErr = rules.New(opts)
	}()
	p.rules = func() (*rules.Engine, error) {
		<-loaded
		return engine, engineErr
	}
	return p, nil
}

// loadRules waits for the rules; a rule that does not load is exit 2.
func (p *pipeline) loadRules() error {
	e, err := p.rules()
	if err != nil {
		return err
	}
	p.engine = e
	return nil
}

// run scans the paths; when the rules do not load it returns their error
// (exit 2) and no result.
func (p *pipeline) run(cmd *cobra.Command, paths []string) (*rules.ScanResult, error) {
	start := now()
	opts := p.opts
	if p.stdinName != "" {
		data, err := readStdin(cmd, opts.Load.MaxFileSize)
		if err != nil {
			return nil, err
		}
		opts.Contents = map[string][]byte{p.stdinName: data}
		paths = slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return p == "-" })
	}
	found := scanners.DiscoverAll(paths, p.discover)
	files, diags := found.Files, found.Diagnostics
	opts.Load.Roots = paths // nested stacks' templates stay inside them
	opts.Load.Stacks = found.Stacks
	if p.stdinName != "" {
		// Standard input stands for the file of that name, if any.
		files = slices.DeleteFunc(files, func(f string) bool { return filepath.Clean(f) == p.stdinName })
		files = append(files, p.stdinName)
		slices.Sort(files)
	}
	res, err := rules.ScanWhileLoading(cmd.Context(), p.rules, files, opts)
	if err != nil {
		return nil, err
	}
	if err := p.loadRules(); err != nil {
		return nil, err
	}
	// Inputs no output may replace: the templates, not the other YAML and
	// JSON files of the folders (last run's report, the baseline).
	skipped := make(map[string]bool, len(res.SkippedFiles))
	for _, f := range res.SkippedFiles {
		skipped[f] = true
	}
	p.templates = slices.DeleteFunc(slices.Clone(files), func(f string) bool { return skipped[f] })
	p.templates = append(p.templates, res.NestedFiles...)
	res.Diagnostics = append(diags, res.Diagnostics...)
	if p.verbose {
		stderr := cmd.ErrOrStderr()
		for _, n := range found.Notes {
			fmt.Fprintf(stderr, "%s\n", inert.String(n))
		}
		for _, s := range res.SkippedFiles {
			fmt.Fprintf(stderr, "skipped (not a CloudFormation template): %s\n", inert.String(s))
		}
		fmt.Fprintf(stderr, "%d files, %d templates, %d skipped, %d rules, %s\n", res.Files, res.Templates,
			len(res.SkippedFiles), len(p.engine.Selected()), now().Sub(start).Round(1e6))
	}
	return res, nil
}

// report builds the report of a scan.
func (p *pipeline) report(paths []string, res *rules.ScanResult) *report.Report {
	rep := report.Build(Version, paths, res, now())
	rep.Rules = p.engine.Selected() // the rules checked
	rep.FailOn = p.failOn
	rep.Links = report.SourceLinksFromEnv(ciEnv)
	return rep
}

// ciEnv reads the CI environment the Markdown comment's links come from
// (tests replace it, so goldens do not depend on where they run).
var ciEnv = os.Getenv

// ruleSettings are the settings the rules read: the config's settings block
// and the account's concurrency limit (flag or config).
func ruleSettings(cfg *config.Config, concurrency int64) map[string]any {
	settings := cfg.Settings.RuleSettings()
	settings["account_concurrency_limit"] = concurrency
	return settings
}

// discoverOptions are the path exclusions of the flags and the config.
func (s *scanSettings) discoverOptions(cfg *config.Config) scanners.DiscoverOptions {
	o := scanners.DiscoverOptions{Skip: s.skipPaths, NoDefaultSkips: s.noDefaultSkips || cfg.NoDefaultSkips}
	if cfg.Path != "" {
		o.Exclude, o.ExcludeBase = cfg.Exclude, filepath.Dir(cfg.Path)
	}
	return o
}

// readStdin reads the template on standard input, bounded like a file.
func readStdin(cmd *cobra.Command, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = scanners.DefaultMaxFileSize
	}
	data, err := safeio.ReadAll(cmd.InOrStdin(), limit)
	if errors.Is(err, safeio.ErrTooLarge) {
		return nil, fmt.Errorf("standard input: more than the %d-byte limit (--max-file-size)", limit)
	}
	if err != nil {
		return nil, fmt.Errorf("standard input: %v", err)
	}
	return data, nil
}
