package live

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
)

// assemble groups what the collectors found into templates: each
// resource that a deployed stack created joins that stack's template
// under its logical id; the rest of a Region forms one template of its
// own, so cross-resource rules (a backup selection and the tables it
// covers, a load balancer and its subnets' zones) see each other.
func assemble(data []*regionData, opts *Options) *Inventory {
	inv := &Inventory{}
	markReplicas(data)
	byAccount := map[string][]*regionData{}
	var order []string
	for _, d := range data {
		if _, ok := byAccount[d.account]; !ok {
			order = append(order, d.account)
		}
		byAccount[d.account] = append(byAccount[d.account], d)
	}
	for _, acct := range order {
		regions := byAccount[acct]
		// Global services last: their resources may join a stack of any Region.
		sort.SliceStable(regions, func(i, j int) bool { return regions[j].region == "global" && regions[i].region != "global" })
		owners := stackIndex(regions)
		indexOnly := map[string]bool{}
		for _, d := range regions {
			indexOnly[d.region] = d.aux && d.region != "global"
		}
		for _, d := range regions {
			if indexOnly[d.region] {
				continue // another shard reports this Region (see plan)
			}
			if !d.aux {
				inv.Scopes = append(inv.Scopes, "aws://"+d.account+"/"+d.region)
			}
			members := map[*stackInfo]map[string]*item{} // stack -> logical id -> live item
			var loose []*item
			for _, it := range d.items {
				if st, logical := owners.owner(d.region, it); st != nil {
					if indexOnly[owners.regionOf[st]] {
						continue // the shard owning the stack's Region reports it
					}
					if members[st] == nil {
						members[st] = map[string]*item{}
					}
					members[st][logical] = it
					continue
				}
				if !d.aux {
					loose = append(loose, it)
				}
			}
			if !d.aux {
				inv.Sources = append(inv.Sources, looseSource(d, loose))
			}
			for _, st := range d.stacks {
				src, diags := stackSource(d, st, members[st], owners.regionOf[st])
				inv.Sources = append(inv.Sources, src)
				inv.Diagnostics = append(inv.Diagnostics, diags...)
			}
			// Global resources (Route 53) may belong to a stack of any Region.
			for st, m := range members {
				if owners.regionOf[st] != d.region {
					src := findSource(inv.Sources, st, owners.regionOf[st], d.account)
					if src != nil {
						overlay(src, m)
					}
				}
			}
		}
	}
	for _, s := range inv.Sources {
		finish(s, byAccount[s.Account])
	}
	sort.SliceStable(inv.Sources, func(i, j int) bool { return inv.Sources[i].Template.File < inv.Sources[j].Template.File })
	return inv
}

// owners maps physical ids to the stacks that created them.
type owners struct {
	byPhysical map[string][]ownerRef
	regionOf   map[*stackInfo]string
}

type ownerRef struct {
	stack   *stackInfo
	region  string
	logical string
	typ     string
}

func stackIndex(regions []*regionData) owners {
	o := owners{byPhysical: map[string][]ownerRef{}, regionOf: map[*stackInfo]string{}}
	for _, d := range regions {
		for _, st := range d.stacks {
			o.regionOf[st] = d.region
			for _, r := range st.resources {
				if r.physical != "" {
					o.byPhysical[r.physical] = append(o.byPhysical[r.physical], ownerRef{st, d.region, r.logical, r.typ})
				}
			}
		}
	}
	return o
}

// owner finds the stack that created a live resource: a physical id of
// the same service, unambiguous, in the same Region (any Region for the
// global services).
func (o owners) owner(region string, it *item) (*stackInfo, string) {
	for _, p := range it.physical {
		var found []ownerRef
		for _, ref := range o.byPhysical[p] {
			if sameService(ref.typ, it.typ) && (ref.region == region || region == "global") && o.created(ref, it.within) {
				found = append(found, ref)
			}
		}
		if len(found) == 1 {
			return found[0].stack, found[0].logical
		}
	}
	return nil, ""
}

// created reports whether the stack of ref also created the resource
// whose physical id is parent ("" : no parent to check).
func (o owners) created(ref ownerRef, parent string) bool {
	if parent == "" {
		return true
	}
	for _, p := range o.byPhysical[parent] {
		if p.stack == ref.stack {
			return true
		}
	}
	return false
}

// sameService compares the service part of two types (AWS::DynamoDB::Table
// and AWS::DynamoDB::GlobalTable match: a table with replicas is modelled
// as a global table whatever the template declared; so do an
// AWS::Elasticsearch::Domain and the AWS::OpenSearchService::Domain the
// OpenSearch API describes it as).
func sameService(a, b string) bool {
	pa := strings.SplitN(a, "::", 3)
	pb := strings.SplitN(b, "::", 3)
	return len(pa) == 3 && len(pb) == 3 && pa[0] == pb[0] && serviceAlias(pa[1]) == serviceAlias(pb[1])
}

func serviceAlias(service string) string {
	if service == "Elasticsearch" {
		return "OpenSearchService"
	}
	return service
}

func findSource(sources []*Source, st *stackInfo, region, account string) *Source {
	for _, s := range sources {
		if s.Stack == st.name && s.Region == region && s.Account == account {
			return s
		}
	}
	return nil
}

// notCollected are rules whose evidence the collectors do not read at all
// (rule id -> what is missing): on a Region's loose resources they could
// only guess, so those sources leave them unchecked. A deployed stack's
// template still has that evidence.
var notCollected = map[string]string{
	"BW-TIMEOUTS-002": "what invokes a function asynchronously is only partly collected (EventBridge rules and SNS subscriptions; not the function's permissions, S3 notifications or other sources)",
}

func looseSource(d *regionData, items []*item) *Source {
	file := "aws://" + d.account + "/" + d.region
	t := &scanners.Template{File: file, Format: "live",
		Metadata: map[string]any{"bulwark": map[string]any{"workload": d.account + "/" + d.region}}}
	sort.Slice(items, func(i, j int) bool { return items[i].id < items[j].id })
	for _, it := range items {
		t.Resources = append(t.Resources, &scanners.Resource{ID: it.id, Type: it.typ, Properties: it.props,
			Location: scanners.Location{File: file}})
	}
	unchecked := make(map[string]string, len(d.unchecked)+len(notCollected))
	for id, why := range notCollected {
		unchecked[id] = why
	}
	for id, why := range d.unchecked {
		unchecked[id] = why
	}
	return &Source{Source: scanners.Source{Template: t, Kind: scanners.KindAccount, Settings: d.settings, Unchecked: unchecked},
		Account: d.account, Region: d.region}
}

// stackSource loads a deployed stack's template (its processed form, so
// SAM resources carry the logical ids CloudFormation created) with the
// stack's real parameter values, then overlays the live state of its
// resources: the template says what was meant, the account what is.
func stackSource(d *regionData, st *stackInfo, members map[string]*item, region string) (*Source, []scanners.Diagnostic) {
	file := "aws://" + d.account + "/" + region + "/" + st.name
	var diags []scanners.Diagnostic
	var t *scanners.Template
	if st.body != "" {
		// AWS::Region is left unresolved on purpose: resolved, a same-Region
		// backup vault ARN would read as a copy to another Region.
		pseudo := map[string]string{"AWS::AccountId": d.account, "AWS::StackName": st.name, "AWS::StackId": st.id,
			"AWS::Partition": partitionOf(st.id), "AWS::URLSuffix": "amazonaws.com"}
		res := scanners.Load(file, []byte(st.body), scanners.Options{Params: st.params, Pseudo: pseudo})
		t = res.Template
		for _, diag := range res.Diagnostics {
			// A deployed template is valid CloudFormation: what bulwark
			// cannot read in it is a gap in the audit, not bad input.
			if diag.Severity == scanners.SeverityError {
				diag.Severity = scanners.SeverityWarning
				diag.Message = "not checked: template of stack " + st.name + ": " + diag.Message
			}
			diags = append(diags, diag)
		}
	}
	if t == nil {
		t = &scanners.Template{File: file, Format: "live"}
	}
	if t.Metadata == nil {
		t.Metadata = map[string]any{}
	}
	b, _ := t.Metadata["bulwark"].(map[string]any)
	if b == nil {
		b = map[string]any{}
		t.Metadata["bulwark"] = b
	}
	if _, ok := b["workload"]; !ok {
		b["workload"] = d.account + "/" + region + "/" + st.name
	}
	src := &Source{Source: scanners.Source{Template: t, Kind: scanners.KindTemplate, Settings: d.settings},
		Account: d.account, Region: region, Stack: st.name}
	if tier, ok := st.tags["reliability-tier"]; ok && b["tier"] == nil {
		src.TierHint, src.TierHintSource = tier, "stack tag reliability-tier"
	}
	overlay(src, members)
	return src, diags
}

// overlay puts live state on a stack's resources: each property the
// collector read replaces the template's; the template keeps the rest
// (and its Metadata, so its suppressions still apply).
func overlay(src *Source, members map[string]*item) {
	t := src.Template
	ids := make([]string, 0, len(members))
	for id := range members {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, logical := range ids {
		it := members[logical]
		r := t.Resource(logical)
		switch {
		case r == nil:
			t.Resources = append(t.Resources, &scanners.Resource{ID: logical, Type: it.typ, Properties: it.props,
				Location: scanners.Location{File: t.File}})
		case r.Type == it.typ:
			if r.Properties == nil {
				r.Properties = map[string]any{}
			}
			for k, v := range it.props {
				r.Properties[k] = v
			}
		default:
			r.Type, r.Properties = it.typ, it.props
		}
	}
	renameRefs(t, members)
}

// renameRefs points references between live resources (a selection's
// plan, a backed-up table) at the ids they have in this template.
func renameRefs(t *scanners.Template, members map[string]*item) {
	rename := map[string]string{}
	for logical, it := range members {
		rename[it.id] = logical
	}
	if len(rename) == 0 {
		return
	}
	for _, r := range t.Resources {
		walkRefs(r.Properties, func(id string) (string, bool) {
			n, ok := rename[id]
			return n, ok
		})
	}
}

// walkRefs rewrites the targets of Ref and Fn::GetAtt in v.
func walkRefs(v any, rename func(string) (string, bool)) {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["Ref"].(string); ok && len(x) == 1 {
			if n, ok := rename(s); ok {
				x["Ref"] = n
			}
			return
		}
		if g, ok := x["Fn::GetAtt"].([]any); ok && len(x) == 1 && len(g) == 2 {
			if s, ok := g[0].(string); ok {
				if n, ok := rename(s); ok {
					g[0] = n
				}
			}
			return
		}
		for _, e := range x {
			walkRefs(e, rename)
		}
	case []any:
		for _, e := range x {
			walkRefs(e, rename)
		}
	}
}

// finish adds what every source needs once its resources are known: the
// subnets its resources name (so rules see each subnet's real zone),
// parsed backup schedules, links from ARNs to the resources they name,
// and the resource count.
func finish(s *Source, regions []*regionData) {
	t := s.Template
	var d *regionData
	for _, r := range regions {
		if r.region == s.Region {
			d = r
		}
	}
	linkARNs(t)
	s.Resources = len(t.Resources)
	if d != nil {
		for _, r := range t.Resources {
			if d.placeholders[r.ID] {
				s.Resources--
			}
		}
		present := map[string]bool{}
		for _, r := range t.Resources {
			present[r.ID] = true
		}
		var names []string
		for _, r := range t.Resources {
			walkRefs(r.Properties, func(id string) (string, bool) {
				if _, ok := d.subnets[id]; ok && !present[id] {
					present[id] = true
					names = append(names, id)
				}
				return "", false
			})
		}
		sort.Strings(names)
		for _, id := range names {
			sn := d.subnets[id]
			props := map[string]any{"AvailabilityZone": sn.az}
			if sn.azID != "" {
				props["AvailabilityZoneId"] = sn.azID
			}
			if sn.vpc != "" {
				props["VpcId"] = sn.vpc
			}
			t.Resources = append(t.Resources, &scanners.Resource{ID: id, Type: "AWS::EC2::Subnet", Properties: props,
				Location: scanners.Location{File: t.File}})
		}
	}
	// The resources are final: derive the backup schedules the same way
	// a template's are.
	t.Schedules = scanners.CollectSchedules(t.Resources)
}

// linkARNs turns the ARNs that live resources hold (a backup selection's
// resources, a queue's dead-letter queue, the queue an event source
// mapping polls, a function's dead-letter target) into references to the
// resources of this template they name. The rules follow references
// (lib.designated), never ARN strings, so this is how they link a data
// store to the plan that backs it up, or a queue to the function that
// polls it. An ARN of nothing in the template stays a string.
func linkARNs(t *scanners.Template) {
	byARN := map[string]string{}
	for _, r := range t.Resources {
		if arn, ok := r.Properties[arnKey].(string); ok {
			delete(r.Properties, arnKey)
			byARN[arn] = r.ID
		}
	}
	link := func(v any) any {
		if s, ok := v.(string); ok {
			if id, ok := byARN[s]; ok {
				return map[string]any{"Fn::GetAtt": []any{id, "Arn"}}
			}
		}
		return v
	}
	for _, r := range t.Resources {
		if r.Type == "AWS::Backup::BackupSelection" {
			sel, _ := r.Properties["BackupSelection"].(map[string]any)
			list, _ := sel["Resources"].([]any)
			for i, v := range list {
				list[i] = link(v)
			}
			continue
		}
		if r.Type == "AWS::S3::Bucket" {
			linkReplicationDestinations(r, link)
			continue
		}
		for _, path := range arnPaths[r.Type] {
			linkAt(r.Properties, path, link)
		}
	}
}

// linkAt replaces the value at path in v by link(value); "*" in path
// stands for every element of a list (an EventBridge rule's targets).
func linkAt(v any, path []string, link func(any) any) {
	switch x := v.(type) {
	case []any:
		if path[0] == "*" {
			for _, e := range x {
				linkAt(e, path[1:], link)
			}
		}
	case map[string]any:
		w, ok := x[path[0]]
		switch {
		case !ok:
		case len(path) == 1:
			x[path[0]] = link(w)
		default:
			linkAt(w, path[1:], link)
		}
	}
}

// arnPaths are the properties, by type, whose ARN linkARNs resolves.
var arnPaths = map[string][][]string{
	"AWS::SQS::Queue":                 {{"RedrivePolicy", "deadLetterTargetArn"}},
	"AWS::Lambda::EventSourceMapping": {{"EventSourceArn"}, {"DestinationConfig", "OnFailure", "Destination"}},
	"AWS::Lambda::Function":           {{"DeadLetterConfig", "TargetArn"}},
	"AWS::Lambda::EventInvokeConfig":  {{"DestinationConfig", "OnFailure", "Destination"}},
	"AWS::Events::Rule":               {{"Targets", "*", "Arn"}, {"Targets", "*", "DeadLetterConfig", "Arn"}},
	"AWS::SNS::Subscription":          {{"Endpoint"}, {"RedrivePolicy", "deadLetterTargetArn"}},
	"AWS::ECS::CapacityProvider":      {{"AutoScalingGroupProvider", "AutoScalingGroupArn"}},
	"AWS::ECS::Service":               {{"TaskDefinition"}},
}

// arnKey carries a live resource's ARN from its collector to linkARNs,
// which removes it: it is not a CloudFormation property.
const arnKey = "bulwark:arn"

func partitionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) == 3 && parts[0] == "arn" && parts[1] != "" {
		return parts[1]
	}
	return "aws"
}

// String names a source in messages.
func (s *Source) String() string {
	if s.Stack != "" {
		return fmt.Sprintf("stack %s in %s/%s", s.Stack, s.Account, s.Region)
	}
	return fmt.Sprintf("%s/%s", s.Account, s.Region)
}
