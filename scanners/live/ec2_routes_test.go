package live

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ref(id string) map[string]any { return map[string]any{"Ref": id} }

func TestNatItem(t *testing.T) {
	tests := []struct {
		name string
		in   types.NatGateway
		want *item
	}{
		{"zonal", types.NatGateway{NatGatewayId: aws.String("nat-1"), SubnetId: aws.String("subnet-1"), VpcId: aws.String("vpc-1"),
			State: types.NatGatewayStateAvailable, ConnectivityType: types.ConnectivityTypePublic,
			Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("egress")}}},
			&item{id: "nat-1", typ: "AWS::EC2::NatGateway", physical: []string{"nat-1"}, props: map[string]any{
				"SubnetId": ref("subnet-1"), "ConnectivityType": "public",
				"Tags": []any{map[string]any{"Key": "Name", "Value": "egress"}}}}},
		{"regional: no subnet, its VPC", types.NatGateway{NatGatewayId: aws.String("nat-2"), VpcId: aws.String("vpc-1"),
			State: types.NatGatewayStatePending, AvailabilityMode: types.AvailabilityModeRegional},
			&item{id: "nat-2", typ: "AWS::EC2::NatGateway", physical: []string{"nat-2"}, props: map[string]any{
				"AvailabilityMode": "regional", "VpcId": "vpc-1"}}},
		{"deleted", types.NatGateway{NatGatewayId: aws.String("nat-3"), State: types.NatGatewayStateDeleted}, nil},
		{"deleting", types.NatGateway{NatGatewayId: aws.String("nat-4"), State: types.NatGatewayStateDeleting}, nil},
		{"failed", types.NatGateway{NatGatewayId: aws.String("nat-5"), State: types.NatGatewayStateFailed}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, natItem(tt.in))
		})
	}
}

func TestRouteItems(t *testing.T) {
	route := func(dest, nat, gw string, state types.RouteState) types.Route {
		r := types.Route{DestinationCidrBlock: aws.String(dest), State: state}
		if nat != "" {
			r.NatGatewayId = aws.String(nat)
		}
		if gw != "" {
			r.GatewayId = aws.String(gw)
		}
		return r
	}
	assoc := func(id, subnet string, main bool, state types.RouteTableAssociationStateCode) types.RouteTableAssociation {
		a := types.RouteTableAssociation{RouteTableAssociationId: aws.String(id), Main: aws.Bool(main)}
		if subnet != "" {
			a.SubnetId = aws.String(subnet)
		}
		if state != "" {
			a.AssociationState = &types.RouteTableAssociationState{State: state}
		}
		return a
	}
	subnets := map[string]subnet{"subnet-1": {az: "eu-west-1a", vpc: "vpc-1"}, "subnet-2": {az: "eu-west-1b", vpc: "vpc-1"},
		"subnet-3": {az: "eu-west-1c", vpc: "vpc-1"}, "subnet-9": {az: "eu-west-1a", vpc: "vpc-9"}}
	tables := []types.RouteTable{
		{RouteTableId: aws.String("rtb-main"), VpcId: aws.String("vpc-1"),
			Routes: []types.Route{route("10.0.0.0/16", "", "local", types.RouteStateActive), route("0.0.0.0/0", "", "igw-1", types.RouteStateActive)},
			Associations: []types.RouteTableAssociation{assoc("rtbassoc-main", "", true, types.RouteTableAssociationStateCodeAssociated),
				// An internet gateway's edge association: not a subnet's.
				{RouteTableAssociationId: aws.String("rtbassoc-edge"), GatewayId: aws.String("igw-1"), Main: aws.Bool(false)}}},
		{RouteTableId: aws.String("rtb-private"), VpcId: aws.String("vpc-1"),
			Routes: []types.Route{route("0.0.0.0/0", "nat-1", "", types.RouteStateActive), route("172.16.0.0/12", "nat-1", "", ""),
				route("10.9.0.0/16", "", "vgw-1", types.RouteStateActive), route("192.168.0.0/16", "nat-gone", "", types.RouteStateBlackhole)},
			Associations: []types.RouteTableAssociation{assoc("rtbassoc-1", "subnet-1", false, ""),
				assoc("rtbassoc-2", "subnet-2", false, types.RouteTableAssociationStateCodeAssociated),
				assoc("rtbassoc-old", "subnet-3", false, types.RouteTableAssociationStateCodeDisassociated)}},
	}
	got := map[string]*item{}
	for _, it := range routeItems(tables, subnets) {
		require.NotContains(t, got, it.id)
		got[it.id] = it
	}
	tests := []struct {
		id, typ  string
		props    map[string]any
		physical []string
	}{
		{"rtb-main", "AWS::EC2::RouteTable", map[string]any{"VpcId": "vpc-1"}, []string{"rtb-main"}},
		{"rtb-private", "AWS::EC2::RouteTable", map[string]any{"VpcId": "vpc-1"}, []string{"rtb-private"}},
		{"rtb-main|0.0.0.0/0", "AWS::EC2::Route", map[string]any{"RouteTableId": ref("rtb-main"), "DestinationCidrBlock": "0.0.0.0/0",
			"GatewayId": "igw-1"}, []string{"rtb-main|0.0.0.0/0"}},
		{"rtb-private|0.0.0.0/0", "AWS::EC2::Route", map[string]any{"RouteTableId": ref("rtb-private"), "DestinationCidrBlock": "0.0.0.0/0",
			"NatGatewayId": ref("nat-1")}, []string{"rtb-private|0.0.0.0/0"}},
		{"rtb-private|172.16.0.0/12", "AWS::EC2::Route", map[string]any{"RouteTableId": ref("rtb-private"), "DestinationCidrBlock": "172.16.0.0/12",
			"NatGatewayId": ref("nat-1")}, []string{"rtb-private|172.16.0.0/12"}},
		{"rtbassoc-1", "AWS::EC2::SubnetRouteTableAssociation", map[string]any{"SubnetId": ref("subnet-1"), "RouteTableId": ref("rtb-private")}, []string{"rtbassoc-1"}},
		{"rtbassoc-2", "AWS::EC2::SubnetRouteTableAssociation", map[string]any{"SubnetId": ref("subnet-2"), "RouteTableId": ref("rtb-private")}, []string{"rtbassoc-2"}},
		// subnet-3's own association is gone: it uses the main table.
		{"rtbassoc-main|subnet-3", "AWS::EC2::SubnetRouteTableAssociation", map[string]any{"SubnetId": ref("subnet-3"), "RouteTableId": ref("rtb-main")}, nil},
	}
	for _, tt := range tests {
		it := got[tt.id]
		if assert.NotNil(t, it, tt.id) {
			assert.Equal(t, tt.typ, it.typ, tt.id)
			assert.Equal(t, tt.props, it.props, tt.id)
			assert.Equal(t, tt.physical, it.physical, tt.id)
		}
	}
	assert.Len(t, got, len(tests), "no local route, no specific route to a virtual gateway, no blackhole route, no edge association, "+
		"no implicit association for subnet-9 (its VPC has no main table here)")
}

// TestNATZoneInKumo creates, in the emulator, private subnets of two zones
// whose default route goes to one NAT gateway in zone a (BW-MULTI-AZ-011
// reports that NAT gateway), and a VPC with one NAT gateway per zone, each
// zone's subnets routed to their own (no finding).
func TestNATZoneInKumo(t *testing.T) {
	f := newFront(t)
	ctx := context.Background()
	e := ec2.NewFromConfig(f.Config(f.Primary))
	vpcOf := func() string {
		out, err := e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.20.0.0/16")})
		require.NoError(t, err)
		return aws.ToString(out.Vpc.VpcId)
	}
	subnetIn := func(vpc, cidr, az string) string {
		out, err := e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String(cidr), AvailabilityZone: aws.String(az)})
		require.NoError(t, err)
		return aws.ToString(out.Subnet.SubnetId)
	}
	natIn := func(sn string) string {
		out, err := e.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(sn), AllocationId: aws.String("eipalloc-1")})
		require.NoError(t, err)
		return aws.ToString(out.NatGateway.NatGatewayId)
	}
	tableTo := func(vpc, nat string, subnets ...string) {
		out, err := e.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpc)})
		require.NoError(t, err)
		rtb := out.RouteTable.RouteTableId
		_, err = e.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rtb, DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String(nat)})
		require.NoError(t, err)
		for _, sn := range subnets {
			_, err := e.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: rtb, SubnetId: aws.String(sn)})
			require.NoError(t, err)
		}
	}
	shared := vpcOf()
	sharedNAT := natIn(subnetIn(shared, "10.20.0.0/24", "us-east-1a"))
	tableTo(shared, sharedNAT, subnetIn(shared, "10.20.1.0/24", "us-east-1a"), subnetIn(shared, "10.20.2.0/24", "us-east-1b"))
	zonal := vpcOf()
	natA := natIn(subnetIn(zonal, "10.20.0.0/24", "us-east-1a"))
	natB := natIn(subnetIn(zonal, "10.20.8.0/24", "us-east-1b"))
	tableTo(zonal, natA, subnetIn(zonal, "10.20.1.0/24", "us-east-1a"))
	tableTo(zonal, natB, subnetIn(zonal, "10.20.2.0/24", "us-east-1b"))

	o := options(f, f.Primary)
	o.Services = []string{"ec2"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	region := file(f.Primary)
	nat := resource(inv, region, sharedNAT)
	require.NotNil(t, nat)
	assert.Equal(t, "AWS::EC2::NatGateway", nat.Type)
	var got []string
	for _, fd := range evaluate(t, inv).Findings {
		if fd.RuleID == ruleNATZone && (fd.Resource == sharedNAT || fd.Resource == natA || fd.Resource == natB) {
			got = append(got, fd.Resource+": "+fd.Message)
		}
	}
	require.Len(t, got, 1, "%q", got)
	assert.True(t, strings.HasPrefix(got[0], sharedNAT+": NAT gateway "+sharedNAT+" is in us-east-1a, but the default route of subnets in us-east-1b ("), got[0])
}

// TestNATZoneMainTable follows the main route table of the fixture Region:
// with rtb-b associated, each zone uses its own NAT gateway; without,
// subnet-b falls back to the main table and nat-a in zone a. When the NAT
// gateways or the route tables cannot be read, the rule is not judged
// and the report says so.
func TestNATZoneMainTable(t *testing.T) {
	tests := []struct {
		name     string
		ownB     bool
		fail     string
		want     []string
		diagnose string
	}{
		{name: "one NAT gateway per zone", ownB: true},
		{name: "subnet-b through the main table", want: []string{"nat-a"}},
		{name: "NAT gateways denied", fail: "DescribeNatGateways",
			diagnose: "service ec2 (DescribeNatGateways): access denied; unknown: the NAT gateways (BW-MULTI-AZ-011 not judged)"},
		{name: "route tables denied", fail: "DescribeRouteTables",
			diagnose: "service ec2 (DescribeRouteTables): access denied; unknown: which subnets route through which NAT gateway (BW-MULTI-AZ-011 not judged)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			serveFixtures(f, fixtureRegion)
			serveFixturesRoutes(f, fixtureRegion, routeTablesXML(tt.ownB))
			if tt.fail != "" {
				f.Fail(fixtureRegion, "ec2", tt.fail, -1, 403, "UnauthorizedOperation")
			}
			o := options(f, fixtureRegion)
			o.Services = []string{"ec2"}
			inv := audit(t, o)
			got := messages(inv.Diagnostics)
			if tt.diagnose == "" {
				assert.Empty(t, got)
			} else {
				require.Len(t, got, 1, "%q", got)
				assert.Contains(t, got[0], tt.diagnose)
			}
			var nats []string
			for _, fd := range evaluate(t, inv).Findings {
				if fd.RuleID == ruleNATZone {
					nats = append(nats, fd.Resource)
					assert.Equal(t, "NAT gateway nat-a is in "+fixtureRegion+"a, but the default route of subnets in "+fixtureRegion+
						"b (subnet-b) goes to it: losing "+fixtureRegion+"a cuts their outbound traffic too", fd.Message)
				}
			}
			assert.Equal(t, tt.want, nats)
			src := source(inv, file(fixtureRegion)).Template
			assert.NotNil(t, src.Resource("subnet-b"), "the subnets stay resolved whatever failed")
		})
	}
}

// TestNATZoneInAStack: a NAT gateway, a route table, its default route and
// its associations created by a stack join the stack's template under
// their logical ids, with the live state; the references between them
// are renamed to those ids, so the rule follows them there and names the
// stack's NAT gateway. The main table outside the stack no longer finds
// that NAT gateway among the Region's resources: no guess there.
func TestNATZoneInAStack(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	tables := strings.Replace(routeTablesXML(true), `<natGatewayId>nat-b</natGatewayId>`, `<natGatewayId>nat-a</natGatewayId>`, 1)
	tables = strings.Replace(tables, `</associationSet><tagSet/></item></routeTableSet>`,
		`<item><routeTableAssociationId>rtbassoc-a2</routeTableAssociationId><routeTableId>rtb-b</routeTableId><subnetId>subnet-a2</subnetId>`+
			`<main>false</main></item></associationSet><tagSet/></item></routeTableSet>`, 1)
	serveFixturesRoutes(f, fixtureRegion, tables)
	f.Handle(fixtureRegion, "cloudformation", "GetTemplate", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, "<TemplateBody>"+livetest.X(webTemplate+`  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {SubnetId: subnet-b, AllocationId: eipalloc-1}
  PrivateTable:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: vpc-1}
  DefaultRoute:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref PrivateTable, DestinationCidrBlock: 0.0.0.0/0, NatGatewayId: !Ref Nat}
  AssocB:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: subnet-b, RouteTableId: !Ref PrivateTable}
  AssocA2:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: subnet-a2, RouteTableId: !Ref PrivateTable}
`)+"</TemplateBody>")
	})
	f.SetStackResources("web", livetest.StackResource{Logical: "Nat", Physical: "nat-a", Type: "AWS::EC2::NatGateway"},
		livetest.StackResource{Logical: "PrivateTable", Physical: "rtb-b", Type: "AWS::EC2::RouteTable"},
		livetest.StackResource{Logical: "DefaultRoute", Physical: "rtb-b|0.0.0.0/0", Type: "AWS::EC2::Route"},
		livetest.StackResource{Logical: "AssocB", Physical: "rtbassoc-b", Type: "AWS::EC2::SubnetRouteTableAssociation"},
		livetest.StackResource{Logical: "AssocA2", Physical: "rtbassoc-a2", Type: "AWS::EC2::SubnetRouteTableAssociation"})
	o := options(f, fixtureRegion)
	o.Services = []string{"ec2", "cloudformation"}
	inv := audit(t, o)
	assert.Empty(t, messages(inv.Diagnostics))
	stack := file(fixtureRegion) + "/web"
	nat := resource(inv, stack, "Nat")
	require.NotNil(t, nat)
	assert.Equal(t, ref("subnet-a"), nat.Properties["SubnetId"], "the live subnet replaces the template's")
	assert.Equal(t, "eipalloc-1", nat.Properties["AllocationId"], "the template keeps what the audit does not read")
	route := resource(inv, stack, "DefaultRoute")
	require.NotNil(t, route)
	assert.Equal(t, ref("Nat"), route.Properties["NatGatewayId"])
	assert.Equal(t, ref("PrivateTable"), route.Properties["RouteTableId"])
	assert.Nil(t, resource(inv, file(fixtureRegion), "nat-a"), "a stack's NAT gateway is not also reported loose")
	var got []string
	for _, fd := range evaluate(t, inv).Findings {
		if fd.RuleID == ruleNATZone {
			got = append(got, fd.File+" "+fd.Resource+": "+fd.Message)
		}
	}
	assert.Equal(t, []string{stack + " Nat: NAT gateway Nat is in " + fixtureRegion + "a, but the default route of subnets in " + fixtureRegion +
		"b (subnet-b) goes to it: losing " + fixtureRegion + "a cuts their outbound traffic too"}, got)
}
