package live

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ruleNATZone follows subnets' default routes to NAT gateways: without
// the route tables or the NAT gateways it has no evidence.
const ruleNATZone = "BW-MULTI-AZ-011"

// collectEC2 reads the Region's subnets, then its NAT gateways and route
// tables. The subnets only resolve zones: they join a source when one of
// its resources names them, and are not counted as resources. NAT
// gateways, route tables, their default routes and their subnet
// associations are resources, in CloudFormation's shapes, so the rules
// follow a subnet's default route to the zone of its NAT gateway as they
// do in a template.
func collectEC2(ctx context.Context, s *scope) error {
	if err := collectSubnets(ctx, s); err != nil {
		return err
	}
	client := ec2.NewFromConfig(s.cfg)
	np := ec2.NewDescribeNatGatewaysPaginator(client, &ec2.DescribeNatGatewaysInput{})
	nats, err := listAll(ctx, s, np, func(o *ec2.DescribeNatGatewaysOutput) []types.NatGateway { return o.NatGateways })
	if err != nil {
		s.partial("DescribeNatGateways", "the NAT gateways ("+ruleNATZone+" not judged)", err)
		s.uncheck(ruleNATZone, "NAT gateways could not be read")
	}
	for _, n := range nats {
		if it := natItem(n); it != nil {
			s.add(it)
		}
	}
	rp := ec2.NewDescribeRouteTablesPaginator(client, &ec2.DescribeRouteTablesInput{})
	tables, err := listAll(ctx, s, rp, func(o *ec2.DescribeRouteTablesOutput) []types.RouteTable { return o.RouteTables })
	if err != nil {
		// A partial list of tables could leave a subnet looking implicitly
		// associated with its VPC's main table: nothing is kept.
		s.partial("DescribeRouteTables", "which subnets route through which NAT gateway ("+ruleNATZone+" not judged)", err)
		s.uncheck(ruleNATZone, "route tables could not be read")
		return nil
	}
	s.mu.Lock()
	subnets := s.subnets
	s.mu.Unlock()
	s.add(routeItems(tables, subnets)...)
	return nil
}

// natItem is a NAT gateway as AWS::EC2::NatGateway, its subnet a reference
// (the assembled template carries that subnet with its zone). A gateway
// that is deleted, being deleted or failed routes nothing: nil.
func natItem(n types.NatGateway) *item {
	switch n.State {
	case types.NatGatewayStateDeleted, types.NatGatewayStateDeleting, types.NatGatewayStateFailed:
		return nil
	}
	id := aws.ToString(n.NatGatewayId)
	props := map[string]any{}
	if sn := aws.ToString(n.SubnetId); sn != "" {
		props["SubnetId"] = map[string]any{"Ref": sn}
	}
	if n.ConnectivityType != "" {
		props["ConnectivityType"] = string(n.ConnectivityType)
	}
	// A regional NAT gateway has no subnet: it spans the VPC's zones.
	if n.AvailabilityMode != "" {
		props["AvailabilityMode"] = string(n.AvailabilityMode)
	}
	if vpc := aws.ToString(n.VpcId); vpc != "" && n.AvailabilityMode == types.AvailabilityModeRegional {
		props["VpcId"] = vpc
	}
	if tags := ec2Tags(n.Tags); tags != nil {
		props["Tags"] = tags
	}
	return &item{id: id, typ: "AWS::EC2::NatGateway", props: props, physical: []string{id}}
}

// routeItems writes route tables in CloudFormation's resources: each table
// (AWS::EC2::RouteTable, id rtb-…), its routes that leave the VPC by
// default (0.0.0.0/0, ::/0) or through a NAT gateway (AWS::EC2::Route, id
// "rtb-…|destination"), and its subnet associations
// (AWS::EC2::SubnetRouteTableAssociation, id rtbassoc-…). A subnet with
// no association of its own uses its VPC's main route table: that
// implicit association is written too, with id "rtbassoc-…|subnet-…" (the
// main association's id and the subnet's), so a subnet's default route is
// followed whichever way it is set. References use the ids of the items
// they name, which a stack's logical ids replace when the stack created
// them.
func routeItems(tables []types.RouteTable, subnets map[string]subnet) []*item {
	var out []*item
	explicit := map[string]bool{}
	type mainTable struct{ table, assoc string }
	mains := map[string]mainTable{} // VPC -> its main route table
	for _, t := range tables {
		rtb := aws.ToString(t.RouteTableId)
		props := map[string]any{}
		if vpc := aws.ToString(t.VpcId); vpc != "" {
			props["VpcId"] = vpc
		}
		if tags := ec2Tags(t.Tags); tags != nil {
			props["Tags"] = tags
		}
		out = append(out, &item{id: rtb, typ: "AWS::EC2::RouteTable", props: props, physical: []string{rtb}})
		for _, r := range t.Routes {
			if it := routeItem(rtb, r); it != nil {
				out = append(out, it)
			}
		}
		for _, a := range t.Associations {
			if st := a.AssociationState; st != nil && st.State != types.RouteTableAssociationStateCodeAssociated &&
				st.State != types.RouteTableAssociationStateCodeAssociating {
				continue
			}
			id := aws.ToString(a.RouteTableAssociationId)
			if aws.ToBool(a.Main) {
				mains[aws.ToString(t.VpcId)] = mainTable{rtb, id}
				continue
			}
			sn := aws.ToString(a.SubnetId)
			if sn == "" {
				continue // a gateway's association, not a subnet's
			}
			explicit[sn] = true
			out = append(out, associationItem(id, sn, rtb, []string{id}))
		}
	}
	ids := make([]string, 0, len(subnets))
	for id := range subnets {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, sn := range ids {
		m, ok := mains[subnets[sn].vpc]
		if !ok || explicit[sn] {
			continue
		}
		out = append(out, associationItem(m.assoc+"|"+sn, sn, m.table, nil))
	}
	return out
}

func associationItem(id, subnet, table string, physical []string) *item {
	return &item{id: id, typ: "AWS::EC2::SubnetRouteTableAssociation", physical: physical,
		props: map[string]any{"SubnetId": map[string]any{"Ref": subnet}, "RouteTableId": map[string]any{"Ref": table}}}
}

// routeItem is one route of table rtb as AWS::EC2::Route, or nil for a
// route no rule follows (the VPC's local route, a more specific route to
// anything but a NAT gateway) and for a blackhole route, whose target is
// gone. Its physical id is "table|destination", the route's identifier in
// CloudFormation's resource registry; a stack whose route CloudFormation
// named otherwise keeps its template's route, and the live one stays
// outside the stack.
func routeItem(rtb string, r types.Route) *item {
	if r.State == types.RouteStateBlackhole {
		return nil
	}
	dest := ""
	props := map[string]any{"RouteTableId": map[string]any{"Ref": rtb}}
	for key, v := range map[string]*string{"DestinationCidrBlock": r.DestinationCidrBlock,
		"DestinationIpv6CidrBlock": r.DestinationIpv6CidrBlock, "DestinationPrefixListId": r.DestinationPrefixListId} {
		if v != nil && *v != "" {
			props[key] = *v
			dest = *v
		}
	}
	nat := aws.ToString(r.NatGatewayId)
	if dest == "" || (nat == "" && dest != "0.0.0.0/0" && dest != "::/0") {
		return nil
	}
	if nat != "" {
		props["NatGatewayId"] = map[string]any{"Ref": nat}
	}
	for key, v := range map[string]*string{"GatewayId": r.GatewayId, "TransitGatewayId": r.TransitGatewayId,
		"EgressOnlyInternetGatewayId": r.EgressOnlyInternetGatewayId, "InstanceId": r.InstanceId,
		"NetworkInterfaceId": r.NetworkInterfaceId, "VpcPeeringConnectionId": r.VpcPeeringConnectionId,
		"CarrierGatewayId": r.CarrierGatewayId, "LocalGatewayId": r.LocalGatewayId, "CoreNetworkArn": r.CoreNetworkArn} {
		if v != nil && *v != "" {
			props[key] = *v
		}
	}
	id := rtb + "|" + dest
	return &item{id: id, typ: "AWS::EC2::Route", props: props, physical: []string{id}}
}

// ec2Tags is an EC2 tag set in CloudFormation's list form, nil when empty.
func ec2Tags(tags []types.Tag) []any {
	if len(tags) == 0 {
		return nil
	}
	keys, values := make([]string, len(tags)), make([]string, len(tags))
	for i, t := range tags {
		keys[i], values[i] = aws.ToString(t.Key), aws.ToString(t.Value)
	}
	return tagList(keys, values)
}
