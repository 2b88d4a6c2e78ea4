package live

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRestStageShape: the API's "path/method" keys become CloudFormation's
// ResourcePath and HttpMethod; -1 (throttling turned off) is no limit.
func TestRestStageShape(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]types.MethodSetting
		want     any // MethodSettings; nil: absent
	}{
		{"no settings", nil, nil},
		{"every method throttled", map[string]types.MethodSetting{"*/*": {ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50}},
			[]any{map[string]any{"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingBurstLimit": int64(100), "ThrottlingRateLimit": int64(50),
				"MetricsEnabled": false, "DataTraceEnabled": false, "CachingEnabled": false}}},
		{"one method, fractional rate", map[string]types.MethodSetting{"~1orders/GET": {ThrottlingBurstLimit: 5, ThrottlingRateLimit: 2.5,
			MetricsEnabled: true, LoggingLevel: aws.String("INFO")}},
			[]any{map[string]any{"ResourcePath": "/~1orders", "HttpMethod": "GET", "ThrottlingBurstLimit": int64(5), "ThrottlingRateLimit": 2.5,
				"MetricsEnabled": true, "DataTraceEnabled": false, "CachingEnabled": false, "LoggingLevel": "INFO"}}},
		{"throttling turned off", map[string]types.MethodSetting{"*/*": {ThrottlingBurstLimit: -1, ThrottlingRateLimit: -1, MetricsEnabled: true}},
			[]any{map[string]any{"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": true, "DataTraceEnabled": false, "CachingEnabled": false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := restStageItem("a1", types.Stage{StageName: aws.String("prod"), MethodSettings: tt.settings})
			assert.Equal(t, "stage/a1/prod", it.id)
			assert.Equal(t, map[string]any{"Ref": "restapi/a1"}, it.props["RestApiId"])
			assert.Equal(t, tt.want, it.props["MethodSettings"])
		})
	}
}

// TestUsagePlanShape: a plan names the audited APIs by reference; an entry
// for an API that is gone is dropped (the rule would take it for an API
// it cannot follow, and judge no stage at all).
func TestUsagePlanShape(t *testing.T) {
	plan := types.UsagePlan{Id: aws.String("p1"), Name: aws.String("basic"),
		Throttle: &types.ThrottleSettings{BurstLimit: 20, RateLimit: 10},
		ApiStages: []types.ApiStage{{ApiId: aws.String("a1"), Stage: aws.String("prod"),
			Throttle: map[string]types.ThrottleSettings{"/orders/GET": {BurstLimit: 2, RateLimit: 1}}},
			{ApiId: aws.String("gone"), Stage: aws.String("prod")}}}
	it := usagePlanItem(plan, map[string]bool{"a1": true})
	assert.Equal(t, map[string]any{"UsagePlanName": "basic", "Throttle": map[string]any{"BurstLimit": int64(20), "RateLimit": int64(10)},
		"ApiStages": []any{map[string]any{"ApiId": map[string]any{"Ref": "restapi/a1"}, "Stage": "prod",
			"Throttle": map[string]any{"/orders/GET": map[string]any{"BurstLimit": int64(2), "RateLimit": int64(1)}}}}}, it.props)
	none := usagePlanItem(types.UsagePlan{Id: aws.String("p2")}, nil)
	assert.Nil(t, none.props["Throttle"], "a plan without a throttle")
	assert.Equal(t, []any{}, none.props["ApiStages"], "a plan that covers no stage")
}

func TestHTTPStageAndIntegrationShape(t *testing.T) {
	st := httpStageItem("h1", v2types.Stage{StageName: aws.String("$default"),
		DefaultRouteSettings: &v2types.RouteSettings{DetailedMetricsEnabled: aws.Bool(false)},
		RouteSettings:        map[string]v2types.RouteSettings{"POST /orders": {ThrottlingBurstLimit: aws.Int32(10), ThrottlingRateLimit: aws.Float64(5)}}})
	assert.Equal(t, map[string]any{"ApiId": map[string]any{"Ref": "api/h1"}, "StageName": "$default",
		"DefaultRouteSettings": map[string]any{"DetailedMetricsEnabled": false},
		"RouteSettings":        map[string]any{"POST /orders": map[string]any{"ThrottlingBurstLimit": int64(10), "ThrottlingRateLimit": int64(5)}}}, st.props)
	fn := "arn:aws:lambda:eu-west-1:1:function:worker"
	tests := []struct{ uri, want string }{
		{fn, fn},
		{"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + fn + "/invocations", fn},
		{"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + fn + ":live/invocations", fn + ":live"},
		{"https://backend.example.com/orders", "https://backend.example.com/orders"},
	}
	for _, tt := range tests {
		it := integrationItem("h1", v2types.Integration{IntegrationId: aws.String("i1"), IntegrationUri: aws.String(tt.uri), TimeoutInMillis: aws.Int32(30000)})
		assert.Equal(t, tt.want, it.props["IntegrationUri"], tt.uri)
		assert.Equal(t, int64(30000), it.props["TimeoutInMillis"])
	}
}

// serveFixturesAPIGateway: a REST API whose stage "prod" throttles every
// method and whose stage "beta" only a usage plan throttles, with a
// Lambda proxy method to the worker function (Timeout 900 s, so
// BW-TIMEOUTS-001); an HTTP API whose $default stage sets no throttling.
func serveFixturesAPIGateway(f *livetest.Front, region string) {
	json := func(v any) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.JSON(w, v) }
	}
	worker := "arn:aws:lambda:" + region + ":" + livetest.Account + ":function:worker"
	f.Handle(region, "apigateway", "GetRestApis", json(map[string]any{"item": []any{map[string]any{"id": "shop1", "name": "shop"}}}))
	f.Handle(region, "apigateway", "GetStages", json(map[string]any{"item": []any{
		map[string]any{"stageName": "prod", "deploymentId": "d1", "methodSettings": map[string]any{"*/*": map[string]any{
			"metricsEnabled": true, "loggingLevel": "ERROR", "dataTraceEnabled": false, "throttlingBurstLimit": 200, "throttlingRateLimit": 100.0,
			"cachingEnabled": false, "cacheTtlInSeconds": 300, "cacheDataEncrypted": false}}},
		map[string]any{"stageName": "beta", "deploymentId": "d1"}}}))
	f.Handle(region, "apigateway", "GetResources", json(map[string]any{"item": []any{
		map[string]any{"id": "root1", "path": "/"},
		map[string]any{"id": "res1", "parentId": "root1", "path": "/orders", "pathPart": "orders", "resourceMethods": map[string]any{
			"POST": map[string]any{"httpMethod": "POST", "authorizationType": "NONE", "methodIntegration": map[string]any{
				"type": "AWS_PROXY", "httpMethod": "POST", "timeoutInMillis": 29000,
				"uri": "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + worker + "/invocations"}}}}}}))
	f.Handle(region, "apigateway", "GetUsagePlans", json(map[string]any{"item": []any{map[string]any{"id": "plan1", "name": "partners",
		"throttle": map[string]any{"burstLimit": 20, "rateLimit": 10.0}, "apiStages": []any{map[string]any{"apiId": "shop1", "stage": "beta"}}}}}))
	f.Handle(region, "apigateway", "GetApis", json(map[string]any{"items": []any{map[string]any{"apiId": "web1", "name": "web", "protocolType": "HTTP"}}}))
	f.Handle(region, "apigateway", "GetStagesV2", json(map[string]any{"items": []any{map[string]any{"stageName": "$default", "autoDeploy": true,
		"defaultRouteSettings": map[string]any{"detailedMetricsEnabled": false}}}}))
	f.Handle(region, "apigateway", "GetIntegrations", json(map[string]any{"items": []any{map[string]any{"integrationId": "int1",
		"integrationType": "AWS_PROXY", "integrationUri": worker, "payloadFormatVersion": "2.0", "timeoutInMillis": 30000}}}))
}

// TestAPIGatewayJudged audits the fixtures and judges them: the REST
// stage throttled by method settings and the one a usage plan throttles
// pass BW-THROTTLING-001; the HTTP stage without route throttling fails
// BW-THROTTLING-002; the worker function, allowed 900 s behind
// integrations that wait 29 and 30 s, fails BW-TIMEOUTS-001. With the
// usage plans unreadable, BW-THROTTLING-001 is not judged at all.
func TestAPIGatewayJudged(t *testing.T) {
	const region = "ap-southeast-2"
	for _, deny := range []bool{false, true} {
		f := newFront(t)
		serveFixturesAPIGateway(f, region)
		f.Handle(region, "lambda", "ListFunctions", func(w http.ResponseWriter, r *livetest.Request) {
			livetest.JSON(w, map[string]any{"Functions": []any{map[string]any{"FunctionName": "worker", "Timeout": 900,
				"FunctionArn": "arn:aws:lambda:" + region + ":" + livetest.Account + ":function:worker"}}})
		})
		if deny {
			f.Fail(region, "apigateway", "GetUsagePlans", -1, 403, "AccessDeniedException")
			// Without the plan, "beta" would look unthrottled.
		}
		o := options(f, region)
		o.Services = []string{"apigateway", "lambda"}
		inv := audit(t, o)
		src := file(region)
		var got []string
		for _, k := range findingKeys(evaluate(t, inv)) {
			if strings.Contains(k, "THROTTLING") || strings.Contains(k, "TIMEOUTS-001") {
				got = append(got, k)
			}
		}
		want := []string{"BW-THROTTLING-002 " + src + " httpstage/web1/$default", "BW-TIMEOUTS-001 " + src + " function/worker"}
		assert.Equal(t, want, got, "usage plans denied: %v", deny)
		if !deny {
			assert.Empty(t, messages(inv.Diagnostics))
			prod := resource(inv, src, "stage/shop1/prod")
			require.NotNil(t, prod)
			assert.Len(t, prod.Properties["MethodSettings"], 1)
			require.NotNil(t, resource(inv, src, "usageplan/plan1"))
			continue
		}
		require.Len(t, inv.Diagnostics, 1)
		assert.Contains(t, inv.Diagnostics[0].Message, "GetUsagePlans")
		assert.Contains(t, inv.Diagnostics[0].Message, "BW-THROTTLING-001 not judged")
	}
}

// TestAPIGatewayUnthrottledRESTStage: without the plan's throttle, the
// beta stage is found; the prod stage still passes.
func TestAPIGatewayUnthrottledRESTStage(t *testing.T) {
	const region = "ap-southeast-2"
	f := newFront(t)
	serveFixturesAPIGateway(f, region)
	f.Handle(region, "apigateway", "GetUsagePlans", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"item": []any{map[string]any{"id": "plan1", "name": "quota only",
			"quota": map[string]any{"limit": 1000, "period": "DAY"}, "apiStages": []any{map[string]any{"apiId": "shop1", "stage": "beta"}}}}})
	})
	o := options(f, region)
	o.Services = []string{"apigateway"}
	inv := audit(t, o)
	var got []string
	for _, k := range findingKeys(evaluate(t, inv)) {
		if strings.HasPrefix(k, "BW-THROTTLING-001") {
			got = append(got, k)
		}
	}
	assert.Equal(t, []string{"BW-THROTTLING-001 " + file(region) + " stage/shop1/beta"}, got)
}

// serveFixturesWeb serves the fixtures of the API Gateway, S3 and
// CloudFront collectors (serveFixtures calls it).
func serveFixturesWeb(f *livetest.Front, region string) {
	serveFixturesAPIGateway(f, region)
	serveFixturesS3(f, region)
	serveFixturesCloudFront(f, region)
}

// TestStageJoinsItsStack: a stage is named by its name alone, unique only
// in its API, so a live stage joins the stack that created its API; a
// stage of the same name in an API of no stack stays loose.
func TestStageJoinsItsStack(t *testing.T) {
	const region = "ap-southeast-2"
	f := newFront(t)
	stageOf := map[string]any{
		"shop1":  map[string]any{"stageName": "prod", "methodSettings": map[string]any{"*/*": map[string]any{"throttlingBurstLimit": 10, "throttlingRateLimit": 5.0}}},
		"other1": map[string]any{"stageName": "prod"},
	}
	f.Handle(region, "apigateway", "GetRestApis", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"item": []any{map[string]any{"id": "shop1", "name": "shop"}, map[string]any{"id": "other1", "name": "other"}}})
	})
	f.Handle(region, "apigateway", "GetStages", func(w http.ResponseWriter, r *livetest.Request) {
		api := strings.Split(r.HTTP.URL.Path, "/")[2]
		livetest.JSON(w, map[string]any{"item": []any{stageOf[api]}})
	})
	stackID := "arn:aws:cloudformation:" + region + ":" + livetest.Account + ":stack/shop/1"
	f.Handle(region, "cloudformation", "DescribeStacks", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, `<Stacks><member><StackName>shop</StackName><StackId>`+stackID+`</StackId>`+
			`<StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime></member></Stacks>`)
	})
	f.Handle(region, "cloudformation", "GetTemplate", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, "<TemplateBody>"+livetest.X(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: shop}
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: prod, DeploymentId: d1}
`)+"</TemplateBody>")
	})
	f.SetStackResources("shop", livetest.StackResource{Logical: "Api", Physical: "shop1", Type: "AWS::ApiGateway::RestApi"},
		livetest.StackResource{Logical: "Prod", Physical: "prod", Type: "AWS::ApiGateway::Stage"})
	o := options(f, region)
	o.Services = []string{"apigateway", "cloudformation"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	stack := file(region) + "/shop"
	prod := resource(inv, stack, "Prod")
	require.NotNil(t, prod)
	assert.Equal(t, map[string]any{"Ref": "Api"}, prod.Properties["RestApiId"], "the live stage, its API renamed to its logical id")
	assert.NotNil(t, prod.Properties["MethodSettings"], "shop1's live settings, not other1's")
	assert.Nil(t, resource(inv, file(region), "stage/shop1/prod"), "the stack's stage is not also loose")
	assert.NotNil(t, resource(inv, file(region), "stage/other1/prod"), "the same name in an API of no stack stays loose")
}

// TestAPIGatewayInKumo creates APIs in the emulator: the REST stage
// without method settings fails BW-THROTTLING-001 (kumo has no usage
// plans: none covers it); of two HTTP stages, the one without route
// throttling fails BW-THROTTLING-002 and the throttled one passes.
func TestAPIGatewayInKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	cfg := f.Config(f.Primary)
	rest := apigateway.NewFromConfig(cfg)
	api, err := rest.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("kumo-apigw-rest")})
	require.NoError(t, err)
	dep, err := rest.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id})
	require.NoError(t, err)
	_, err = rest.CreateStage(ctx, &apigateway.CreateStageInput{RestApiId: api.Id, StageName: aws.String("live"), DeploymentId: dep.Id})
	require.NoError(t, err)
	http2 := apigatewayv2.NewFromConfig(cfg)
	h, err := http2.CreateApi(ctx, &apigatewayv2.CreateApiInput{Name: aws.String("kumo-apigw-http"), ProtocolType: v2types.ProtocolTypeHttp})
	require.NoError(t, err)
	_, err = http2.CreateStage(ctx, &apigatewayv2.CreateStageInput{ApiId: h.ApiId, StageName: aws.String("open")})
	require.NoError(t, err)
	_, err = http2.CreateStage(ctx, &apigatewayv2.CreateStageInput{ApiId: h.ApiId, StageName: aws.String("throttled"),
		DefaultRouteSettings: &v2types.RouteSettings{ThrottlingBurstLimit: aws.Int32(50), ThrottlingRateLimit: aws.Float64(20)}})
	require.NoError(t, err)

	o := options(f, f.Primary)
	o.Services = []string{"apigateway"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	src := file(f.Primary)
	var got []string
	for _, k := range findingKeys(evaluate(t, inv)) {
		if strings.Contains(k, "/"+aws.ToString(api.Id)+"/") || strings.Contains(k, "/"+aws.ToString(h.ApiId)+"/") {
			got = append(got, k)
		}
	}
	assert.Equal(t, []string{"BW-THROTTLING-001 " + src + " stage/" + aws.ToString(api.Id) + "/live",
		"BW-THROTTLING-002 " + src + " httpstage/" + aws.ToString(h.ApiId) + "/open"}, got)
}

// TestMethodItems: a method with an integration becomes an
// AWS::ApiGateway::Method whose Uri names the function by its ARN; a
// method without one (a resource's OPTIONS mock is still an integration)
// is left out.
func TestMethodItems(t *testing.T) {
	fn := "arn:aws:lambda:eu-west-1:1:function:worker"
	r := types.Resource{Id: aws.String("r1"), ResourceMethods: map[string]types.Method{
		"POST": {MethodIntegration: &types.Integration{Type: types.IntegrationTypeAwsProxy, HttpMethod: aws.String("POST"), TimeoutInMillis: 10000,
			Uri:               aws.String("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + fn + "/invocations"),
			RequestParameters: map[string]string{"integration.request.header.X-Amz-Invocation-Type": "'Event'"}}},
		"GET":     {},
		"OPTIONS": {MethodIntegration: &types.Integration{Type: types.IntegrationTypeMock}},
	}}
	items := methodItems("a1", r)
	require.Len(t, items, 2)
	assert.Equal(t, "method/a1/r1/OPTIONS", items[0].id)
	assert.Equal(t, map[string]any{"Type": "MOCK"}, items[0].props["Integration"])
	assert.Equal(t, map[string]any{"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": fn, "TimeoutInMillis": int64(10000),
		"RequestParameters": map[string]any{"integration.request.header.X-Amz-Invocation-Type": "'Event'"}}, items[1].props["Integration"])
	assert.Equal(t, map[string]any{"Ref": "restapi/a1"}, items[1].props["RestApiId"])
}
