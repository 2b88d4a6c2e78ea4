package estimate

import (
	"fmt"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
)

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
	tagCover  []map[string]any    // selections by tags: may cover anything
	dns       *Estimate           // Route 53 failover found in the template
	dnsRecord string              // the record (or record group) that gives dns
	globalRDS map[string]bool     // DB clusters in an Aurora Global Database
	members   map[string][]string // DB cluster id: its DB instances in the template
	unplaced  bool                // a DB instance names its cluster by an unresolved value
}

func newEstimator(t *scanners.Template) *estimator {
	e := &estimator{t: t, byID: map[string]*scanners.Resource{}, backups: map[string]*backupCover{}, globalRDS: map[string]bool{}}
	for _, r := range t.Resources {
		e.byID[r.ID] = r
	}
	e.readBackups()
	e.readDNS()
	e.readClusterMembers()
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

// readClusterMembers maps each RDS DB cluster of the template to the DB
// instances that name it (a Ref, or its literal DBClusterIdentifier in any
// case), as BW-MULTI-AZ-012 does.
func (e *estimator) readClusterMembers() {
	e.members = map[string][]string{}
	named := map[string]string{}
	for _, r := range e.t.Resources {
		if name, ok := prop(r, "DBClusterIdentifier").(string); ok && r.Type == "AWS::RDS::DBCluster" {
			named[strings.ToLower(name)] = r.ID
		}
	}
	for _, r := range e.t.Resources {
		if r.Type != "AWS::RDS::DBInstance" {
			continue
		}
		switch v := prop(r, "DBClusterIdentifier").(type) {
		case nil:
		case string:
			if c, ok := named[strings.ToLower(v)]; ok {
				e.members[c] = append(e.members[c], r.ID)
			}
		default:
			ref, _ := v.(map[string]any)["Ref"].(string)
			if c := e.byID[ref]; c != nil && c.Type == "AWS::RDS::DBCluster" {
				e.members[ref] = append(e.members[ref], r.ID)
			} else {
				e.unplaced = true
			}
		}
	}
}

// singleInstanceAurora is the one DB instance of an Aurora cluster (other
// than Serverless v1, which has none to count) when the template shows
// exactly one and no instance may belong to it unseen.
func (e *estimator) singleInstanceAurora(r *scanners.Resource) (string, bool) {
	eng, _ := prop(r, "Engine").(string)
	mode, ok := orDefault(prop(r, "EngineMode"), "provisioned").(string)
	if !strings.HasPrefix(strings.ToLower(eng), "aurora") || !ok || strings.EqualFold(mode, "serverless") {
		return "", false
	}
	if m := e.members[r.ID]; len(m) == 1 && !e.unplaced {
		return m[0], true
	}
	return "", false
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
	record := ""
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
					best, record = &est, r.ID
				}
			}
		}
	}
	e.dns, e.dnsRecord = best, record
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
