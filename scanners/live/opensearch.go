package live

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/opensearch/types"
)

// describeDomainsBatch is the most domains DescribeDomains takes at once.
const describeDomainsBatch = 5

// collectOpenSearch reads the Region's OpenSearch and Elasticsearch
// domains (the OpenSearch API serves both engines): their cluster
// configuration says whether data and master nodes survive a node or
// zone. A batch DescribeDomains could not read still reports its domains,
// with that configuration unknown.
func collectOpenSearch(ctx context.Context, s *scope) error {
	client := opensearch.NewFromConfig(s.cfg)
	var names []string
	err := s.call(ctx, func(ctx context.Context) error {
		out, err := client.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
		if err == nil {
			for _, d := range out.DomainNames {
				names = append(names, aws.ToString(d.DomainName))
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	var batches [][]string
	for start := 0; start < len(names); start += describeDomainsBatch {
		batches = append(batches, names[start:min(start+describeDomainsBatch, len(names))])
	}
	found := make([][]*item, len(batches))
	err = s.each(ctx, len(batches), func(ctx context.Context, i int) error {
		var domains []types.DomainStatus
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: batches[i]})
			if err == nil {
				domains = out.DomainStatusList
			}
			return err
		})
		if isNotFound(err) {
			return nil // deleted since the listing
		}
		if err != nil {
			s.partialOf("DescribeDomains", "the cluster configuration of domains", strings.Join(batches[i], ", "), err)
			for _, name := range batches[i] {
				found[i] = append(found[i], &item{id: "domain/" + name, typ: "AWS::OpenSearchService::Domain", physical: []string{name},
					props: map[string]any{"DomainName": name, "ClusterConfig": unknown("opensearch:DescribeDomains")}})
			}
			return nil
		}
		for _, d := range domains {
			if it := domainItem(d); it != nil {
				found[i] = append(found[i], it)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, items := range found {
		s.add(items...)
	}
	return nil
}

// domainItem is a domain as AWS::OpenSearchService::Domain (an
// Elasticsearch engine keeps its EngineVersion, "Elasticsearch_7.10"), or
// nil for a domain being deleted.
func domainItem(d types.DomainStatus) *item {
	if aws.ToBool(d.Deleted) {
		return nil
	}
	name, arn := aws.ToString(d.DomainName), aws.ToString(d.ARN)
	props := map[string]any{"DomainName": name, "ClusterConfig": clusterConfig(d.ClusterConfig)}
	if v := aws.ToString(d.EngineVersion); v != "" {
		props["EngineVersion"] = v
	}
	if vpc := d.VPCOptions; vpc != nil {
		props["VPCOptions"] = map[string]any{"SubnetIds": subnetRefs(vpc.SubnetIds), "SecurityGroupIds": anyList(vpc.SecurityGroupIds)}
	}
	if ebs := d.EBSOptions; ebs != nil {
		opts := map[string]any{}
		if ebs.EBSEnabled != nil {
			opts["EBSEnabled"] = *ebs.EBSEnabled
		}
		if ebs.VolumeSize != nil {
			opts["VolumeSize"] = int64(*ebs.VolumeSize)
		}
		if ebs.VolumeType != "" {
			opts["VolumeType"] = string(ebs.VolumeType)
		}
		props["EBSOptions"] = opts
	}
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "domain/" + name, typ: "AWS::OpenSearchService::Domain", props: props, physical: []string{name, arn}}
}

// clusterConfig writes the API's cluster configuration in
// CloudFormation's shape. AWS always returns the node count, zone
// awareness and dedicated masters; if it did not, the rules would take
// CloudFormation's defaults (one node, off), a guess: they are unknown.
func clusterConfig(c *types.ClusterConfig) any {
	if c == nil {
		return unknown("opensearch:ClusterConfig")
	}
	out := map[string]any{}
	for key, v := range map[string]*int32{"InstanceCount": c.InstanceCount, "DedicatedMasterCount": c.DedicatedMasterCount,
		"WarmCount": c.WarmCount} {
		switch {
		case v != nil:
			out[key] = int64(*v)
		case key == "InstanceCount":
			out[key] = unknown("opensearch:" + key)
		}
	}
	for key, v := range map[string]*bool{"ZoneAwarenessEnabled": c.ZoneAwarenessEnabled, "DedicatedMasterEnabled": c.DedicatedMasterEnabled,
		"WarmEnabled": c.WarmEnabled, "MultiAZWithStandbyEnabled": c.MultiAZWithStandbyEnabled} {
		switch {
		case v != nil:
			out[key] = *v
		case key == "ZoneAwarenessEnabled" || key == "DedicatedMasterEnabled":
			out[key] = unknown("opensearch:" + key)
		}
	}
	if c.InstanceType != "" {
		out["InstanceType"] = string(c.InstanceType)
	}
	if c.DedicatedMasterType != "" {
		out["DedicatedMasterType"] = string(c.DedicatedMasterType)
	}
	if z := c.ZoneAwarenessConfig; z != nil && z.AvailabilityZoneCount != nil {
		out["ZoneAwarenessConfig"] = map[string]any{"AvailabilityZoneCount": int64(*z.AvailabilityZoneCount)}
	}
	return out
}
