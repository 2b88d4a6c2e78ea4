package live

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplicationConfigurationShape(t *testing.T) {
	tests := []struct {
		name string
		conf types.ReplicationConfiguration
		want map[string]any
	}{
		{"filter and time control", types.ReplicationConfiguration{Role: aws.String("arn:aws:iam::1:role/r"), Rules: []types.ReplicationRule{{
			ID: aws.String("all"), Priority: aws.Int32(1), Status: types.ReplicationRuleStatusEnabled,
			Filter: &types.ReplicationRuleFilter{Prefix: aws.String("")},
			Destination: &types.Destination{Bucket: aws.String("arn:aws:s3:::copy"), StorageClass: types.StorageClassStandardIa,
				ReplicationTime: &types.ReplicationTime{Status: types.ReplicationTimeStatusEnabled, Time: &types.ReplicationTimeValue{Minutes: aws.Int32(15)}}}}}},
			map[string]any{"Role": "arn:aws:iam::1:role/r", "Rules": []any{map[string]any{"Id": "all", "Priority": int64(1), "Status": "Enabled",
				"Filter": map[string]any{"Prefix": ""}, "Destination": map[string]any{"Bucket": "arn:aws:s3:::copy", "StorageClass": "STANDARD_IA",
					"ReplicationTime": map[string]any{"Status": "Enabled", "Time": map[string]any{"Minutes": int64(15)}}}}}}},
		{"legacy prefix, disabled", types.ReplicationConfiguration{Rules: []types.ReplicationRule{{Prefix: aws.String("logs/"),
			Status: types.ReplicationRuleStatusDisabled, Destination: &types.Destination{Bucket: aws.String("arn:aws:s3:::copy"), Account: aws.String("2")}}}},
			map[string]any{"Rules": []any{map[string]any{"Prefix": "logs/", "Status": "Disabled",
				"Destination": map[string]any{"Bucket": "arn:aws:s3:::copy", "Account": "2"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, replicationConfiguration(&tt.conf))
		})
	}
}

// bucketFixture is one bucket as the front serves it.
type bucketFixture struct {
	region     string
	versioning string // "" never enabled
	replicaTo  string // destination bucket name; "" none
}

// serveBuckets answers ListBuckets (every bucket of the account, with the
// bucket-region filter AWS applies) and each bucket's versioning and
// replication, in S3's REST-XML, in every Region the buckets are in.
func serveBuckets(f *livetest.Front, buckets map[string]bucketFixture) {
	names := make([]string, 0, len(buckets))
	regions := map[string]bool{}
	for n, b := range buckets {
		names = append(names, n)
		regions[b.region] = true
	}
	sort.Strings(names)
	bucketOf := func(r *livetest.Request) (string, bucketFixture) {
		n := strings.Trim(r.HTTP.URL.Path, "/")
		return n, buckets[n]
	}
	for region := range regions {
		f.Handle(region, "s3", "ListBuckets", func(w http.ResponseWriter, r *livetest.Request) {
			var b strings.Builder
			for _, n := range names {
				if want := r.Form.Get("bucket-region"); want == "" || want == buckets[n].region {
					b.WriteString("<Bucket><Name>" + n + "</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate><BucketRegion>" +
						buckets[n].region + "</BucketRegion></Bucket>")
				}
			}
			livetest.RestXML(w, "ListAllMyBucketsResult", "<Buckets>"+b.String()+"</Buckets><Owner><ID>o</ID></Owner>")
		})
		f.Handle(region, "s3", "GetBucketVersioning", func(w http.ResponseWriter, r *livetest.Request) {
			_, b := bucketOf(r)
			inner := ""
			if b.versioning != "" {
				inner = "<Status>" + b.versioning + "</Status>"
			}
			livetest.RestXML(w, "VersioningConfiguration", inner)
		})
		f.Handle(region, "s3", "GetBucketReplication", func(w http.ResponseWriter, r *livetest.Request) {
			n, b := bucketOf(r)
			if b.replicaTo == "" {
				livetest.Error(w, r, 404, "ReplicationConfigurationNotFoundError", "The replication configuration was not found")
				return
			}
			livetest.RestXML(w, "ReplicationConfiguration", "<Role>arn:aws:iam::"+livetest.Account+":role/replicate-"+n+"</Role>"+
				"<Rule><ID>all</ID><Priority>1</Priority><Status>Enabled</Status><Filter><Prefix></Prefix></Filter>"+
				"<Destination><Bucket>arn:aws:s3:::"+b.replicaTo+"</Bucket></Destination>"+
				"<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>")
		})
	}
}

// serveFixturesS3: a versioned bucket replicated to another Region, and a
// bucket that never had versioning.
func serveFixturesS3(f *livetest.Front, region string) {
	serveBuckets(f, map[string]bucketFixture{
		"ledger-archive": {region: region, versioning: "Enabled", replicaTo: "ledger-archive-dr"},
		"assets":         {region: region},
	})
}

// TestS3Judged audits buckets in two Regions. In a tier 1 workload the
// bucket without versioning fails BW-DATA-PROTECTION-003 twice; the
// versioned, replicated one passes, and so does its replica in the other
// Region (the copy need not replicate again); a versioned bucket that
// replicates nowhere fails once. A bucket whose replication cannot be
// read is a gap with its replication unknown: no finding on it.
func TestS3Judged(t *testing.T) {
	const east, west = "ap-southeast-2", "ap-southeast-4"
	f := newFront(t)
	serveBuckets(f, map[string]bucketFixture{
		"plain":     {region: east},
		"orders":    {region: east, versioning: "Enabled", replicaTo: "orders-dr"},
		"orders-dr": {region: west, versioning: "Enabled"},
		"lone":      {region: west, versioning: "Enabled"},
		"hidden":    {region: west, versioning: "Suspended"},
	})
	f.Handle(west, "s3", "GetBucketReplication", func(w http.ResponseWriter, r *livetest.Request) {
		if strings.HasSuffix(r.HTTP.URL.Path, "/hidden") {
			livetest.Error(w, r, 403, "AccessDenied", "Access Denied")
			return
		}
		livetest.Error(w, r, 404, "ReplicationConfigurationNotFoundError", "none")
	})
	o := options(f, east, west)
	o.Services = []string{"s3"}
	inv := audit(t, o)
	got := messages(inv.Diagnostics)
	require.Len(t, got, 1, "%q", got)
	assert.Contains(t, got[0], "service s3 (GetBucketReplication): access denied; unknown: the replication of bucket hidden")
	assert.Equal(t, 1, calls(f, east, "s3", "ListBuckets"))
	orders := resource(inv, file(east), "bucket/orders")
	require.NotNil(t, orders)
	assert.Equal(t, map[string]any{"Status": "Enabled"}, orders.Properties["VersioningConfiguration"])
	assert.Nil(t, resource(inv, file(east), "bucket/lone"), "each Region lists only its own buckets")
	assert.Equal(t, []any{"arn:aws:s3:::orders"}, resource(inv, file(west), "bucket/orders-dr").Properties[replicaOfKey])

	judged := func(tier int) []string {
		var out []string
		for _, k := range findingKeys(judge(testEngine(t), inv, rules.EvalOptions{Env: rules.Env{Tier: tier}})) {
			if strings.Contains(k, " bucket/") {
				out = append(out, k)
			}
		}
		return out
	}
	eastFile, westFile := file(east), file(west)
	assert.Equal(t, []string{
		"BW-DATA-PROTECTION-003 " + eastFile + " bucket/plain",  // no versioning
		"BW-DATA-PROTECTION-003 " + eastFile + " bucket/plain",  // no replication
		"BW-DATA-PROTECTION-003 " + westFile + " bucket/hidden", // versioning suspended; its replication is unknown
		"BW-DATA-PROTECTION-003 " + westFile + " bucket/lone",   // versioned, replicates nowhere
		"BW-TIER-001 " + eastFile + " bucket/orders",            // replication's 15 minutes miss tier 1's RPO
		"BW-TIER-001 " + westFile + " bucket/lone",              // no copy outside its Region
		"BW-TIER-002 " + westFile + " bucket/lone",
	}, judged(1))
	assert.Equal(t, []string{
		"BW-DATA-PROTECTION-003 " + eastFile + " bucket/plain",
		"BW-DATA-PROTECTION-003 " + westFile + " bucket/hidden",
		"BW-TIER-001 " + westFile + " bucket/lone", // tier 2 is judged against the loss of the Region too
		"BW-TIER-002 " + westFile + " bucket/lone",
	}, judged(2), "tier 2 asks for versioning only; the replica orders-dr is the copy, not estimated")
}

func testEngine(t *testing.T) *rules.Engine {
	t.Helper()
	if engine == nil {
		e, err := rules.New(rules.Options{})
		require.NoError(t, err)
		engine = e
	}
	return engine
}

// TestS3InKumo creates buckets in the emulator, addressed by path as an
// emulator needs: the unversioned one fails BW-DATA-PROTECTION-003 in a
// tier 2 workload, the versioned one passes it. (kumo keeps no
// replication: its GetBucketReplication always answers
// ReplicationConfigurationNotFoundError, so the versioned bucket has no
// copy outside its Region, which the tier rules report.)
func TestS3InKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	client := s3.NewFromConfig(f.Config(f.Primary), func(o *s3.Options) { o.UsePathStyle = true })
	for _, name := range []string{"kumo-s3-plain", "kumo-s3-versioned"} {
		_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
		require.NoError(t, err)
	}
	_, err := client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("kumo-s3-versioned"),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
	require.NoError(t, err)
	o := options(f, f.Primary)
	o.Services = []string{"s3"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	var got []string
	for _, k := range findingKeys(judge(testEngine(t), inv, rules.EvalOptions{Env: rules.Env{Tier: 2}})) {
		if strings.Contains(k, "bucket/kumo-s3-") {
			got = append(got, k)
		}
	}
	assert.Equal(t, []string{"BW-DATA-PROTECTION-003 " + file(f.Primary) + " bucket/kumo-s3-plain",
		"BW-TIER-001 " + file(f.Primary) + " bucket/kumo-s3-versioned", "BW-TIER-002 " + file(f.Primary) + " bucket/kumo-s3-versioned"}, got)
}

// TestReplicaLinks: a destination of the same source becomes a
// reference; a destination audited in another Region or account is
// marked with its sources; a bucket nobody replicates into is not.
func TestReplicaLinks(t *testing.T) {
	bucket := func(name string, dest ...string) *item {
		props := map[string]any{"BucketName": name, arnKey: "arn:aws:s3:::" + name}
		if len(dest) > 0 {
			var rules []any
			for _, d := range dest {
				rules = append(rules, map[string]any{"Status": "Enabled", "Destination": map[string]any{"Bucket": "arn:aws:s3:::" + d}})
			}
			props["ReplicationConfiguration"] = map[string]any{"Rules": rules}
		}
		return &item{id: "bucket/" + name, typ: "AWS::S3::Bucket", props: props, physical: []string{name}}
	}
	east := &regionData{account: "111111111111", region: "eu-west-1",
		items: []*item{bucket("orders", "orders-local", "orders-vault"), bucket("orders-local")}}
	vault := &regionData{account: "222222222222", region: "eu-central-1", items: []*item{bucket("orders-vault"), bucket("other")}}
	inv := assemble([]*regionData{east, vault}, &Options{})
	src := func(acct, region string) string { return "aws://" + acct + "/" + region }
	var orders, local, copyOf, other map[string]any
	for _, s := range inv.Sources {
		for _, r := range s.Template.Resources {
			switch s.Template.File + " " + r.ID {
			case src("111111111111", "eu-west-1") + " bucket/orders":
				orders = r.Properties
			case src("111111111111", "eu-west-1") + " bucket/orders-local":
				local = r.Properties
			case src("222222222222", "eu-central-1") + " bucket/orders-vault":
				copyOf = r.Properties
			case src("222222222222", "eu-central-1") + " bucket/other":
				other = r.Properties
			}
		}
	}
	require.NotNil(t, orders)
	rules := orders["ReplicationConfiguration"].(map[string]any)["Rules"].([]any)
	assert.Equal(t, map[string]any{"Fn::GetAtt": []any{"bucket/orders-local", "Arn"}}, rules[0].(map[string]any)["Destination"].(map[string]any)["Bucket"])
	assert.Equal(t, "arn:aws:s3:::orders-vault", rules[1].(map[string]any)["Destination"].(map[string]any)["Bucket"], "outside this source: the ARN stays")
	assert.Equal(t, []any{"arn:aws:s3:::orders"}, local[replicaOfKey])
	assert.Equal(t, []any{"arn:aws:s3:::orders"}, copyOf[replicaOfKey], "the organization's vault account")
	assert.NotContains(t, other, replicaOfKey)
	assert.NotContains(t, orders, arnKey, "the ARN carrier is removed")
}
