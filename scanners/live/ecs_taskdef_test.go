package live

import (
	stdjson "encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTaskDefinitionShape: containers with their essential flag and
// health check, as a template declares them.
func TestTaskDefinitionShape(t *testing.T) {
	tests := []struct {
		name       string
		containers []types.ContainerDefinition
		want       []any
	}{
		{"checked", []types.ContainerDefinition{{Name: aws.String("app"), Essential: aws.Bool(true),
			HealthCheck: &types.HealthCheck{Command: []string{"CMD", "true"}, Interval: aws.Int32(10), Retries: aws.Int32(3)}}},
			[]any{map[string]any{"Name": "app", "Essential": true, "HealthCheck": map[string]any{"Command": []any{"CMD", "true"},
				"Interval": int64(10), "Retries": int64(3)}}}},
		{"sidecar not essential", []types.ContainerDefinition{{Name: aws.String("log"), Essential: aws.Bool(false)}},
			[]any{map[string]any{"Name": "log", "Essential": false}}},
		{"essential unsaid", []types.ContainerDefinition{{Name: aws.String("app")}}, []any{map[string]any{"Name": "app"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := taskDefinitionItem(&types.TaskDefinition{Family: aws.String("web"), Revision: 3, ContainerDefinitions: tt.containers})
			assert.Equal(t, "taskdefinition/web:3", it.id)
			assert.Equal(t, tt.want, it.props["ContainerDefinitions"])
		})
	}
}

// TestContainerHealthCheckLive audits services and the task definitions
// they run, and judges BW-HEALTH-CHECK-006: a service without a load
// balancer whose essential container has no health check fails; one whose
// container has a check, or that is behind a load balancer, passes; one
// whose task definition cannot be described is a gap, not a finding.
func TestContainerHealthCheckLive(t *testing.T) {
	const region = "me-south-1"
	f := newFront(t)
	arn := func(rest string) string { return fmt.Sprintf("arn:aws:ecs:%s:%s:%s", region, livetest.Account, rest) }
	f.Handle(region, "ecs", "ListClusters", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"clusterArns": []string{arn("cluster/main")}})
	})
	names := []string{"worker", "checked", "web", "hidden"}
	f.Handle(region, "ecs", "ListServices", func(w http.ResponseWriter, r *livetest.Request) {
		var list []string
		for _, n := range names {
			list = append(list, arn("service/main/"+n))
		}
		livetest.JSON(w, map[string]any{"serviceArns": list})
	})
	f.Handle(region, "ecs", "DescribeServices", func(w http.ResponseWriter, r *livetest.Request) {
		var list []any
		for _, n := range names {
			svc := map[string]any{"serviceName": n, "serviceArn": arn("service/main/" + n), "status": "ACTIVE", "desiredCount": 2,
				"schedulingStrategy": "REPLICA", "taskDefinition": arn("task-definition/" + n + ":1")}
			if n == "web" {
				svc["loadBalancers"] = []any{map[string]any{"targetGroupArn": "arn:aws:elasticloadbalancing:" + region + ":" + livetest.Account + ":targetgroup/web/1",
					"containerName": "app", "containerPort": 80}}
			}
			list = append(list, svc)
		}
		livetest.JSON(w, map[string]any{"services": list})
	})
	f.Handle(region, "ecs", "DescribeTaskDefinition", func(w http.ResponseWriter, r *livetest.Request) {
		var in struct{ TaskDefinition string }
		_ = stdjson.Unmarshal(r.Body, &in)
		family := strings.TrimSuffix(in.TaskDefinition[strings.LastIndexByte(in.TaskDefinition, '/')+1:], ":1")
		if family == "hidden" {
			livetest.Error(w, r, 400, "AccessDeniedException", "not allowed")
			return
		}
		app := map[string]any{"name": "app", "image": "app:1", "essential": true}
		if family == "checked" {
			app["healthCheck"] = map[string]any{"command": []string{"CMD-SHELL", "curl -f localhost/health"}, "interval": 30, "retries": 3}
		}
		livetest.JSON(w, map[string]any{"taskDefinition": map[string]any{"family": family, "revision": 1,
			"taskDefinitionArn": in.TaskDefinition, "containerDefinitions": []any{app,
				map[string]any{"name": "log-router", "image": "fluent-bit", "essential": false}}}})
	})
	o := options(f, region)
	o.Services = []string{"ecs"}
	inv := audit(t, o)
	assert.Equal(t, []string{"warning not checked: account " + livetest.Account + ", region " + region +
		", service ecs (DescribeTaskDefinition): access denied; unknown: the container health checks of task definitions: " +
		arn("task-definition/hidden:1") + " (AccessDeniedException: not allowed)"}, messages(inv.Diagnostics))
	worker := resource(inv, file(region), "service/main/worker")
	require.NotNil(t, worker)
	assert.Equal(t, map[string]any{"Fn::GetAtt": []any{"taskdefinition/worker:1", "Arn"}}, worker.Properties["TaskDefinition"],
		"the service runs the task definition of this template")
	assert.Equal(t, 4, calls(f, region, "ecs", "DescribeTaskDefinition"), "each task definition once; a denied one is not retried")
	assert.Equal(t, []string{"service/main/worker"}, ruleFindings(t, inv, 0, "BW-HEALTH-CHECK-006"))
}
