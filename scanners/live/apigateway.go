package live

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
)

// ruleRESTThrottling needs the usage plans: a stage without throttling of
// its own may be throttled by a plan, so without the plans it is not
// judged.
const ruleRESTThrottling = "BW-THROTTLING-001"

// collectAPIGateway reads REST APIs (their stages' method settings, the
// usage plans that throttle them, and their methods' Lambda integrations)
// and HTTP and WebSocket APIs (their stages' route settings and their
// integrations), in the shapes of AWS::ApiGateway::* and
// AWS::ApiGatewayV2::*.
func collectAPIGateway(ctx context.Context, s *scope) error {
	if err := s.restAPIs(ctx); err != nil {
		return err
	}
	return s.httpAPIs(ctx)
}

func (s *scope) restAPIs(ctx context.Context) error {
	client := apigateway.NewFromConfig(s.cfg)
	p := apigateway.NewGetRestApisPaginator(client, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	apis, err := listAll(ctx, s, p, func(o *apigateway.GetRestApisOutput) []types.RestApi { return o.Items })
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, a := range apis {
		id := aws.ToString(a.Id)
		known[id] = true
		s.add(&item{id: "restapi/" + id, typ: "AWS::ApiGateway::RestApi", physical: []string{id},
			props: map[string]any{"Name": aws.ToString(a.Name)}})
	}
	err = s.each(ctx, len(apis), func(ctx context.Context, i int) error {
		id := aws.ToString(apis[i].Id)
		var stages []types.Stage
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: aws.String(id)})
			if err == nil {
				stages = out.Item
			}
			return err
		})
		if isNotFound(err) {
			return nil // deleted since the listing
		}
		if err != nil {
			s.partialOf("GetStages", "the stages of REST APIs", id, err)
		}
		for _, st := range stages {
			s.add(restStageItem(id, st))
		}
		rp := apigateway.NewGetResourcesPaginator(client, &apigateway.GetResourcesInput{RestApiId: aws.String(id),
			Embed: []string{"methods"}, Limit: aws.Int32(500)})
		resources, err := listAll(ctx, s, rp, func(o *apigateway.GetResourcesOutput) []types.Resource { return o.Items })
		if err != nil && !isNotFound(err) {
			s.partialOf("GetResources", "the integrations of REST APIs", id, err)
		}
		for _, r := range resources {
			for _, it := range methodItems(id, r) {
				s.add(it)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	pp := apigateway.NewGetUsagePlansPaginator(client, &apigateway.GetUsagePlansInput{Limit: aws.Int32(500)})
	plans, err := listAll(ctx, s, pp, func(o *apigateway.GetUsagePlansOutput) []types.UsagePlan { return o.Items })
	if err != nil {
		s.partial("GetUsagePlans", "which usage plans throttle REST API stages ("+ruleRESTThrottling+" not judged)", err)
		s.uncheck(ruleRESTThrottling, "API Gateway usage plans could not be read")
		return nil
	}
	for _, pl := range plans {
		s.add(usagePlanItem(pl, known))
	}
	return nil
}

// restStageItem writes a REST API stage as AWS::ApiGateway::Stage. The API
// keys its method settings "resourcePath/httpMethod" ("*/*" for every
// method, paths with "/" written "~1"); CloudFormation lists them with
// ResourcePath "/*" and HttpMethod "*".
func restStageItem(api string, st types.Stage) *item {
	name := aws.ToString(st.StageName)
	props := map[string]any{"RestApiId": map[string]any{"Ref": "restapi/" + api}, "StageName": name}
	if st.DeploymentId != nil {
		props["DeploymentId"] = *st.DeploymentId
	}
	keys := make([]string, 0, len(st.MethodSettings))
	for k := range st.MethodSettings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var settings []any
	for _, k := range keys {
		m := st.MethodSettings[k]
		path, method := k, "*"
		if i := strings.LastIndexByte(k, '/'); i >= 0 {
			path, method = k[:i], k[i+1:]
		}
		entry := map[string]any{"ResourcePath": "/" + path, "HttpMethod": method,
			"MetricsEnabled": m.MetricsEnabled, "DataTraceEnabled": m.DataTraceEnabled, "CachingEnabled": m.CachingEnabled}
		if m.LoggingLevel != nil {
			entry["LoggingLevel"] = *m.LoggingLevel
		}
		for key, v := range throttleLimits(m.ThrottlingBurstLimit, m.ThrottlingRateLimit, "Throttling") {
			entry[key] = v
		}
		settings = append(settings, entry)
	}
	if len(settings) > 0 {
		props["MethodSettings"] = settings
	}
	if len(st.Tags) > 0 {
		props["Tags"] = stageTags(st.Tags)
	}
	// CloudFormation names a stage by its name alone, unique only in its API.
	return &item{id: "stage/" + api + "/" + name, typ: "AWS::ApiGateway::Stage", props: props, physical: []string{name}, within: api}
}

// throttleLimits writes a burst and a rate limit as prefix+"BurstLimit"
// and prefix+"RateLimit". API Gateway answers -1 for a method whose
// throttling is turned off, which is no throttle; the SDK reads a limit
// missing from the answer as 0, which a template could also write, so 0
// is kept (it counts as a throttle: unknown is never a finding).
func throttleLimits(burst int32, rate float64, prefix string) map[string]any {
	out := map[string]any{}
	if burst >= 0 {
		out[prefix+"BurstLimit"] = int64(burst)
	}
	if rate >= 0 {
		out[prefix+"RateLimit"] = wholeNumber(rate)
	}
	return out
}

// wholeNumber keeps a whole float as an integer, as the template loader does.
func wholeNumber(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}

// usagePlanItem writes a usage plan as AWS::ApiGateway::UsagePlan. Its
// ApiStages name the REST APIs of this Region by reference (the rule
// compares the stage's API with the plan's); an entry for an API that no
// longer exists covers no stage and is left out, as the rule would
// otherwise take it for an API it cannot follow.
func usagePlanItem(pl types.UsagePlan, apis map[string]bool) *item {
	id := aws.ToString(pl.Id)
	props := map[string]any{"UsagePlanName": aws.ToString(pl.Name)}
	if pl.Throttle != nil {
		props["Throttle"] = throttleLimits(pl.Throttle.BurstLimit, pl.Throttle.RateLimit, "")
	}
	stages := []any{}
	for _, as := range pl.ApiStages {
		api := aws.ToString(as.ApiId)
		if !apis[api] {
			continue
		}
		e := map[string]any{"ApiId": map[string]any{"Ref": "restapi/" + api}, "Stage": aws.ToString(as.Stage)}
		if len(as.Throttle) > 0 {
			t := map[string]any{}
			for k, v := range as.Throttle {
				t[k] = throttleLimits(v.BurstLimit, v.RateLimit, "")
			}
			e["Throttle"] = t
		}
		stages = append(stages, e)
	}
	props["ApiStages"] = stages
	return &item{id: "usageplan/" + id, typ: "AWS::ApiGateway::UsagePlan", props: props, physical: []string{id}}
}

// methodItems writes the methods of a REST API resource that integrate
// with a backend as AWS::ApiGateway::Method, with the Integration the
// timeout rule reads (Type, Uri, TimeoutInMillis, the mapped invocation
// type header, the response transfer mode).
func methodItems(api string, r types.Resource) []*item {
	var out []*item
	methods := make([]string, 0, len(r.ResourceMethods))
	for m := range r.ResourceMethods {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	for _, name := range methods {
		m := r.ResourceMethods[name]
		in := m.MethodIntegration
		if in == nil {
			continue
		}
		integ := map[string]any{"Type": string(in.Type)}
		if in.Uri != nil {
			integ["Uri"] = functionARN(*in.Uri)
		}
		if in.HttpMethod != nil {
			integ["IntegrationHttpMethod"] = *in.HttpMethod
		}
		if in.TimeoutInMillis > 0 {
			integ["TimeoutInMillis"] = int64(in.TimeoutInMillis)
		}
		if len(in.RequestParameters) > 0 {
			params := map[string]any{}
			for k, v := range in.RequestParameters {
				params[k] = v
			}
			integ["RequestParameters"] = params
		}
		if in.ResponseTransferMode != "" {
			integ["ResponseTransferMode"] = string(in.ResponseTransferMode)
		}
		rid := aws.ToString(r.Id)
		props := map[string]any{"RestApiId": map[string]any{"Ref": "restapi/" + api}, "ResourceId": rid,
			"HttpMethod": name, "Integration": integ}
		out = append(out, &item{id: "method/" + api + "/" + rid + "/" + name, typ: "AWS::ApiGateway::Method", props: props,
			physical: []string{api + "|" + rid + "|" + name}})
	}
	return out
}

func (s *scope) httpAPIs(ctx context.Context) error {
	client := apigatewayv2.NewFromConfig(s.cfg)
	var apis []v2types.Api
	err := apiV2Pages(ctx, s, func(ctx context.Context, token *string) (*string, error) {
		out, err := client.GetApis(ctx, &apigatewayv2.GetApisInput{NextToken: token, MaxResults: aws.String("500")})
		if err != nil {
			return nil, err
		}
		apis = append(apis, out.Items...)
		return out.NextToken, nil
	})
	if err != nil {
		return err
	}
	for _, a := range apis {
		id := aws.ToString(a.ApiId)
		s.add(&item{id: "api/" + id, typ: "AWS::ApiGatewayV2::Api", physical: []string{id},
			props: map[string]any{"Name": aws.ToString(a.Name), "ProtocolType": string(a.ProtocolType)}})
	}
	return s.each(ctx, len(apis), func(ctx context.Context, i int) error {
		id := aws.ToString(apis[i].ApiId)
		err := apiV2Pages(ctx, s, func(ctx context.Context, token *string) (*string, error) {
			out, err := client.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: aws.String(id), NextToken: token})
			if err != nil {
				return nil, err
			}
			for _, st := range out.Items {
				s.add(httpStageItem(id, st))
			}
			return out.NextToken, nil
		})
		if err != nil && !isNotFound(err) {
			s.partialOf("GetStages", "the stages of HTTP or WebSocket APIs", id, err)
		}
		err = apiV2Pages(ctx, s, func(ctx context.Context, token *string) (*string, error) {
			out, err := client.GetIntegrations(ctx, &apigatewayv2.GetIntegrationsInput{ApiId: aws.String(id), NextToken: token})
			if err != nil {
				return nil, err
			}
			for _, in := range out.Items {
				s.add(integrationItem(id, in))
			}
			return out.NextToken, nil
		})
		if err != nil && !isNotFound(err) {
			s.partialOf("GetIntegrations", "the integrations of HTTP or WebSocket APIs", id, err)
		}
		return nil
	})
}

// apiV2Pages reads the pages of an API without an SDK paginator (API
// Gateway v2), each under its own deadline: page returns the next token.
func apiV2Pages(ctx context.Context, s *scope, page func(ctx context.Context, token *string) (*string, error)) error {
	var token *string
	for {
		var next *string
		err := s.call(ctx, func(ctx context.Context) (err error) {
			next, err = page(ctx, token)
			return err
		})
		if err != nil {
			return err
		}
		if aws.ToString(next) == "" {
			return nil
		}
		token = next
	}
}

// httpStageItem writes an HTTP or WebSocket API stage as
// AWS::ApiGatewayV2::Stage with its DefaultRouteSettings and RouteSettings.
func httpStageItem(api string, st v2types.Stage) *item {
	name := aws.ToString(st.StageName)
	props := map[string]any{"ApiId": map[string]any{"Ref": "api/" + api}, "StageName": name}
	if st.AutoDeploy != nil {
		props["AutoDeploy"] = *st.AutoDeploy
	}
	if st.DefaultRouteSettings != nil {
		props["DefaultRouteSettings"] = routeSettings(*st.DefaultRouteSettings)
	}
	if len(st.RouteSettings) > 0 {
		routes := map[string]any{}
		for k, v := range st.RouteSettings {
			routes[k] = routeSettings(v)
		}
		props["RouteSettings"] = routes
	}
	return &item{id: "httpstage/" + api + "/" + name, typ: "AWS::ApiGatewayV2::Stage", props: props, physical: []string{name}, within: api}
}

// routeSettings keeps the limits the API sets (absent: not throttled).
func routeSettings(r v2types.RouteSettings) map[string]any {
	out := map[string]any{}
	if r.ThrottlingBurstLimit != nil {
		out["ThrottlingBurstLimit"] = int64(*r.ThrottlingBurstLimit)
	}
	if r.ThrottlingRateLimit != nil {
		out["ThrottlingRateLimit"] = wholeNumber(*r.ThrottlingRateLimit)
	}
	if r.DetailedMetricsEnabled != nil {
		out["DetailedMetricsEnabled"] = *r.DetailedMetricsEnabled
	}
	if r.LoggingLevel != "" {
		out["LoggingLevel"] = string(r.LoggingLevel)
	}
	return out
}

// integrationItem writes an integration as AWS::ApiGatewayV2::Integration.
// A Lambda proxy integration's URI may be the function's ARN or its
// invocation path (arn:aws:apigateway:...:path/2015-03-31/functions/ARN/invocations);
// the rules name functions by ARN, so the path form is reduced to it.
func integrationItem(api string, in v2types.Integration) *item {
	id := aws.ToString(in.IntegrationId)
	props := map[string]any{"ApiId": map[string]any{"Ref": "api/" + api}, "IntegrationType": string(in.IntegrationType)}
	if uri := aws.ToString(in.IntegrationUri); uri != "" {
		props["IntegrationUri"] = functionARN(uri)
	}
	if in.TimeoutInMillis != nil {
		props["TimeoutInMillis"] = int64(*in.TimeoutInMillis)
	}
	if in.PayloadFormatVersion != nil {
		props["PayloadFormatVersion"] = *in.PayloadFormatVersion
	}
	return &item{id: "integration/" + api + "/" + id, typ: "AWS::ApiGatewayV2::Integration", props: props, physical: []string{id}}
}

// functionARN reduces a Lambda invocation path to the function's ARN; any
// other URI is returned as it is.
func functionARN(uri string) string {
	const marker = "/functions/"
	i := strings.Index(uri, marker)
	if i < 0 || !strings.Contains(uri, ":lambda:path/") {
		return uri
	}
	return strings.TrimSuffix(uri[i+len(marker):], "/invocations")
}

// stageTags is a resource's tags as the map some CloudFormation types take.
func stageTags(tags map[string]string) map[string]any {
	out := make(map[string]any, len(tags))
	for k, v := range tags {
		out[k] = v
	}
	return out
}
