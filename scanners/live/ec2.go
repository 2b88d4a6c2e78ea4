package live

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// collectSubnets reads the Region's subnets for one fact: the zone each
// is in. Templates can only say "two subnets"; the account says whether
// they are in two Availability Zones.
func collectSubnets(ctx context.Context, s *scope) error {
	client := ec2.NewFromConfig(s.cfg)
	found := map[string]subnet{}
	p := ec2.NewDescribeSubnetsPaginator(client, &ec2.DescribeSubnetsInput{})
	err := s.pages(ctx, p.HasMorePages, func(ctx context.Context) error {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sn := range out.Subnets {
			found[aws.ToString(sn.SubnetId)] = subnet{az: aws.ToString(sn.AvailabilityZone),
				azID: aws.ToString(sn.AvailabilityZoneId), vpc: aws.ToString(sn.VpcId)}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subnets = found
	return nil
}
