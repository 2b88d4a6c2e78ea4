package rules

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
	"gopkg.in/yaml.v3"
)

//go:embed estimates.yaml
var estimatesYAML []byte

// Mechanism is one row of the estimation table (estimates.yaml): what a
// recovery mechanism gives, and where the figure comes from.
type Mechanism struct {
	Kind    string `yaml:"kind" json:"kind"` // rpo or rto
	Seconds int64  `yaml:"seconds" json:"seconds,omitempty"`
	Scope   string `yaml:"scope" json:"scope"` // region or cross-region
	Note    string `yaml:"note" json:"note"`
	Source  string `yaml:"source" json:"source"`
}

// Mechanisms is the estimation table, loaded from the embedded data file.
var Mechanisms = mustLoadMechanisms()

func mustLoadMechanisms() map[string]Mechanism {
	var doc struct {
		Mechanisms map[string]Mechanism `yaml:"mechanisms"`
	}
	if err := yaml.Unmarshal(estimatesYAML, &doc); err != nil {
		panic("rules/estimates.yaml: " + err.Error()) // embedded data; a test loads it
	}
	return doc.Mechanisms
}

// Scenarios the tiers are judged against.
const (
	ScenarioRegion = "region"            // tiers 1-2: multi-region strategies
	ScenarioAZ     = "availability-zone" // tiers 3-4: single-region strategies
)

// ScenarioOf is the disruption a tier's strategy must withstand.
func ScenarioOf(tier int) string {
	if tier == 1 || tier == 2 {
		return ScenarioRegion
	}
	return ScenarioAZ
}

// Estimate is an achievable RPO or RTO and the evidence behind it.
// Seconds nil with Unknown false means no mechanism at all (unbounded).
//
// Unknown marks an estimate that unresolved values could change: for a
// resource's best mechanism it may be better than Seconds; for a
// workload's worst component (AtLeast) it may be worse.
type Estimate struct {
	Seconds  *int64   `json:"seconds"`
	Text     string   `json:"text"`
	Unknown  bool     `json:"unknown,omitempty"`
	AtLeast  bool     `json:"at_least,omitempty"`
	Evidence []string `json:"evidence"`
}

// ResourceEstimate is what one resource can achieve.
type ResourceEstimate struct {
	Resource string    `json:"resource"`
	Type     string    `json:"type"`
	Tier     int       `json:"tier,omitempty"`
	Scenario string    `json:"scenario"`
	RPO      *Estimate `json:"rpo,omitempty"` // data stores only
	RTO      *Estimate `json:"rto,omitempty"`
	// Compliant is nil when the tier is not set or the verdict is unknown.
	Compliant *bool `json:"compliant"`
}

// Workload is one template's tier verdict: the tier, its targets, the
// estimates of each resource and the worst of them.
type Workload struct {
	Name       string             `json:"name"`
	File       string             `json:"file"`
	Tier       int                `json:"tier"`
	TierSource string             `json:"tier_source"`
	Targets    *Tier              `json:"targets,omitempty"`
	Scenario   string             `json:"scenario"`
	RPO        Estimate           `json:"rpo"`
	RTO        Estimate           `json:"rto"`
	Resources  []ResourceEstimate `json:"resources"`
	Compliant  *bool              `json:"compliant"`
}

// est builders.
func secs(n int64, evidence ...string) Estimate {
	return Estimate{Seconds: &n, Text: FormatSeconds(n), Evidence: evidence}
}

func unbounded(evidence ...string) Estimate {
	return Estimate{Text: "unbounded", Evidence: evidence}
}

func unknownEst(evidence ...string) Estimate {
	return Estimate{Unknown: true, Text: "unknown", Evidence: evidence}
}

// mech is a mechanism's figure from the table; the evidence names the
// table row so a reader can look up its note and source.
func mech(name string, extra ...string) Estimate {
	m := Mechanisms[name]
	if len(extra) == 0 {
		return secs(m.Seconds, fmt.Sprintf("%s (%s)", m.Note, name))
	}
	return secs(m.Seconds, fmt.Sprintf("%s: %s %s", strings.Join(extra, "; "), name, FormatSeconds(m.Seconds)))
}

// best keeps the shortest known estimate among alternatives; an unknown
// alternative is remembered (it might be better) unless a known one is 0.
func best(alts ...Estimate) Estimate {
	var out *Estimate
	unknown := false
	var unknownEv []string
	for i := range alts {
		a := alts[i]
		if a.Unknown {
			unknown = true
			unknownEv = append(unknownEv, a.Evidence...)
			continue
		}
		if a.Seconds == nil {
			continue
		}
		if out == nil || *a.Seconds < *out.Seconds {
			out = &a
		}
	}
	switch {
	case out != nil:
		r := *out
		if unknown && *r.Seconds > 0 {
			r.Unknown, r.Evidence = true, append(append([]string{}, r.Evidence...), unknownEv...)
		}
		return r
	case unknown:
		return unknownEst(unknownEv...)
	}
	var ev []string
	for _, a := range alts {
		ev = append(ev, a.Evidence...)
	}
	return unbounded(ev...)
}

// FormatSeconds renders a duration the way the tier table speaks.
func FormatSeconds(s int64) string {
	switch {
	case s == 0:
		return "0 s"
	case s%86400 == 0:
		return fmt.Sprintf("%d d", s/86400)
	case s%3600 == 0:
		return fmt.Sprintf("%d h", s/3600)
	case s >= 3600:
		return fmt.Sprintf("%.1f h", float64(s)/3600)
	case s%60 == 0:
		return fmt.Sprintf("%d min", s/60)
	case s >= 120:
		return fmt.Sprintf("%.1f min", float64(s)/60)
	}
	return fmt.Sprintf("%d s", s)
}

// within reports whether an estimate meets a target: true, false, or nil
// when it cannot be known. A known estimate equal to the target meets it
// (a daily backup meets "< 24 h").
func within(e *Estimate, target int64) *bool {
	switch {
	case e == nil:
		return boolp(true)
	case e.AtLeast: // the truth is this or worse
		if e.Seconds != nil && *e.Seconds > target {
			return boolp(false)
		}
		return nil
	case e.Seconds != nil && *e.Seconds <= target:
		return boolp(true)
	case e.Unknown: // the truth is this or better
		return nil
	}
	return boolp(false)
}

func boolp(b bool) *bool { return &b }

// both combines verdicts: false wins, then unknown.
func both(a, b *bool) *bool {
	if (a != nil && !*a) || (b != nil && !*b) {
		return boolp(false)
	}
	if a == nil || b == nil {
		return nil
	}
	return boolp(true)
}

// ---- reading the resolved model ----

func prop(r *scanners.Resource, path ...string) any {
	var v any = r.Properties
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func isIntrinsic(v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") || strings.HasPrefix(k, "Rain::")
	}
	return false
}

// truth reads a CloudFormation boolean: true, false, or unknown (nil).
func truth(v any, def bool) *bool {
	switch x := v.(type) {
	case nil:
		return boolp(def)
	case bool:
		return boolp(x)
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true":
			return boolp(true)
		case "false":
			return boolp(false)
		}
	}
	return nil
}

func num(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// refersTo lists the logical ids a value refers to (Ref, GetAtt, Sub).
func refersTo(v any, ids map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["Ref"].(string); ok && len(x) == 1 {
			ids[s] = true
		}
		if g, ok := x["Fn::GetAtt"].([]any); ok && len(g) > 0 {
			if s, ok := g[0].(string); ok {
				ids[s] = true
			}
		}
		if sub, ok := x["Fn::Sub"]; ok {
			var tmpl string
			switch s := sub.(type) {
			case string:
				tmpl = s
			case []any:
				if len(s) > 0 {
					tmpl, _ = s[0].(string)
				}
			}
			for _, part := range strings.Split(tmpl, "${")[1:] {
				if end := strings.IndexByte(part, '}'); end > 0 {
					name, _, _ := strings.Cut(part[:end], ".")
					ids[name] = true
				}
			}
		}
		for _, e := range x {
			refersTo(e, ids)
		}
	case []any:
		for _, e := range x {
			refersTo(e, ids)
		}
	}
}

// ResourceTier reads a resource's own reliability-tier tag (list or map
// form); 0 when it has none.
func ResourceTier(r *scanners.Resource) int {
	var value any
	switch tags := prop(r, "Tags").(type) {
	case []any:
		for _, t := range tags {
			m, _ := t.(map[string]any)
			if k, _ := m["Key"].(string); k == "reliability-tier" {
				value = m["Value"]
			}
		}
	case map[string]any:
		value = tags["reliability-tier"]
	}
	return parseTier(value)
}

func parseTier(v any) int {
	switch x := v.(type) {
	case int64:
		if x >= 1 && x <= 4 {
			return int(x)
		}
	case string:
		s := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(x)), "tier"), "-")
		s = strings.TrimSpace(s)
		for level, t := range DefaultTiers {
			if s == t.Name || s == strconv.Itoa(level) {
				return level
			}
		}
	}
	return 0
}

// ---- the estimator ----

// backupCover is what AWS Backup gives one data store.
type backupCover struct {
	interval   int64 // shortest schedule interval among covering rules (0: none known)
	continuous bool
	copyRegion bool // a covering rule copies to a vault named in another Region
	copyMaybe  bool // a covering rule copies to a vault whose Region is unknown
	evidence   []string
}

type estimator struct {
	t         *scanners.Template
	byID      map[string]*scanners.Resource
	backups   map[string]*backupCover
	tagCover  []map[string]any // selections by tags: may cover anything
	dns       *Estimate        // Route 53 failover found in the template
	globalRDS map[string]bool  // DB clusters in an Aurora Global Database
}

func newEstimator(t *scanners.Template) *estimator {
	e := &estimator{t: t, byID: map[string]*scanners.Resource{}, backups: map[string]*backupCover{}, globalRDS: map[string]bool{}}
	for _, r := range t.Resources {
		e.byID[r.ID] = r
	}
	e.readBackups()
	e.readDNS()
	for _, r := range t.Resources {
		if r.Type == "AWS::RDS::GlobalCluster" {
			ids := map[string]bool{}
			refersTo(prop(r, "SourceDBClusterIdentifier"), ids)
			for id := range ids {
				e.globalRDS[id] = true
			}
		}
		if r.Type == "AWS::RDS::DBCluster" && prop(r, "GlobalClusterIdentifier") != nil {
			e.globalRDS[r.ID] = true
		}
	}
	return e
}

// readBackups maps every data store a backup selection names to the plan
// rules that back it up.
func (e *estimator) readBackups() {
	for _, sel := range e.t.Resources {
		if sel.Type != "AWS::Backup::BackupSelection" {
			continue
		}
		planIDs := map[string]bool{}
		refersTo(prop(sel, "BackupPlanId"), planIDs)
		var plans []*scanners.Resource
		for id := range planIDs {
			if p := e.byID[id]; p != nil && p.Type == "AWS::Backup::BackupPlan" {
				plans = append(plans, p)
			}
		}
		if len(plans) == 0 {
			continue
		}
		body, _ := prop(sel, "BackupSelection").(map[string]any)
		covered := map[string]bool{}
		wildcard := false
		if list, ok := body["Resources"].([]any); ok {
			for _, item := range list {
				if s, ok := item.(string); ok && (s == "*" || strings.HasSuffix(s, ":*") || strings.HasSuffix(s, "/*")) {
					wildcard = true
				}
				refersTo(item, covered)
			}
		}
		if body["ListOfTags"] != nil || body["Conditions"] != nil {
			e.tagCover = append(e.tagCover, body)
		}
		for _, r := range e.t.Resources {
			if !isDataStore(r.Type) || !(covered[r.ID] || wildcard) {
				continue
			}
			for _, p := range plans {
				e.addPlan(r.ID, p, sel.ID)
			}
		}
	}
}

func (e *estimator) addPlan(store string, plan *scanners.Resource, selection string) {
	c := e.backups[store]
	if c == nil {
		c = &backupCover{}
		e.backups[store] = c
	}
	bp, _ := prop(plan, "BackupPlan").(map[string]any)
	rules, _ := bp["BackupPlanRule"].([]any)
	for _, raw := range rules {
		rule, _ := raw.(map[string]any)
		name, _ := rule["RuleName"].(string)
		if b := truth(rule["EnableContinuousBackup"], false); b != nil && *b {
			c.continuous = true
			c.evidence = append(c.evidence, fmt.Sprintf("AWS Backup plan %s rule %s keeps continuous backups (selection %s)", plan.ID, name, selection))
		}
		expr, _ := rule["ScheduleExpression"].(string)
		if s, ok := e.t.Schedules[expr]; ok && s.Error == "" {
			if c.interval == 0 || s.IntervalSeconds < c.interval {
				c.interval = s.IntervalSeconds
			}
			c.evidence = append(c.evidence, fmt.Sprintf("AWS Backup plan %s rule %s runs %s, at most %s apart (selection %s)",
				plan.ID, name, expr, FormatSeconds(s.IntervalSeconds), selection))
		}
		copies, _ := rule["CopyActions"].([]any)
		for _, cp := range copies {
			m, _ := cp.(map[string]any)
			switch region := arnRegion(m["DestinationBackupVaultArn"]); region {
			case "":
				c.copyMaybe = true
			case "same":
			default:
				c.copyRegion = true
				c.evidence = append(c.evidence, fmt.Sprintf("rule %s copies each recovery point to a vault in %s", name, region))
			}
		}
	}
}

// arnRegion reads the Region of a vault ARN: "same" when it is the stack's
// own Region (${AWS::Region}), "" when unknown.
func arnRegion(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case map[string]any:
		if sub, ok := x["Fn::Sub"].(string); ok {
			s = sub
		}
	}
	s = strings.ReplaceAll(s, "${AWS::Region}", "${AWS.Region}")
	parts := strings.Split(s, ":")
	if len(parts) < 4 || parts[0] != "arn" {
		return ""
	}
	switch r := parts[3]; {
	case r == "${AWS.Region}":
		return "same"
	case strings.Contains(r, "${"):
		return ""
	default:
		return r
	}
}

func (e *estimator) readDNS() {
	var best *Estimate
	for _, r := range e.t.Resources {
		var records []map[string]any
		switch r.Type {
		case "AWS::Route53::RecordSet":
			records = append(records, r.Properties)
		case "AWS::Route53::RecordSetGroup":
			list, _ := prop(r, "RecordSets").([]any)
			for _, x := range list {
				if m, ok := x.(map[string]any); ok {
					records = append(records, m)
				}
			}
		}
		for _, rec := range records {
			if rec["Failover"] != "PRIMARY" {
				continue
			}
			ids := map[string]bool{}
			refersTo(rec["HealthCheckId"], ids)
			for id := range ids {
				hc := e.byID[id]
				if hc == nil || hc.Type != "AWS::Route53::HealthCheck" {
					continue
				}
				cfg, _ := prop(hc, "HealthCheckConfig").(map[string]any)
				interval, ok1 := num(orDefault(cfg["RequestInterval"], int64(30)))
				threshold, ok2 := num(orDefault(cfg["FailureThreshold"], int64(3)))
				ttl, ok3 := num(orDefault(rec["TTL"], int64(60)))
				if !ok1 || !ok2 || !ok3 {
					continue
				}
				total := interval*threshold + ttl
				est := secs(total, fmt.Sprintf("Route 53 failover: health check %s detects in %d s x %d, record TTL %d s (%s)",
					id, interval, threshold, ttl, Mechanisms["route53_failover"].Note))
				if best == nil || *est.Seconds < *best.Seconds {
					best = &est
				}
			}
		}
	}
	e.dns = best
}

func orDefault(v, def any) any {
	if v == nil {
		return def
	}
	return v
}

func isDataStore(t string) bool {
	switch t {
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::Serverless::SimpleTable",
		"AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::EFS::FileSystem", "AWS::S3::Bucket":
		return true
	}
	return false
}

// backupAlternatives turns a store's AWS Backup coverage into RPO
// alternatives for a scenario.
func (e *estimator) backupAlternatives(id string, scenario string) []Estimate {
	var alts []Estimate
	c := e.backups[id]
	if c != nil {
		if scenario == ScenarioAZ {
			if c.continuous {
				alts = append(alts, mech("backup_continuous", c.evidence...))
			}
			if c.interval > 0 {
				alts = append(alts, secs(c.interval, c.evidence...))
			}
		}
		switch {
		case c.copyRegion && c.interval > 0:
			alts = append(alts, secs(c.interval, c.evidence...))
		case c.copyMaybe:
			alts = append(alts, unknownEst("AWS Backup copies recovery points to a vault whose Region is not known"))
		}
	}
	if len(e.tagCover) > 0 && (c == nil || c.interval == 0) {
		alts = append(alts, unknownEst("an AWS Backup selection by tags or conditions may cover it"))
	}
	return alts
}

// store estimates a data store's RPO and RTO for a scenario. ok is false
// for resources that are not estimated (replicas, plain buckets).
func (e *estimator) store(r *scanners.Resource, scenario string) (rpo, rto Estimate, ok bool) {
	region := scenario == ScenarioRegion
	alts := e.backupAlternatives(r.ID, scenario)
	crossRegion := false // the data exists outside the Region
	switch r.Type {
	case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable":
		if !region {
			switch b := truth(prop(r, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), false); {
			case b == nil:
				alts = append(alts, unknownEst("PointInTimeRecoveryEnabled is not resolved"))
			case *b:
				alts = append(alts, mech("dynamodb_pitr", "point-in-time recovery enabled"))
			}
		}
		rto = secs(0, "DynamoDB replicates across Availability Zones")
	case "AWS::DynamoDB::GlobalTable":
		replicas, _ := prop(r, "Replicas").([]any)
		if len(replicas) >= 2 {
			alts = append(alts, mech("dynamodb_global_table", fmt.Sprintf("%d replicas", len(replicas))))
			crossRegion = true
		} else if !region {
			for _, rep := range replicas {
				m, _ := rep.(map[string]any)
				spec, _ := m["PointInTimeRecoverySpecification"].(map[string]any)
				if b := truth(spec["PointInTimeRecoveryEnabled"], false); b != nil && *b {
					alts = append(alts, mech("dynamodb_pitr", "point-in-time recovery enabled on the replica"))
				}
			}
		}
		rto = secs(0, "DynamoDB replicates across Availability Zones")
	case "AWS::RDS::DBInstance":
		if prop(r, "DBClusterIdentifier") != nil || prop(r, "SourceDBInstanceIdentifier") != nil {
			return rpo, rto, false // the cluster or the source instance holds the data
		}
		if eng, _ := prop(r, "Engine").(string); strings.HasPrefix(strings.ToLower(eng), "aurora") {
			return rpo, rto, false
		}
		if !region {
			alts = append(alts, e.rdsBackups(r)...)
		}
		rpoNow := best(alts...)
		switch b := truth(prop(r, "MultiAZ"), false); {
		case b == nil:
			rto = unknownEst("MultiAZ is not resolved")
		case *b:
			rto = mech("rds_multi_az", "MultiAZ true")
		case rpoNow.Seconds != nil || rpoNow.Unknown:
			rto = mech("restore_from_backup", "single-AZ: recovery is a restore")
		default:
			rto = unbounded("single-AZ with no backup to restore from")
		}
	case "AWS::RDS::DBCluster":
		if !region {
			alts = append(alts, e.rdsBackups(r)...)
		}
		if e.globalRDS[r.ID] {
			alts = append(alts, mech("aurora_global_database", "member of an Aurora Global Database"))
			crossRegion = true
		}
		rto = mech("aurora_cluster", "DB cluster")
	case "AWS::EFS::FileSystem":
		if !region {
			if p, _ := prop(r, "BackupPolicy", "Status").(string); p == "ENABLED" {
				alts = append(alts, secs(86400, "EFS automatic backups (BackupPolicy ENABLED) run daily"))
			}
		}
		if dests, ok := prop(r, "ReplicationConfiguration", "Destinations").([]any); ok && len(dests) > 0 {
			for _, d := range dests {
				m, _ := d.(map[string]any)
				switch reg := m["Region"].(type) {
				case string:
					alts = append(alts, mech("efs_replication", "replicated to "+reg))
					crossRegion = true
				case nil:
					if !region {
						alts = append(alts, mech("efs_replication", "replicated within the Region"))
					}
				default:
					alts = append(alts, unknownEst("EFS replication destination Region is not resolved"))
				}
			}
		}
		if prop(r, "AvailabilityZoneName") != nil {
			if b := best(alts...); b.Seconds != nil || b.Unknown {
				rto = mech("restore_from_backup", "One Zone file system: recovery is a restore")
			} else {
				rto = unbounded("One Zone file system with no backup to restore from")
			}
		} else {
			rto = secs(0, "EFS Regional file systems span Availability Zones")
		}
	case "AWS::S3::Bucket":
		versioned := prop(r, "VersioningConfiguration", "Status") == "Enabled"
		rules, _ := prop(r, "ReplicationConfiguration", "Rules").([]any)
		if !versioned && len(rules) == 0 && e.backups[r.ID] == nil && ResourceTier(r) == 0 {
			return rpo, rto, false // a plain bucket: logs or artifacts, not estimated
		}
		if versioned && !region {
			alts = append(alts, secs(0, "versioning keeps every overwritten or deleted object"))
		}
		if len(rules) > 0 {
			alts = append(alts, mech("s3_replication", "replication rules (the destination Region is assumed to differ)"))
			crossRegion = true
		}
		rto = secs(0, "S3 stores objects across Availability Zones")
	default:
		return rpo, rto, false
	}
	rpo = best(alts...)
	if region {
		switch {
		case crossRegion:
			rto = secs(0, "the data is already readable in another Region")
			if r.Type == "AWS::RDS::DBCluster" {
				rto = mech("aurora_global_failover")
			}
		case rpo.Seconds != nil:
			rto = mech("restore_from_backup", "recovery in another Region is a restore of a copied backup")
		case rpo.Unknown:
			rto = unknownEst(rpo.Evidence...)
		default:
			rpo = unbounded("no copy of the data outside the Region")
			rto = unbounded("nothing to recover from in another Region")
		}
	} else if rpo.Seconds == nil && !rpo.Unknown {
		rpo = unbounded("no point-in-time recovery, backup or replica")
	}
	return rpo, rto, true
}

func (e *estimator) rdsBackups(r *scanners.Resource) []Estimate {
	v := prop(r, "BackupRetentionPeriod")
	if v == nil {
		return []Estimate{mech("rds_automated_backups", "automated backups (BackupRetentionPeriod not set: 1 day)")}
	}
	n, ok := num(v)
	switch {
	case !ok:
		return []Estimate{unknownEst("BackupRetentionPeriod is not resolved")}
	case n > 0:
		return []Estimate{mech("rds_automated_backups", fmt.Sprintf("automated backups kept %d days", n))}
	}
	return nil
}

// compute estimates the RTO of a compute or cache component after the loss
// of an Availability Zone; ok is false for what is not estimated.
func (e *estimator) compute(r *scanners.Resource) (Estimate, bool) {
	var subnets any
	switch r.Type {
	case "AWS::ElasticLoadBalancingV2::LoadBalancer":
		subnets = prop(r, "Subnets")
		if subnets == nil {
			subnets = prop(r, "SubnetMappings")
		}
	case "AWS::AutoScaling::AutoScalingGroup":
		subnets = prop(r, "VPCZoneIdentifier")
		if subnets == nil {
			subnets = prop(r, "AvailabilityZones")
		}
	case "AWS::ECS::Service":
		subnets = prop(r, "NetworkConfiguration", "AwsvpcConfiguration", "Subnets")
	case "AWS::ElastiCache::ReplicationGroup":
		switch b := truth(prop(r, "AutomaticFailoverEnabled"), false); {
		case b == nil:
			return unknownEst("AutomaticFailoverEnabled is not resolved"), true
		case *b:
			return mech("elasticache_failover", "automatic failover enabled"), true
		}
		return mech("redeploy_compute", "no automatic failover: the primary is rebuilt"), true
	default:
		return Estimate{}, false
	}
	list, ok := subnets.([]any)
	switch {
	case subnets == nil:
		return Estimate{}, false
	case !ok:
		return unknownEst("subnets are not resolved"), true
	case len(list) == 1:
		return mech("redeploy_compute", "one subnet: a single Availability Zone"), true
	}
	return secs(0, fmt.Sprintf("%d subnets: load moves to the other Availability Zones", len(list))), true
}

// Workload estimates a template and judges it against its tier (0: not
// set, then only the estimates are reported).
func EstimateWorkload(t *scanners.Template, env Env) Workload {
	level, source := env.tierOf(t)
	w := Workload{Name: workloadName(t), File: t.File, Tier: level, TierSource: source, Scenario: ScenarioOf(level)}
	if level == 0 {
		w.TierSource = "not set"
	}
	tiers := env.tiers()
	if tier, ok := tiers[level]; ok {
		w.Targets = &tier
	}
	e := newEstimator(t)
	var rpos, rtos []Estimate
	for _, r := range t.Resources {
		level := level
		if own := ResourceTier(r); own != 0 {
			level = own
		}
		scenario := ScenarioOf(level)
		re := ResourceEstimate{Resource: r.ID, Type: r.Type, Scenario: scenario}
		if level != w.Tier {
			re.Tier = level
		}
		if isDataStore(r.Type) {
			rpo, rto, ok := e.store(r, scenario)
			if !ok {
				continue
			}
			re.RPO, re.RTO = &rpo, &rto
		} else if scenario == ScenarioAZ {
			rto, ok := e.compute(r)
			if !ok {
				continue
			}
			re.RTO = &rto
		} else {
			continue
		}
		if tier, ok := tiers[level]; ok && level != 0 {
			re.Compliant = both(within(re.RPO, tier.RPOSeconds), within(re.RTO, tier.RTOSeconds))
		}
		if re.Tier == 0 {
			if re.RPO != nil {
				rpos = append(rpos, *re.RPO)
			}
			if re.RTO != nil {
				rtos = append(rtos, *re.RTO)
			}
		}
		w.Resources = append(w.Resources, re)
	}
	if w.Scenario == ScenarioRegion && len(w.Resources) > 0 {
		if e.dns != nil {
			rtos = append(rtos, *e.dns)
		} else {
			rtos = append(rtos, unknownEst("no Route 53 failover record in this template: traffic failover is not visible"))
		}
	}
	w.RPO, w.RTO = worst(rpos...), worst(rtos...)
	if w.Targets != nil {
		c := both(within(&w.RPO, w.Targets.RPOSeconds), within(&w.RTO, w.Targets.RTOSeconds))
		for _, r := range w.Resources {
			c = both(c, r.Compliant)
		}
		if len(w.Resources) > 0 {
			w.Compliant = c
		}
	}
	return w
}

// worst keeps the longest estimate across components: unbounded beats any
// number; an unknown component makes a passing total unknown.
func worst(parts ...Estimate) Estimate {
	if len(parts) == 0 {
		return Estimate{Text: "nothing to estimate", Evidence: []string{}}
	}
	var out *Estimate
	unknown := false
	for i := range parts {
		p := parts[i]
		if p.Unknown && p.Seconds == nil {
			unknown = true
			continue
		}
		if p.Seconds == nil {
			return p // unbounded
		}
		if out == nil || *p.Seconds > *out.Seconds {
			out = &p
		}
		unknown = unknown || p.Unknown
	}
	if out == nil {
		return unknownEst("not every component could be estimated")
	}
	r := *out
	if unknown {
		r.Unknown, r.AtLeast = true, true
		r.Text = "at least " + r.Text
	}
	return r
}

func workloadName(t *scanners.Template) string {
	if b, ok := t.Metadata["bulwark"].(map[string]any); ok {
		if n, ok := b["workload"].(string); ok && n != "" {
			return n
		}
	}
	name := t.File
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	return name
}

// estimatesInput is the part of a rule's input that carries the estimates.
func (w Workload) estimatesInput(tiers map[int]Tier) map[string]any {
	res := map[string]any{}
	for _, r := range w.Resources {
		level := w.Tier
		if r.Tier != 0 {
			level = r.Tier
		}
		doc := map[string]any{"tier": int64(level), "scenario": r.Scenario}
		if t, ok := tiers[level]; ok && level != 0 {
			doc["targets"] = map[string]any{"rpo_seconds": t.RPOSeconds, "rto_seconds": t.RTOSeconds,
				"rpo_text": FormatSeconds(t.RPOSeconds), "rto_text": FormatSeconds(t.RTOSeconds)}
		}
		if r.RPO != nil {
			doc["rpo"] = r.RPO.input()
		}
		if r.RTO != nil {
			doc["rto"] = r.RTO.input()
		}
		res[r.Resource] = doc
	}
	return map[string]any{"resources": res}
}

func (e Estimate) input() map[string]any {
	m := map[string]any{"text": e.Text, "unknown": e.Unknown, "evidence": strings.Join(e.Evidence, "; ")}
	if e.Seconds != nil {
		m["seconds"] = *e.Seconds
	}
	return m
}

// SortWorkloads orders workloads by file.
func SortWorkloads(ws []Workload) {
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].File < ws[j].File })
}
