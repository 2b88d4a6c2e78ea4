package live

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDistributionShape(t *testing.T) {
	origins := &types.Origins{Quantity: aws.Int32(2), Items: []types.Origin{{Id: aws.String("a"), DomainName: aws.String("a.example.com")},
		{Id: aws.String("b"), DomainName: aws.String("b.example.com")}}}
	tests := []struct {
		name   string
		groups *types.OriginGroups
		want   any
	}{
		{"no origin group", &types.OriginGroups{Quantity: aws.Int32(0)}, map[string]any{"Quantity": int64(0), "Items": []any{}}},
		{"failover group", &types.OriginGroups{Quantity: aws.Int32(1), Items: []types.OriginGroup{{Id: aws.String("g"),
			FailoverCriteria: &types.OriginGroupFailoverCriteria{StatusCodes: &types.StatusCodes{Quantity: aws.Int32(2), Items: []int32{502, 503}}},
			Members:          &types.OriginGroupMembers{Quantity: aws.Int32(2), Items: []types.OriginGroupMember{{OriginId: aws.String("a")}, {OriginId: aws.String("b")}}}}}},
			map[string]any{"Quantity": int64(1), "Items": []any{map[string]any{"Id": "g",
				"FailoverCriteria": map[string]any{"StatusCodes": map[string]any{"Quantity": int64(2), "Items": []any{int64(502), int64(503)}}},
				"Members":          map[string]any{"Quantity": int64(2), "Items": []any{map[string]any{"OriginId": "a"}, map[string]any{"OriginId": "b"}}}}}}},
		{"not in the answer", nil, unknown("cloudfront:OriginGroups")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := distributionItem(types.DistributionSummary{Id: aws.String("E1"), Enabled: aws.Bool(true), Origins: origins, OriginGroups: tt.groups})
			conf := it.props["DistributionConfig"].(map[string]any)
			assert.Equal(t, tt.want, conf["OriginGroups"])
			assert.Equal(t, []any{map[string]any{"Id": "a", "DomainName": "a.example.com"}, map[string]any{"Id": "b", "DomainName": "b.example.com"}}, conf["Origins"])
		})
	}
}

// distributionXML is one DistributionSummary in CloudFront's REST-XML.
func distributionXML(id string, failover bool) string {
	origin := func(o string) string {
		return "<Origin><Id>" + o + "</Id><DomainName>" + o + ".example.com</DomainName><OriginPath></OriginPath>" +
			"<CustomHeaders><Quantity>0</Quantity></CustomHeaders><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>" +
			"<OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOriginConfig></Origin>"
	}
	origins := "<Origins><Quantity>1</Quantity><Items>" + origin(id+"-primary") + "</Items></Origins>"
	groups := "<OriginGroups><Quantity>0</Quantity></OriginGroups>"
	if failover {
		origins = "<Origins><Quantity>2</Quantity><Items>" + origin(id+"-primary") + origin(id+"-secondary") + "</Items></Origins>"
		groups = "<OriginGroups><Quantity>1</Quantity><Items><OriginGroup><Id>" + id + "-group</Id>" +
			"<FailoverCriteria><StatusCodes><Quantity>4</Quantity><Items><StatusCode>500</StatusCode><StatusCode>502</StatusCode>" +
			"<StatusCode>503</StatusCode><StatusCode>504</StatusCode></Items></StatusCodes></FailoverCriteria>" +
			"<Members><Quantity>2</Quantity><Items><OriginGroupMember><OriginId>" + id + "-primary</OriginId></OriginGroupMember>" +
			"<OriginGroupMember><OriginId>" + id + "-secondary</OriginId></OriginGroupMember></Items></Members></OriginGroup></Items></OriginGroups>"
	}
	return "<DistributionSummary><Id>" + id + "</Id><ARN>arn:aws:cloudfront::" + livetest.Account + ":distribution/" + id + "</ARN>" +
		"<Status>Deployed</Status><LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><DomainName>" + strings.ToLower(id) + ".cloudfront.net</DomainName>" +
		"<Aliases><Quantity>0</Quantity></Aliases>" + origins + groups +
		"<DefaultCacheBehavior><TargetOriginId>" + id + "-primary</TargetOriginId><ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy></DefaultCacheBehavior>" +
		"<CacheBehaviors><Quantity>0</Quantity></CacheBehaviors><CustomErrorResponses><Quantity>0</Quantity></CustomErrorResponses>" +
		"<Comment></Comment><PriceClass>PriceClass_All</PriceClass><Enabled>true</Enabled><HttpVersion>http2</HttpVersion>" +
		"<IsIPV6Enabled>true</IsIPV6Enabled><Staging>false</Staging></DistributionSummary>"
}

// serveFixturesCloudFront: one distribution with a single origin, whose
// summary lacks its origin groups: its configuration has none.
func serveFixturesCloudFront(f *livetest.Front, _ string) {
	serveDistributions(f, strings.Replace(distributionXML("E1SITE", false), "<OriginGroups><Quantity>0</Quantity></OriginGroups>", "", 1))
	f.Handle("*", "cloudfront", "GetDistributionConfig", func(w http.ResponseWriter, r *livetest.Request) {
		w.Header().Set("ETag", "E1")
		livetest.RestXML(w, "DistributionConfig", "<CallerReference>site</CallerReference><Comment></Comment><Enabled>true</Enabled>"+
			"<Origins><Quantity>1</Quantity><Items><Origin><Id>E1SITE-primary</Id><DomainName>E1SITE-primary.example.com</DomainName></Origin></Items></Origins>"+
			"<OriginGroups><Quantity>0</Quantity></OriginGroups>"+
			"<DefaultCacheBehavior><TargetOriginId>E1SITE-primary</TargetOriginId><ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy></DefaultCacheBehavior>")
	})
}

// serveDistributions answers ListDistributions one distribution a page.
func serveDistributions(f *livetest.Front, summaries ...string) {
	f.Handle("*", "cloudfront", "ListDistributions", func(w http.ResponseWriter, r *livetest.Request) {
		i := 0
		if m := r.Form.Get("Marker"); m != "" {
			i = int(m[0] - '0')
		}
		page := "<Marker>" + r.Form.Get("Marker") + "</Marker><MaxItems>1</MaxItems><Quantity>1</Quantity>"
		if i+1 < len(summaries) {
			page += "<IsTruncated>true</IsTruncated><NextMarker>" + string(rune('0'+i+1)) + "</NextMarker>"
		} else {
			page += "<IsTruncated>false</IsTruncated>"
		}
		livetest.RestXML(w, "DistributionList", page+"<Items>"+summaries[i]+"</Items>")
	})
}

// TestCloudFrontJudged: in a tier 1 workload the distribution with one
// origin fails BW-HEALTH-CHECK-007, the one with a failover origin group
// passes; both are read once per account, whatever the Regions audited.
func TestCloudFrontJudged(t *testing.T) {
	f := newFront(t)
	serveDistributions(f, distributionXML("E1SINGLE", false), distributionXML("E2FAILOVER", true))
	o := options(f, "ap-southeast-2", "eu-west-3")
	o.Services = []string{"cloudfront"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	listed := 0
	for _, c := range f.Calls() {
		if c.Operation == "ListDistributions" {
			listed++
		}
	}
	assert.Equal(t, 2, listed, "two pages, read once for the account")
	global := "aws://" + livetest.Account + "/global"
	require.NotNil(t, resource(inv, global, "distribution/E2FAILOVER"))
	var got []string
	for _, k := range findingKeys(judge(testEngine(t), inv, rules.EvalOptions{Env: rules.Env{Tier: 1}})) {
		if strings.Contains(k, "distribution/") {
			got = append(got, k)
		}
	}
	assert.Equal(t, []string{"BW-HEALTH-CHECK-007 " + global + " distribution/E1SINGLE"}, got)
}

// TestCloudFrontInKumo creates a distribution with one origin in the
// emulator (which has no origin groups, and lists distributions without
// them: the audit reads the configuration): it fails BW-HEALTH-CHECK-007
// in a tier 2 workload.
func TestCloudFrontInKumo(t *testing.T) {
	f := newFront(t)
	client := cloudfront.NewFromConfig(f.Config(f.Primary))
	out, err := client.CreateDistribution(context.Background(), &cloudfront.CreateDistributionInput{DistributionConfig: &types.DistributionConfig{
		CallerReference: aws.String("kumo-cf-single"), Comment: aws.String("kumo-cf-single"), Enabled: aws.Bool(true),
		Origins: &types.Origins{Quantity: aws.Int32(1), Items: []types.Origin{{Id: aws.String("site"), DomainName: aws.String("site.example.com"),
			CustomOriginConfig: &types.CustomOriginConfig{HTTPPort: aws.Int32(80), HTTPSPort: aws.Int32(443), OriginProtocolPolicy: types.OriginProtocolPolicyHttpsOnly}}}},
		DefaultCacheBehavior: &types.DefaultCacheBehavior{TargetOriginId: aws.String("site"), ViewerProtocolPolicy: types.ViewerProtocolPolicyRedirectToHttps,
			CachePolicyId: aws.String("658327ea-f89d-4fab-a63d-7e88639e58f6")}}})
	require.NoError(t, err)
	id := aws.ToString(out.Distribution.Id)
	o := options(f, f.Primary)
	o.Services = []string{"cloudfront"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	global := "aws://" + livetest.Account + "/global"
	d := resource(inv, global, "distribution/"+id)
	require.NotNil(t, d)
	var got []string
	for _, k := range findingKeys(judge(testEngine(t), inv, rules.EvalOptions{Env: rules.Env{Tier: 2}})) {
		if strings.HasSuffix(k, "distribution/"+id) {
			got = append(got, k)
		}
	}
	assert.Equal(t, []string{"BW-HEALTH-CHECK-007 " + global + " distribution/" + id}, got)
}

// TestCloudFrontUnreadConfig: when a summary lacks the origin groups and
// the configuration is denied, whether the distribution fails over is
// unknown: a gap, never a finding.
func TestCloudFrontUnreadConfig(t *testing.T) {
	f := newFront(t)
	serveDistributions(f, strings.Replace(distributionXML("E3HIDDEN", false), "<OriginGroups><Quantity>0</Quantity></OriginGroups>", "", 1))
	f.Fail("*", "cloudfront", "GetDistributionConfig", -1, 403, "AccessDenied")
	o := options(f, "ap-southeast-2")
	o.Services = []string{"cloudfront"}
	inv := audit(t, o)
	got := messages(inv.Diagnostics)
	require.Len(t, got, 1, "%q", got)
	assert.Contains(t, got[0], "service cloudfront (GetDistributionConfig): access denied; unknown: the origin groups of distributions: E3HIDDEN")
	for _, k := range findingKeys(judge(testEngine(t), inv, rules.EvalOptions{Env: rules.Env{Tier: 1}})) {
		assert.NotContains(t, k, "E3HIDDEN")
	}
	require.NotNil(t, resource(inv, "aws://"+livetest.Account+"/global", "distribution/E3HIDDEN"), "the distribution is still reported")
}
