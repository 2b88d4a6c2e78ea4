package livetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// fixtures are the facts the front answers for kumo: what it lacks
// (Lambda concurrency and account settings, Auto Scaling, Route 53 health
// checks, ECS service listing and capacity providers, CloudFormation's
// ListStackResources, EC2 DescribeRegions, EFS, OpenSearch, Classic Load
// Balancers, MSK's ListClustersV2, Application Auto Scaling, API Gateway
// usage plans) or answers wrongly (DynamoDB point-in-time recovery, always
// off in kumo).
type fixtures struct {
	mu       sync.Mutex
	pitr     map[string]bool
	reserved map[string]int
	stacks   map[string][]StackResource
	tags     map[string]map[string]string
	params   map[string]map[string]string
	regions  []string
}

// StackResource is one resource of a stack, as ListStackResources lists it.
type StackResource struct{ Logical, Physical, Type string }

// SetPITR makes DescribeContinuousBackups report point-in-time recovery
// enabled for a table of the primary Region.
func (f *Front) SetPITR(table string) {
	f.fx.mu.Lock()
	defer f.fx.mu.Unlock()
	f.fx.pitr[table] = true
}

// SetReserved gives a function reserved concurrency.
func (f *Front) SetReserved(function string, n int) {
	f.fx.mu.Lock()
	defer f.fx.mu.Unlock()
	f.fx.reserved[function] = n
}

// SetStackResources says what a stack created (kumo invents physical ids
// that name nothing it holds).
func (f *Front) SetStackResources(stack string, res ...StackResource) {
	f.fx.mu.Lock()
	defer f.fx.mu.Unlock()
	f.fx.stacks[stack] = res
}

// SetRegions is what DescribeRegions answers.
func (f *Front) SetRegions(regions ...string) {
	f.fx.mu.Lock()
	defer f.fx.mu.Unlock()
	f.fx.regions = regions
}

// SetStack gives a kumo stack the tags and parameter values kumo does not
// keep (its CreateStack drops both).
func (f *Front) SetStack(stack string, tags, params map[string]string) {
	f.fx.mu.Lock()
	defer f.fx.mu.Unlock()
	f.fx.tags[stack], f.fx.params[stack] = tags, params
}

// rewrite fixes kumo's answer to a request, or nil.
func (f *Front) rewrite(r *Request) func([]byte) []byte {
	if r.Region != f.Primary || r.Service != "cloudformation" || r.Operation != "DescribeStacks" {
		return nil
	}
	return func(body []byte) []byte {
		f.fx.mu.Lock()
		defer f.fx.mu.Unlock()
		// kumo writes an empty Parameters element; one list per stack.
		s := strings.ReplaceAll(string(body), "<Parameters></Parameters>", "")
		for stack, tags := range f.fx.tags {
			var b strings.Builder
			b.WriteString("<Tags>")
			for k, v := range tags {
				fmt.Fprintf(&b, "<member><Key>%s</Key><Value>%s</Value></member>", X(k), X(v))
			}
			b.WriteString("</Tags><Parameters>")
			for k, v := range f.fx.params[stack] {
				fmt.Fprintf(&b, "<member><ParameterKey>%s</ParameterKey><ParameterValue>%s</ParameterValue></member>", X(k), X(v))
			}
			b.WriteString("</Parameters>")
			name := "<StackName>" + X(stack) + "</StackName>"
			s = strings.Replace(s, name, name+b.String(), 1)
		}
		return []byte(s)
	}
}

func (f *Front) builtins() {
	f.fx = &fixtures{pitr: map[string]bool{}, reserved: map[string]int{}, stacks: map[string][]StackResource{},
		tags: map[string]map[string]string{}, params: map[string]map[string]string{},
		regions: []string{"us-east-1", "us-west-2"}}
	f.handlers[key(f.Primary, "dynamodb", "DescribeContinuousBackups")] = func(w http.ResponseWriter, r *Request) {
		var in struct{ TableName string }
		_ = json.Unmarshal(r.Body, &in)
		f.fx.mu.Lock()
		on := f.fx.pitr[in.TableName]
		f.fx.mu.Unlock()
		status := "DISABLED"
		if on {
			status = "ENABLED"
		}
		JSON(w, map[string]any{"ContinuousBackupsDescription": map[string]any{"ContinuousBackupsStatus": "ENABLED",
			"PointInTimeRecoveryDescription": map[string]any{"PointInTimeRecoveryStatus": status}}})
	}
	f.handlers[key("*", "lambda", "GetFunctionConcurrency")] = func(w http.ResponseWriter, r *Request) {
		parts := strings.Split(r.HTTP.URL.Path, "/")
		name := parts[len(parts)-2]
		f.fx.mu.Lock()
		n, ok := f.fx.reserved[name]
		f.fx.mu.Unlock()
		if !ok {
			JSON(w, map[string]any{})
			return
		}
		JSON(w, map[string]any{"ReservedConcurrentExecutions": n})
	}
	f.handlers[key("*", "lambda", "GetAccountSettings")] = func(w http.ResponseWriter, r *Request) {
		JSON(w, map[string]any{"AccountLimit": map[string]any{"ConcurrentExecutions": 1000, "UnreservedConcurrentExecutions": 1000},
			"AccountUsage": map[string]any{"FunctionCount": 0}})
	}
	f.handlers[key("*", "cloudformation", "ListStackResources")] = func(w http.ResponseWriter, r *Request) {
		name := r.Form.Get("StackName")
		f.fx.mu.Lock()
		var res []StackResource
		for stack, list := range f.fx.stacks {
			// StackName may be the stack's name or its id (an ARN naming it).
			if name == stack || strings.Contains(name, ":stack/"+stack+"/") {
				res = list
			}
		}
		f.fx.mu.Unlock()
		var b strings.Builder
		for _, sr := range res {
			fmt.Fprintf(&b, "<member><LogicalResourceId>%s</LogicalResourceId><PhysicalResourceId>%s</PhysicalResourceId><ResourceType>%s</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp></member>",
				X(sr.Logical), X(sr.Physical), X(sr.Type))
		}
		QueryXML(w, r, "<StackResourceSummaries>"+b.String()+"</StackResourceSummaries>")
	}
	f.handlers[key("*", "ec2", "DescribeRegions")] = func(w http.ResponseWriter, r *Request) {
		f.fx.mu.Lock()
		defer f.fx.mu.Unlock()
		var b strings.Builder
		for _, reg := range f.fx.regions {
			fmt.Fprintf(&b, "<item><regionName>%s</regionName><regionEndpoint>ec2.%s.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>", reg, reg)
		}
		EC2XML(w, r.Operation, "<regionInfo>"+b.String()+"</regionInfo>")
	}
	// Operations kumo does not have: an empty account unless a test
	// registers its own answer.
	for _, op := range [][2]string{{"autoscaling", "DescribeAutoScalingGroups"}, {"route53", "ListHealthChecks"},
		{"lambda", "ListFunctionEventInvokeConfigs"},
		{"ecs", "ListServices"}, {"ecs", "DescribeServices"}, {"ecs", "DescribeCapacityProviders"}, {"kafka", "ListClustersV2"},
		{"application-autoscaling", "DescribeScalableTargets"},
		{"elasticfilesystem", "DescribeFileSystems"}, {"elasticfilesystem", "DescribeReplicationConfigurations"},
		{"es", "ListDomainNames"}, {"elb", "DescribeLoadBalancers"}, {"apigateway", "GetUsagePlans"}} {
		f.handlers[key(f.Primary, op[0], op[1])] = Empty
	}
}
