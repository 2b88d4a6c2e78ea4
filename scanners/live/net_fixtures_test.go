package live

import (
	stdjson "encoding/json"
	"fmt"
	"net/http"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
)

// serveFixturesNet serves, in region, the network resources of the
// fixture Region (NAT gateways and route tables), an OpenSearch domain and
// a Classic Load Balancer, in AWS's wire formats (EC2 XML, REST-JSON, the
// Classic Load Balancer API's query XML). All of them pass their rules:
// one NAT gateway per zone, a zone-aware domain with three data and three
// master nodes, a load balancer over two zones with cross-zone balancing.
func serveFixturesNet(f *livetest.Front, region string) {
	serveFixturesRoutes(f, region, routeTablesXML(true))
	serveFixturesOpenSearch(f, region)
	serveFixturesClassicELB(f, region)
}

// netFixtureResources counts the resources serveFixturesNet serves: 2 NAT
// gateways (nat-old is deleted), 2 route tables, their 2 default routes
// (the blackhole route is left out), rtbassoc-b and the main table's
// implicit associations of subnet-a and subnet-a2, 1 domain, 1 load
// balancer.
const netFixtureResources = 2 + 2 + 2 + 3 + 1 + 1

// serveFixturesRoutes: nat-a in subnet-a (zone a), nat-b in subnet-b
// (zone b); the VPC's main table sends 0.0.0.0/0 to nat-a, so subnet-a
// and subnet-a2, which have no table of their own, use nat-a; tables is
// the DescribeRouteTables answer (routeTablesXML).
func serveFixturesRoutes(f *livetest.Front, region, tables string) {
	f.Handle(region, "ec2", "DescribeNatGateways", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.EC2XML(w, r.Operation, `<natGatewaySet>`+
			`<item><natGatewayId>nat-a</natGatewayId><subnetId>subnet-a</subnetId><vpcId>vpc-1</vpcId><state>available</state><connectivityType>public</connectivityType>`+
			`<availabilityMode>zonal</availabilityMode><tagSet><item><key>Name</key><value>nat-a</value></item></tagSet></item>`+
			`<item><natGatewayId>nat-b</natGatewayId><subnetId>subnet-b</subnetId><vpcId>vpc-1</vpcId><state>available</state><connectivityType>public</connectivityType></item>`+
			`<item><natGatewayId>nat-old</natGatewayId><subnetId>subnet-b</subnetId><vpcId>vpc-1</vpcId><state>deleted</state><connectivityType>public</connectivityType></item>`+
			`</natGatewaySet>`)
	})
	f.Handle(region, "ec2", "DescribeRouteTables", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.EC2XML(w, r.Operation, tables)
	})
}

// routeTablesXML is the fixture Region's route tables: the main table
// (local route, 0.0.0.0/0 to nat-a) and rtb-b (0.0.0.0/0 to nat-b, a
// blackhole route to a deleted NAT gateway), associated with subnet-b
// when ownB, else with nothing (subnet-b then uses the main table).
func routeTablesXML(ownB bool) string {
	assocB := ""
	if ownB {
		assocB = `<item><routeTableAssociationId>rtbassoc-b</routeTableAssociationId><routeTableId>rtb-b</routeTableId><subnetId>subnet-b</subnetId>` +
			`<main>false</main><associationState><state>associated</state></associationState></item>`
	}
	return `<routeTableSet>` +
		`<item><routeTableId>rtb-main</routeTableId><vpcId>vpc-1</vpcId><routeSet>` +
		`<item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item>` +
		`<item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-a</natGatewayId><state>active</state><origin>CreateRoute</origin></item>` +
		`</routeSet><associationSet><item><routeTableAssociationId>rtbassoc-main</routeTableAssociationId><routeTableId>rtb-main</routeTableId>` +
		`<main>true</main><associationState><state>associated</state></associationState></item></associationSet><tagSet/></item>` +
		`<item><routeTableId>rtb-b</routeTableId><vpcId>vpc-1</vpcId><routeSet>` +
		`<item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item>` +
		`<item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-b</natGatewayId><state>active</state><origin>CreateRoute</origin></item>` +
		`<item><destinationCidrBlock>192.168.0.0/16</destinationCidrBlock><natGatewayId>nat-old</natGatewayId><state>blackhole</state><origin>CreateRoute</origin></item>` +
		`</routeSet><associationSet>` + assocB + `</associationSet><tagSet/></item>` +
		`</routeTableSet>`
}

// serveFixturesOpenSearch: domain "search", zone-aware over three zones
// with three data nodes and three dedicated masters.
func serveFixturesOpenSearch(f *livetest.Front, region string) {
	f.Handle(region, "es", "ListDomainNames", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"DomainNames": []any{map[string]any{"DomainName": "search", "EngineType": "OpenSearch"}}})
	})
	f.Handle(region, "es", "DescribeDomains", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.JSON(w, map[string]any{"DomainStatusList": []any{domainStatus(region, "search", map[string]any{
			"InstanceType": "r6g.large.search", "InstanceCount": 3, "ZoneAwarenessEnabled": true,
			"ZoneAwarenessConfig": map[string]any{"AvailabilityZoneCount": 3}, "DedicatedMasterEnabled": true,
			"DedicatedMasterType": "m6g.large.search", "DedicatedMasterCount": 3, "WarmEnabled": false})}})
	})
}

// domainStatus is one DomainStatus of a DescribeDomains answer.
func domainStatus(region, name string, cluster map[string]any) map[string]any {
	return map[string]any{"DomainName": name, "DomainId": livetest.Account + "/" + name,
		"ARN":     fmt.Sprintf("arn:aws:es:%s:%s:domain/%s", region, livetest.Account, name),
		"Created": true, "Deleted": false, "EngineVersion": "OpenSearch_2.13", "ClusterConfig": cluster,
		"EBSOptions": map[string]any{"EBSEnabled": true, "VolumeType": "gp3", "VolumeSize": 100}}
}

// describeDomainsNames reads the domain names of a DescribeDomains request.
func describeDomainsNames(r *livetest.Request) []string {
	var in struct{ DomainNames []string }
	_ = stdjson.Unmarshal(r.Body, &in)
	return in.DomainNames
}

// serveFixturesClassicELB: "classic-web" over subnet-a and subnet-b with
// cross-zone load balancing, in the Classic Load Balancer API's format.
func serveFixturesClassicELB(f *livetest.Front, region string) {
	f.Handle(region, "elb", "DescribeLoadBalancers", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, `<LoadBalancerDescriptions>`+classicLBXML("classic-web", []string{region + "a", region + "b"}, []string{"subnet-a", "subnet-b"})+
			`</LoadBalancerDescriptions>`)
	})
	f.Handle(region, "elb", "DescribeLoadBalancerAttributes", func(w http.ResponseWriter, r *livetest.Request) {
		livetest.QueryXML(w, r, classicAttributesXML(true))
	})
}

// classicLBXML is one LoadBalancerDescriptions member.
func classicLBXML(name string, zones, subnets []string) string {
	list := func(values []string) string {
		out := ""
		for _, v := range values {
			out += "<member>" + v + "</member>"
		}
		return out
	}
	vpc := ""
	if len(subnets) > 0 {
		vpc = "<VPCId>vpc-1</VPCId>"
	}
	return `<member><LoadBalancerName>` + name + `</LoadBalancerName><DNSName>` + name + `.elb.amazonaws.com</DNSName><Scheme>internet-facing</Scheme>` +
		`<AvailabilityZones>` + list(zones) + `</AvailabilityZones><Subnets>` + list(subnets) + `</Subnets>` + vpc +
		`<HealthCheck><Target>HTTP:80/health</Target><Interval>30</Interval><Timeout>5</Timeout><UnhealthyThreshold>2</UnhealthyThreshold><HealthyThreshold>10</HealthyThreshold></HealthCheck>` +
		`<Instances><member><InstanceId>i-1</InstanceId></member></Instances><CreatedTime>2026-01-01T00:00:00Z</CreatedTime></member>`
}

// classicAttributesXML is a DescribeLoadBalancerAttributes result.
func classicAttributesXML(crossZone bool) string {
	return fmt.Sprintf(`<LoadBalancerAttributes><CrossZoneLoadBalancing><Enabled>%t</Enabled></CrossZoneLoadBalancing>`+
		`<ConnectionDraining><Enabled>true</Enabled><Timeout>300</Timeout></ConnectionDraining>`+
		`<AccessLog><Enabled>false</Enabled></AccessLog><ConnectionSettings><IdleTimeout>60</IdleTimeout></ConnectionSettings></LoadBalancerAttributes>`, crossZone)
}
