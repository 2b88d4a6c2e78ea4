package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// collectEKS reads the managed node groups of every EKS cluster: their
// subnets (which the assembled template resolves to zones) and scaling.
// A cluster whose node groups cannot be listed, or a node group that
// cannot be described, is a gap; the latter is still reported with its
// subnets unknown.
func collectEKS(ctx context.Context, s *scope) error {
	client := eks.NewFromConfig(s.cfg)
	cp := eks.NewListClustersPaginator(client, &eks.ListClustersInput{})
	clusters, err := listAll(ctx, s, cp, func(o *eks.ListClustersOutput) []string { return o.Clusters })
	if err != nil {
		return err
	}
	type group struct{ cluster, name string }
	var groups []group
	for _, c := range clusters {
		np := eks.NewListNodegroupsPaginator(client, &eks.ListNodegroupsInput{ClusterName: aws.String(c)})
		names, err := listAll(ctx, s, np, func(o *eks.ListNodegroupsOutput) []string { return o.Nodegroups })
		if isNotFound(err) {
			continue // deleted since ListClusters
		}
		if err != nil {
			s.partialOf("ListNodegroups", "the node groups of clusters", c, err)
			continue
		}
		for _, n := range names {
			groups = append(groups, group{c, n})
		}
	}
	items := make([]*item, len(groups))
	err = s.each(ctx, len(groups), func(ctx context.Context, i int) error {
		g := groups[i]
		var ng *types.Nodegroup
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.DescribeNodegroup(ctx, &eks.DescribeNodegroupInput{ClusterName: aws.String(g.cluster),
				NodegroupName: aws.String(g.name)})
			if err == nil {
				ng = out.Nodegroup
			}
			return err
		})
		if isNotFound(err) {
			return nil
		}
		if err != nil {
			s.partialOf("DescribeNodegroup", "the subnets of node groups", g.cluster+"/"+g.name, err)
			it := nodegroupItem(&types.Nodegroup{ClusterName: aws.String(g.cluster), NodegroupName: aws.String(g.name)})
			it.props["Subnets"] = unknown("eks:DescribeNodegroup")
			items[i] = it
			return nil
		}
		if ng != nil {
			items[i] = nodegroupItem(ng)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	return nil
}

// nodegroupItem writes a managed node group as AWS::EKS::Nodegroup.
func nodegroupItem(ng *types.Nodegroup) *item {
	cluster, name, arn := aws.ToString(ng.ClusterName), aws.ToString(ng.NodegroupName), aws.ToString(ng.NodegroupArn)
	props := map[string]any{"ClusterName": cluster, "NodegroupName": name, "Subnets": subnetRefs(ng.Subnets)}
	if len(ng.Subnets) == 0 {
		// A node group always has subnets: none listed is not "no zone".
		props["Subnets"] = unknown("eks:DescribeNodegroup subnets")
	}
	if sc := ng.ScalingConfig; sc != nil {
		scaling := map[string]any{}
		for k, v := range map[string]*int32{"MinSize": sc.MinSize, "MaxSize": sc.MaxSize, "DesiredSize": sc.DesiredSize} {
			if v != nil {
				scaling[k] = int64(*v)
			}
		}
		props["ScalingConfig"] = scaling
	}
	if len(ng.InstanceTypes) > 0 {
		props["InstanceTypes"] = anyList(ng.InstanceTypes)
	}
	if ng.CapacityType != "" {
		props["CapacityType"] = string(ng.CapacityType)
	}
	if ng.AmiType != "" {
		props["AmiType"] = string(ng.AmiType)
	}
	if len(ng.Tags) > 0 {
		props["Tags"] = anyMap(ng.Tags) // a map in CloudFormation
	}
	if arn != "" {
		props[arnKey] = arn
	}
	// CloudFormation's Ref of a node group is "cluster/name".
	return &item{id: "nodegroup/" + cluster + "/" + name, typ: "AWS::EKS::Nodegroup", props: props,
		physical: []string{cluster + "/" + name, arn}}
}
