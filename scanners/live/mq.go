package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/mq"
	"github.com/aws/aws-sdk-go-v2/service/mq/types"
)

// collectMQ reads Amazon MQ brokers: the listing gives each broker's
// deployment mode and engine, DescribeBroker its subnets. A broker whose
// description fails is still reported, its subnets unknown.
func collectMQ(ctx context.Context, s *scope) error {
	client := mq.NewFromConfig(s.cfg)
	p := mq.NewListBrokersPaginator(client, &mq.ListBrokersInput{})
	brokers, err := listAll(ctx, s, p, func(o *mq.ListBrokersOutput) []types.BrokerSummary { return o.BrokerSummaries })
	if err != nil {
		return err
	}
	items := make([]*item, len(brokers))
	err = s.each(ctx, len(brokers), func(ctx context.Context, i int) error {
		b := brokers[i]
		var desc *mq.DescribeBrokerOutput
		err := s.call(ctx, func(ctx context.Context) error {
			out, err := client.DescribeBroker(ctx, &mq.DescribeBrokerInput{BrokerId: b.BrokerId})
			if err == nil {
				desc = out
			}
			return err
		})
		if isNotFound(err) {
			return nil // deleted since ListBrokers
		}
		if err != nil {
			s.partialOf("DescribeBroker", "the subnets of brokers", aws.ToString(b.BrokerName), err)
		}
		items[i] = brokerItem(b, desc)
		return nil
	})
	if err != nil {
		return err
	}
	s.addPresent(items)
	return nil
}

// brokerItem writes a broker as AWS::AmazonMQ::Broker from its summary
// and, when it could be read, its description (nil: subnets unknown).
func brokerItem(b types.BrokerSummary, desc *mq.DescribeBrokerOutput) *item {
	name, id, arn := aws.ToString(b.BrokerName), aws.ToString(b.BrokerId), aws.ToString(b.BrokerArn)
	props := map[string]any{"BrokerName": name}
	if b.DeploymentMode != "" {
		props["DeploymentMode"] = string(b.DeploymentMode)
	}
	if b.EngineType != "" {
		props["EngineType"] = string(b.EngineType)
	}
	if b.HostInstanceType != nil {
		props["HostInstanceType"] = *b.HostInstanceType
	}
	if desc == nil {
		props["SubnetIds"] = unknown("mq:DescribeBroker")
	} else {
		props["SubnetIds"] = subnetRefs(desc.SubnetIds)
		if desc.EngineVersion != nil {
			props["EngineVersion"] = *desc.EngineVersion
		}
		if desc.PubliclyAccessible != nil {
			props["PubliclyAccessible"] = *desc.PubliclyAccessible
		}
		if len(desc.Tags) > 0 {
			props["Tags"] = tagMap(desc.Tags)
		}
	}
	if arn != "" {
		props[arnKey] = arn
	}
	return &item{id: "broker/" + name, typ: "AWS::AmazonMQ::Broker", props: props, physical: []string{id, arn, name}}
}
