package live

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ruleFindings evaluates inv at a tier and lists the resources rule
// reports.
func ruleFindings(t *testing.T, inv *Inventory, tier int, rule string) []string {
	t.Helper()
	e, err := rules.New(rules.Options{})
	require.NoError(t, err)
	got := []string{}
	for _, fd := range judge(e, inv, rules.EvalOptions{Env: rules.Env{Tier: tier}}).Findings {
		if fd.RuleID == rule {
			got = append(got, fd.Resource)
		}
	}
	return got
}

// TestSingleTaskOrInstanceLive: in a tiered workload, a service running
// one task and a group that never runs more than one instance fail
// BW-MULTI-AZ-017; two tasks, a daemon service and a group of up to four
// instances pass. Untiered, nothing is judged.
func TestSingleTaskOrInstanceLive(t *testing.T) {
	const region = "eu-north-1"
	f := newFront(t)
	arn := func(service, rest string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, livetest.Account, rest)
	}
	service := func(name string, desired int, strategy string) map[string]any {
		return map[string]any{"serviceName": name, "serviceArn": arn("ecs", "service/main/"+name), "status": "ACTIVE",
			"desiredCount": desired, "launchType": "EC2", "schedulingStrategy": strategy}
	}
	f.Handle(region, "ecs", "ListClusters", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"clusterArns": []string{arn("ecs", "cluster/main")}})
	})
	f.Handle(region, "ecs", "ListServices", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"serviceArns": []string{arn("ecs", "service/main/single"), arn("ecs", "service/main/pair"),
			arn("ecs", "service/main/agent")}})
	})
	f.Handle(region, "ecs", "DescribeServices", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"services": []any{service("single", 1, "REPLICA"), service("pair", 2, "REPLICA"),
			service("agent", 1, "DAEMON")}})
	})
	f.Handle(region, "autoscaling", "DescribeAutoScalingGroups", func(w http.ResponseWriter, r *livetest.Request) {
		group := func(name string, max int) string {
			return fmt.Sprintf(`<member><AutoScalingGroupName>%s</AutoScalingGroupName><MinSize>1</MinSize><MaxSize>%d</MaxSize>`+
				`<DesiredCapacity>1</DesiredCapacity><VPCZoneIdentifier>subnet-a,subnet-b</VPCZoneIdentifier></member>`, name, max)
		}
		livetest.QueryXML(w, r, `<AutoScalingGroups>`+group("lonely", 1)+group("fleet", 4)+`</AutoScalingGroups>`)
	})
	o := options(f, region)
	o.Services = []string{"ecs", "autoscaling"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	assert.ElementsMatch(t, []string{"service/main/single", "autoscalinggroup/lonely"}, ruleFindings(t, inv, 2, "BW-MULTI-AZ-017"))
	assert.Empty(t, ruleFindings(t, inv, 4, "BW-MULTI-AZ-017"), "tier 4 workloads may run one copy")
}

// TestDeletionProtectionLive: in a tier 1 workload, each kind of resource
// with deletion protection off fails BW-DATA-PROTECTION-002 and with it on
// passes; an instance of a cluster takes the cluster's; a load balancer
// whose attributes could not be read is a gap, not a finding.
func TestDeletionProtectionLive(t *testing.T) {
	const region = "sa-east-1"
	f := newFront(t)
	f.Handle(region, "rds", "DescribeDBInstances", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, `<DBInstances>`+
			`<DBInstance><DBInstanceIdentifier>open</DBInstanceIdentifier><Engine>postgres</Engine><DeletionProtection>false</DeletionProtection></DBInstance>`+
			`<DBInstance><DBInstanceIdentifier>locked</DBInstanceIdentifier><Engine>postgres</Engine><DeletionProtection>true</DeletionProtection></DBInstance>`+
			`<DBInstance><DBInstanceIdentifier>member</DBInstanceIdentifier><Engine>aurora-mysql</Engine><DBClusterIdentifier>aurora</DBClusterIdentifier>`+
			`<DeletionProtection>false</DeletionProtection></DBInstance></DBInstances>`)
	})
	f.Handle(region, "rds", "DescribeDBClusters", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, `<DBClusters>`+
			`<DBCluster><DBClusterIdentifier>aurora</DBClusterIdentifier><Engine>aurora-mysql</Engine><DeletionProtection>true</DeletionProtection></DBCluster>`+
			`<DBCluster><DBClusterIdentifier>docs</DBClusterIdentifier><Engine>docdb</Engine><DeletionProtection>false</DeletionProtection></DBCluster>`+
			`<DBCluster><DBClusterIdentifier>graph</DBClusterIdentifier><Engine>neptune</Engine><DeletionProtection>true</DeletionProtection></DBCluster>`+
			`</DBClusters>`)
	})
	f.Handle(region, "dynamodb", "ListTables", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"TableNames": []string{"kept", "loose"}})
	})
	f.Handle(region, "dynamodb", "DescribeTable", func(w http.ResponseWriter, r *livetest.Request) {
		name := "loose"
		if string(r.Body) == `{"TableName":"kept"}` {
			name = "kept"
		}
		livetest.JSON(w, map[string]any{"Table": map[string]any{"TableName": name, "TableStatus": "ACTIVE",
			"DeletionProtectionEnabled": name == "kept", "BillingModeSummary": map[string]any{"BillingMode": "PAY_PER_REQUEST"}}})
	})
	lbARN := func(name string) string {
		return "arn:aws:elasticloadbalancing:" + region + ":" + livetest.Account + ":loadbalancer/app/" + name + "/1"
	}
	f.Handle(region, "elasticloadbalancing", "DescribeLoadBalancers", func(w http.ResponseWriter, r *livetest.Request) {
		lb := func(name string) string {
			return `<member><LoadBalancerArn>` + lbARN(name) + `</LoadBalancerArn><LoadBalancerName>` + name +
				`</LoadBalancerName><Type>application</Type></member>`
		}
		livetest.QueryXML(w, r, `<LoadBalancers>`+lb("guarded")+lb("bare")+lb("secret")+`</LoadBalancers>`)
	})
	f.Handle(region, "elasticloadbalancing", "DescribeLoadBalancerAttributes", func(w http.ResponseWriter, r *livetest.Request) {
		arn := r.Form.Get("LoadBalancerArn")
		if arn == lbARN("secret") {
			livetest.Error(w, r, 403, "AccessDenied", "not allowed")
			return
		}
		livetest.QueryXML(w, r, `<Attributes><member><Key>idle_timeout.timeout_seconds</Key><Value>60</Value></member>`+
			`<member><Key>deletion_protection.enabled</Key><Value>`+fmt.Sprint(arn == lbARN("guarded"))+`</Value></member></Attributes>`)
	})
	o := options(f, region)
	o.Services = []string{"rds", "dynamodb", "elbv2"}
	inv := audit(t, o)
	assert.Equal(t, []string{"warning not checked: account " + livetest.Account + ", region " + region +
		", service elbv2 (DescribeLoadBalancerAttributes): access denied; unknown: load balancer attributes (deletion protection): secret (AccessDenied: not allowed)"},
		messages(inv.Diagnostics))
	assert.Equal(t, 3, calls(f, region, "elasticloadbalancing", "DescribeLoadBalancerAttributes"), "one call per load balancer: a denied one is not retried")
	assert.ElementsMatch(t, []string{"db/open", "cluster/docs", "table/loose", "loadbalancer/bare"},
		ruleFindings(t, inv, 1, "BW-DATA-PROTECTION-002"))
	assert.Empty(t, ruleFindings(t, inv, 3, "BW-DATA-PROTECTION-002"), "tier 3 workloads are not judged")
}
