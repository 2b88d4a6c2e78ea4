package live

import (
	"context"
	"errors"
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/bulwarkhq/bulwark/scanners"
)

// collectS3 reads the buckets of the audited Region (ListBuckets is
// account-wide; its BucketRegion filter keeps this Region's) with their
// versioning and replication, as AWS::S3::Bucket.
func collectS3(ctx context.Context, s *scope) error {
	client := s.s3Client()
	p := s3.NewListBucketsPaginator(client, &s3.ListBucketsInput{BucketRegion: aws.String(s.cfg.Region), MaxBuckets: aws.Int32(1000)})
	all, err := listAll(ctx, s, p, func(o *s3.ListBucketsOutput) []types.Bucket { return o.Buckets })
	if err != nil {
		return err
	}
	var buckets []string
	for _, b := range all {
		// An endpoint that ignores the filter still names each bucket's Region.
		if r := aws.ToString(b.BucketRegion); r == "" || r == s.cfg.Region {
			buckets = append(buckets, aws.ToString(b.Name))
		}
	}
	sort.Strings(buckets)
	items := make([]*item, len(buckets))
	err = s.each(ctx, len(buckets), func(ctx context.Context, i int) error {
		items[i] = s.bucket(ctx, client, buckets[i])
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	return nil
}

// s3Client addresses buckets in the path (endpoint/bucket) when the audit
// has its own endpoint: an emulator or a VPC endpoint has no DNS name per
// bucket.
func (s *scope) s3Client() *s3.Client {
	return s3.NewFromConfig(s.cfg, func(o *s3.Options) { o.UsePathStyle = s.opts.EndpointURL != "" })
}

// bucket reads one bucket's versioning and replication; nil when it was
// deleted since the listing. A call that fails leaves its fact unknown.
func (s *scope) bucket(ctx context.Context, client *s3.Client, name string) *item {
	arn := "arn:" + s3Partition(s.cfg.Region) + ":s3:::" + name
	props := map[string]any{"BucketName": name, arnKey: arn}
	var ver *s3.GetBucketVersioningOutput
	err := s.call(ctx, func(ctx context.Context) (err error) {
		ver, err = client.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String(name)})
		return err
	})
	// A bucket that never had versioning answers no Status: like a
	// template without VersioningConfiguration, it gets none.
	switch {
	case isNoSuchBucket(err):
		return nil
	case err != nil:
		s.partial("GetBucketVersioning", "the versioning of bucket "+name, err)
		props["VersioningConfiguration"] = map[string]any{"Status": unknown("s3:GetBucketVersioning")}
	case ver.Status != "":
		props["VersioningConfiguration"] = map[string]any{"Status": string(ver.Status)}
	}
	var rep *s3.GetBucketReplicationOutput
	err = s.call(ctx, func(ctx context.Context) (err error) {
		rep, err = client.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: aws.String(name)})
		return err
	})
	switch {
	case isNoSuchBucket(err):
		return nil
	case errorCodeIs(err, "ReplicationConfigurationNotFoundError"):
		// No replication: the answer, not a gap.
	case err != nil:
		s.partial("GetBucketReplication", "the replication of bucket "+name, err)
		props["ReplicationConfiguration"] = unknown("s3:GetReplicationConfiguration")
	case rep.ReplicationConfiguration != nil:
		props["ReplicationConfiguration"] = replicationConfiguration(rep.ReplicationConfiguration)
	}
	return &item{id: "bucket/" + name, typ: "AWS::S3::Bucket", props: props, physical: []string{name, arn}}
}

// replicationConfiguration writes S3's replication rules as
// CloudFormation's ReplicationConfiguration. Destination.Bucket is the
// destination's ARN, which linkARNs turns into a reference when that
// bucket is audited with this one.
func replicationConfiguration(c *types.ReplicationConfiguration) map[string]any {
	out := map[string]any{}
	if c.Role != nil {
		out["Role"] = *c.Role
	}
	rules := []any{}
	for _, r := range c.Rules {
		rule := map[string]any{"Status": string(r.Status)}
		if r.ID != nil {
			rule["Id"] = *r.ID
		}
		if r.Priority != nil {
			rule["Priority"] = int64(*r.Priority)
		}
		if r.Prefix != nil {
			rule["Prefix"] = *r.Prefix
		}
		if r.Filter != nil && r.Filter.Prefix != nil {
			rule["Filter"] = map[string]any{"Prefix": *r.Filter.Prefix}
		}
		if d := r.Destination; d != nil {
			dest := map[string]any{"Bucket": aws.ToString(d.Bucket)}
			if d.StorageClass != "" {
				dest["StorageClass"] = string(d.StorageClass)
			}
			if d.Account != nil {
				dest["Account"] = *d.Account
			}
			if rt := d.ReplicationTime; rt != nil {
				t := map[string]any{"Status": string(rt.Status)}
				if rt.Time != nil && rt.Time.Minutes != nil {
					t["Time"] = map[string]any{"Minutes": int64(*rt.Time.Minutes)}
				}
				dest["ReplicationTime"] = t
			}
			rule["Destination"] = dest
		}
		rules = append(rules, rule)
	}
	out["Rules"] = rules
	return out
}

// errorCodeIs reports whether err is an AWS error with this code.
func errorCodeIs(err error, code string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == code
}

// isNoSuchBucket is S3's code for a bucket deleted since it was listed.
func isNoSuchBucket(err error) bool { return errorCodeIs(err, "NoSuchBucket") }

// s3Partition names the ARN partition of a Region.
func s3Partition(region string) string {
	switch {
	case len(region) > 3 && region[:3] == "cn-":
		return "aws-cn"
	case len(region) > 7 && region[:7] == "us-gov-":
		return "aws-us-gov"
	}
	return "aws"
}

// linkReplicationDestinations points each replication rule's destination
// at the bucket of the template it names, so the rules see which bucket
// is the copy of which.
func linkReplicationDestinations(r *scanners.Resource, link func(any) any) {
	conf, _ := r.Properties["ReplicationConfiguration"].(map[string]any)
	rules, _ := conf["Rules"].([]any)
	for _, rule := range rules {
		m, _ := rule.(map[string]any)
		if dest, ok := m["Destination"].(map[string]any); ok {
			dest["Bucket"] = link(dest["Bucket"])
		}
	}
}

// replicaOfKey marks a bucket that an audited bucket replicates into,
// with the sources' ARNs: a replica of a bucket in another Region or
// account is in another source, where no reference can reach it, and the
// replication rule must still know it is the copy.
const replicaOfKey = "bulwark:replicaOf"

// markReplicas links replication across the Regions and accounts of the
// audit (a bucket's ARN names it uniquely in its partition: an
// organization's backup account is found from the source account's
// rules); it runs on every Region's buckets before they are assembled.
func markReplicas(data []*regionData) {
	sources := map[string][]string{} // destination ARN -> source ARNs
	for _, d := range data {
		for _, it := range d.items {
			if it.typ != "AWS::S3::Bucket" {
				continue
			}
			src, _ := it.props[arnKey].(string)
			conf, _ := it.props["ReplicationConfiguration"].(map[string]any)
			rules, _ := conf["Rules"].([]any)
			for _, rule := range rules {
				m, _ := rule.(map[string]any)
				dest, _ := m["Destination"].(map[string]any)
				if b, ok := dest["Bucket"].(string); ok && b != src && src != "" && !slices.Contains(sources[b], src) {
					sources[b] = append(sources[b], src)
				}
			}
		}
	}
	for _, d := range data {
		for _, it := range d.items {
			arn, _ := it.props[arnKey].(string)
			if from := sources[arn]; it.typ == "AWS::S3::Bucket" && len(from) > 0 {
				sort.Strings(from)
				it.props[replicaOfKey] = anyList(from)
			}
		}
	}
}
