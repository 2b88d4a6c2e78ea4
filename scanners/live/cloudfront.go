package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// collectCloudFront reads the account's distributions, with their origins
// and origin groups, as AWS::CloudFront::Distribution. CloudFront is
// global: this runs once per account. ListDistributions carries what the
// rules read; a distribution is read on its own only when its summary
// lacks its origin groups.
func collectCloudFront(ctx context.Context, s *scope) error {
	client := cloudfront.NewFromConfig(s.cfg)
	p := cloudfront.NewListDistributionsPaginator(client, &cloudfront.ListDistributionsInput{})
	list, err := listAll(ctx, s, p, func(o *cloudfront.ListDistributionsOutput) []types.DistributionSummary {
		if o.DistributionList == nil {
			return nil
		}
		return o.DistributionList.Items
	})
	if err != nil {
		return err
	}
	// A summary without OriginGroups says nothing either way: the
	// distribution's configuration, which always has them when it has
	// any, decides.
	err = s.each(ctx, len(list), func(ctx context.Context, i int) error {
		d := &list[i]
		if d.OriginGroups != nil {
			return nil
		}
		var conf *cloudfront.GetDistributionConfigOutput
		err := s.call(ctx, func(ctx context.Context) (err error) {
			conf, err = client.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: d.Id})
			return err
		})
		switch {
		case err != nil && !isNotFound(err) && !errorCodeIs(err, "NoSuchDistribution"):
			s.partialOf("GetDistributionConfig", "the origin groups of distributions", aws.ToString(d.Id), err)
		case err == nil && conf.DistributionConfig != nil:
			d.OriginGroups = conf.DistributionConfig.OriginGroups
			if d.OriginGroups == nil {
				d.OriginGroups = &types.OriginGroups{Quantity: aws.Int32(0)}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range list {
		s.add(distributionItem(d))
	}
	return nil
}

// distributionItem writes a distribution's configuration in
// CloudFormation's DistributionConfig: Origins as a list (the API's
// Quantity and Items), OriginGroups as the API has them.
func distributionItem(d types.DistributionSummary) *item {
	id := aws.ToString(d.Id)
	conf := map[string]any{}
	if d.Enabled != nil {
		conf["Enabled"] = *d.Enabled
	}
	if d.Comment != nil && *d.Comment != "" {
		conf["Comment"] = *d.Comment
	}
	if d.Origins != nil {
		origins := []any{}
		for _, o := range d.Origins.Items {
			origins = append(origins, map[string]any{"Id": aws.ToString(o.Id), "DomainName": aws.ToString(o.DomainName)})
		}
		conf["Origins"] = origins
	}
	if d.OriginGroups == nil {
		// Neither the summary nor the configuration could say.
		conf["OriginGroups"] = unknown("cloudfront:OriginGroups")
	} else {
		conf["OriginGroups"] = originGroups(d.OriginGroups)
	}
	props := map[string]any{"DistributionConfig": conf}
	arn := aws.ToString(d.ARN)
	return &item{id: "distribution/" + id, typ: "AWS::CloudFront::Distribution", props: props,
		physical: []string{id, arn, aws.ToString(d.DomainName)}}
}

func originGroups(g *types.OriginGroups) map[string]any {
	items := []any{}
	for _, og := range g.Items {
		group := map[string]any{"Id": aws.ToString(og.Id)}
		if fc := og.FailoverCriteria; fc != nil && fc.StatusCodes != nil {
			codes := []any{}
			for _, c := range fc.StatusCodes.Items {
				codes = append(codes, int64(c))
			}
			group["FailoverCriteria"] = map[string]any{"StatusCodes": map[string]any{"Quantity": int64(len(codes)), "Items": codes}}
		}
		members := []any{}
		if og.Members != nil {
			for _, m := range og.Members.Items {
				members = append(members, map[string]any{"OriginId": aws.ToString(m.OriginId)})
			}
		}
		group["Members"] = map[string]any{"Quantity": int64(len(members)), "Items": members}
		if og.SelectionCriteria != "" {
			group["SelectionCriteria"] = string(og.SelectionCriteria)
		}
		items = append(items, group)
	}
	return map[string]any{"Quantity": int64(len(items)), "Items": items}
}
