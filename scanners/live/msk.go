package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kafka"
	"github.com/aws/aws-sdk-go-v2/service/kafka/types"
)

// collectMSK reads MSK clusters, provisioned and serverless, from one
// listing: a provisioned cluster's client subnets (one per zone its
// brokers run in) and broker count.
func collectMSK(ctx context.Context, s *scope) error {
	client := kafka.NewFromConfig(s.cfg)
	p := kafka.NewListClustersV2Paginator(client, &kafka.ListClustersV2Input{})
	clusters, err := listAll(ctx, s, p, func(o *kafka.ListClustersV2Output) []types.Cluster { return o.ClusterInfoList })
	if err != nil {
		return err
	}
	for _, c := range clusters {
		if c.State == types.ClusterStateDeleting {
			continue
		}
		s.add(mskItem(c))
	}
	return nil
}

// mskItem writes a provisioned cluster as AWS::MSK::Cluster and a
// serverless one as AWS::MSK::ServerlessCluster (whose zones AWS
// manages). Subnets are references, so the template carries their zones.
func mskItem(c types.Cluster) *item {
	name, arn := aws.ToString(c.ClusterName), aws.ToString(c.ClusterArn)
	props := map[string]any{"ClusterName": name}
	typ := "AWS::MSK::Cluster"
	if p := c.Provisioned; p != nil {
		if g := p.BrokerNodeGroupInfo; g != nil {
			info := map[string]any{"ClientSubnets": subnetRefs(g.ClientSubnets)}
			if len(g.ClientSubnets) == 0 {
				// A cluster always has client subnets: none listed is not "no zone".
				info["ClientSubnets"] = unknown("kafka:ListClustersV2 client subnets")
			}
			if g.InstanceType != nil {
				info["InstanceType"] = *g.InstanceType
			}
			if len(g.SecurityGroups) > 0 {
				info["SecurityGroups"] = anyList(g.SecurityGroups)
			}
			props["BrokerNodeGroupInfo"] = info
		}
		if p.NumberOfBrokerNodes != nil {
			props["NumberOfBrokerNodes"] = int64(*p.NumberOfBrokerNodes)
		}
		if sw := p.CurrentBrokerSoftwareInfo; sw != nil && sw.KafkaVersion != nil {
			props["KafkaVersion"] = *sw.KafkaVersion
		}
	}
	if sv := c.Serverless; c.ClusterType == types.ClusterTypeServerless || (sv != nil && c.Provisioned == nil) {
		typ = "AWS::MSK::ServerlessCluster"
		var vpcs []any
		if sv != nil {
			for _, v := range sv.VpcConfigs {
				vpc := map[string]any{"SubnetIds": subnetRefs(v.SubnetIds)}
				if len(v.SecurityGroupIds) > 0 {
					vpc["SecurityGroups"] = anyList(v.SecurityGroupIds)
				}
				vpcs = append(vpcs, vpc)
			}
		}
		if len(vpcs) > 0 {
			props["VpcConfigs"] = vpcs
		}
	}
	if len(c.Tags) > 0 {
		props["Tags"] = anyMap(c.Tags) // a map in both CloudFormation types
	}
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "mskcluster/" + name, typ: typ, props: props, physical: []string{arn, name}}
}
