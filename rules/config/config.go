package config

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"

	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"go.yaml.in/yaml/v3"
)

// MaxSize bounds a config file: it comes from the repository under
// review, which may be hostile (real ones are a few KiB).
const MaxSize = 5 << 20

// Names are the file names searched for, upward from the scanned path.
var Names = []string{".bulwark.yaml", ".bulwark.yml"}

// Config is the project's .bulwark.yaml: the policy a repository holds its
// templates to. Command-line flags override it.
type Config struct {
	// FailOn is the lowest severity that fails the gate (or "none").
	FailOn string `yaml:"fail_on"`
	// Rules are folders of additional Rego rules, relative to the config file.
	Rules []string `yaml:"rules"`
	// Disabled rule ids do not run.
	Disabled []string `yaml:"disabled"`
	// OnlyRules, when set, are the rules that run (ids or doublestar
	// globs, like --rule); SkipRules do not run (like --skip-rule).
	OnlyRules []string `yaml:"only_rules"`
	SkipRules []string `yaml:"skip_rules"`
	// Exclude are doublestar globs of files and folders not scanned,
	// relative to the config's folder (like --skip-path).
	Exclude []string `yaml:"exclude"`
	// NoDefaultSkips also scans the folders skipped by default (.git,
	// node_modules, .aws-sam, vendor, cdk.out), like --no-default-skips.
	NoDefaultSkips bool `yaml:"no_default_skips"`
	// Severity overrides a rule's severity: {BW-CONCURRENCY-001: low}.
	Severity map[string]string `yaml:"severity"`
	// Tier is the default reliability tier (1-4) of templates that set none.
	Tier int `yaml:"tier"`
	// Tiers override the tier table's targets: {1: {rpo: 30s, rto: 5m}}.
	Tiers map[int]TierTargets `yaml:"tiers"`
	// Parameters override template parameter defaults, like --param.
	Parameters map[string]string `yaml:"parameters"`
	// AccountConcurrency is the account's Lambda concurrency limit.
	AccountConcurrency int `yaml:"account_concurrency"`
	// EvalTimeout bounds the rules' evaluation of one template, like
	// --eval-timeout ("10s", "1m"); 0 leaves the default.
	EvalTimeout Timeout `yaml:"eval_timeout"`
	// Baseline is a baseline file, relative to the config file.
	Baseline string `yaml:"baseline"`
	// ADRDir is the folder of architecture decision records that
	// suppressions cite, relative to the config file (default docs/adr).
	ADRDir string `yaml:"adr_dir"`
	// Suppressions accept findings by rule and resource/file glob.
	Suppressions []Suppression `yaml:"suppressions"`
	// Settings tune what the built-in rules report.
	Settings Settings `yaml:"settings"`

	// Path is the file the config was read from ("" when none).
	Path string `yaml:"-"`
}

// Settings are the config's settings block. Unknown keys are errors,
// like everywhere in the file.
type Settings struct {
	// ConcurrencyEveryFunction makes BW-CONCURRENCY-001 report every Lambda
	// function without reserved concurrency, not only those an uncapped
	// bursty function can starve in a tier 1-2 workload.
	ConcurrencyEveryFunction bool `yaml:"concurrency_every_function"`
}

// RuleSettings are the settings the rules read (input.settings), keyed as
// the rules name them.
func (s Settings) RuleSettings() map[string]any {
	return map[string]any{"concurrency_every_function": s.ConcurrencyEveryFunction}
}

// TierTargets are a tier's RPO/RTO as durations ("30s", "5m", "24h", "7d").
type TierTargets struct {
	RPO string `yaml:"rpo"`
	RTO string `yaml:"rto"`
}

// Timeout is a positive Go duration in the config: "500ms", "10s", "1m".
type Timeout time.Duration

// UnmarshalYAML reports a bad duration with its line, among the config's
// other type errors.
func (d *Timeout) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v <= 0 {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: eval_timeout %q is not a positive duration like 500ms, 10s or 1m", n.Line, n.Value)}}
	}
	*d = Timeout(v)
	return nil
}

// Suppression accepts the findings of one rule (an exact id) on the
// resources and files matching its globs (doublestar patterns; empty
// matches every resource or file: see FileGlobMatch).
type Suppression struct {
	Rule     string `yaml:"rule"`
	Resource string `yaml:"resource"`
	File     string `yaml:"file"`
	Reason   string `yaml:"reason"`
	ADR      string `yaml:"adr"`
	Expires  string `yaml:"expires"`
	Line     int    `yaml:"-"`

	// Construct is a glob over CDK construct paths (MyStack/Orders/**);
	// when set, only findings on a resource synthesized by the CDK match.
	Construct string `yaml:"construct"`
}

// Find looks for a config file in start's folder (or start itself
// when it is a file's folder) and each parent, stopping after the root of
// a git checkout. It returns "" when there is none.
func Find(start string) string {
	dir, err := filepath.Abs(start)
	if err != nil {
		return ""
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		for _, name := range Names {
			p := filepath.Join(dir, name)
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

var unknownField = regexp.MustCompile(`line (\d+): field (\S+) not found in type`)

// Load reads and validates a config file. Every problem is reported
// with the file and line; unknown keys are named.
func Load(p string) (*Config, error) {
	data, err := safeio.ReadFile(p, MaxSize)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", p, safeio.Cause(err))
	}
	return Parse(p, data)
}

// Parse validates config file content read from p.
func Parse(p string, data []byte) (*Config, error) {
	c := &Config{Path: p}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("config %s: %s", p, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) { // an empty file sets nothing
		var te *yaml.TypeError
		if errors.As(err, &te) {
			var msgs []string
			for _, e := range te.Errors {
				if m := unknownField.FindStringSubmatch(e); m != nil {
					msgs = append(msgs, fmt.Sprintf("%s:%s: unknown key %q", p, m[1], m[2]))
				} else {
					msgs = append(msgs, fmt.Sprintf("%s: %s", p, e))
				}
			}
			return nil, errors.New(strings.Join(msgs, "\n"))
		}
		return nil, fmt.Errorf("config %s: %s", p, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	c.Path = p
	c.recordSuppressionLines(&root)
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) recordSuppressionLines(root *yaml.Node) {
	if len(root.Content) == 0 {
		return
	}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value != "suppressions" {
			continue
		}
		for j, item := range top.Content[i+1].Content {
			if j < len(c.Suppressions) {
				c.Suppressions[j].Line = item.Line
			}
		}
	}
}

func (c *Config) validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if c.FailOn != "" && c.FailOn != "none" && finding.SeverityRank(c.FailOn) < 0 {
		add("fail_on %q is not one of %s or none", c.FailOn, strings.Join(finding.Severities, ", "))
	}
	for id, sev := range c.Severity {
		if finding.SeverityRank(sev) < 0 {
			add("severity.%s: %q is not one of %s", id, sev, strings.Join(finding.Severities, ", "))
		}
	}
	if c.Tier != 0 && (c.Tier < 1 || c.Tier > 4) {
		add("tier %d: tiers are 1 (critical) to 4 (low)", c.Tier)
	}
	for level, t := range c.Tiers {
		if level < 1 || level > 4 {
			add("tiers.%d: tiers are 1 to 4", level)
		}
		if _, err := ParseDuration(t.RPO); err != nil {
			add("tiers.%d.rpo: %v", level, err)
		}
		if _, err := ParseDuration(t.RTO); err != nil {
			add("tiers.%d.rto: %v", level, err)
		}
	}
	for _, l := range []struct {
		key  string
		list []string
	}{{"only_rules", c.OnlyRules}, {"skip_rules", c.SkipRules}, {"exclude", c.Exclude}} {
		for _, g := range l.list {
			if g == "" || !validGlob(g) {
				add("%s %q is not a valid pattern (empty, an unclosed [ or {, or a trailing \\)", l.key, g)
			}
		}
	}
	if c.AccountConcurrency < 0 {
		add("account_concurrency must be positive")
	}
	for _, s := range c.Suppressions {
		for _, g := range []struct{ key, glob string }{{"resource", s.Resource}, {"file", s.File}, {"construct", s.Construct}} {
			if !validGlob(g.glob) {
				add("suppressions (line %d): %s glob %q is not a valid pattern (an unclosed [ or {, or a trailing \\)", s.Line, g.key, g.glob)
			}
		}
		if s.Expires != "" {
			if _, err := time.Parse(time.DateOnly, s.Expires); err != nil {
				add("suppressions (line %d): expires %q is not a date like 2027-01-31", s.Line, s.Expires)
			}
		}
	}
	for key, p := range c.paths() {
		if why := c.escapes(p); why != "" {
			add("%s %q %s: paths in a config file stay inside its folder (a config in a pull request must not read the runner's files); name other places on the command line", key, p, why)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("config %s: %s", c.Path, strings.Join(problems, "; "))
	}
	return nil
}

// Resolve makes a path from the config file relative to the working
// directory (paths in the config are relative to the config's folder).
func (c *Config) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) || c.Path == "" {
		return p
	}
	return filepath.Join(filepath.Dir(c.Path), p)
}

// TierTable returns the tier table with the config's overrides applied.
func (c *Config) TierTable() map[int]estimate.Tier {
	out := make(map[int]estimate.Tier, len(estimate.DefaultTiers))
	for k, v := range estimate.DefaultTiers {
		out[k] = v
	}
	for level, t := range c.Tiers {
		tier := out[level]
		tier.Level = level
		if d, err := ParseDuration(t.RPO); err == nil && t.RPO != "" {
			tier.RPOSeconds = d
		}
		if d, err := ParseDuration(t.RTO); err == nil && t.RTO != "" {
			tier.RTOSeconds = d
		}
		out[level] = tier
	}
	return out
}

// ParseDuration reads "30s", "5m", "4h", "7d" (and Go durations) as seconds.
// An empty string is zero.
func ParseDuration(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if strings.HasSuffix(s, "d") {
		n, err := strconv.ParseFloat(strings.TrimSuffix(s, "d"), 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a duration like 30s, 5m, 4h or 7d", s)
		}
		return int64(n * 86400), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration like 30s, 5m, 4h or 7d", s)
	}
	return int64(d.Seconds()), nil
}

// paths are the config's keys that name files or folders, by key.
func (c *Config) paths() map[string]string {
	out := map[string]string{}
	for i, r := range c.Rules {
		out[fmt.Sprintf("rules[%d]", i)] = r
	}
	if c.Baseline != "" {
		out["baseline"] = c.Baseline
	}
	if c.ADRDir != "" {
		out["adr_dir"] = c.ADRDir
	}
	return out
}

// escapes says how a path of the config leaves the config's folder: it is
// absolute, climbs out with "..", or reaches outside through a symbolic
// link; "" when it stays inside.
func (c *Config) escapes(p string) string {
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) {
		return "is absolute"
	}
	if !filepath.IsLocal(filepath.FromSlash(p)) && filepath.Clean(p) != "." {
		return "leaves the folder"
	}
	if c.Path == "" {
		return ""
	}
	base, err := filepath.EvalSymlinks(filepath.Dir(c.Path))
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(filepath.Join(filepath.Dir(c.Path), p))
	if err != nil {
		return "" // not there (yet): reading it reports that
	}
	if rel, err := filepath.Rel(base, real); err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "leads outside the folder through a symbolic link"
	}
	return ""
}
