package livetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Fake sizes a Region the front serves alone, with AWS's page sizes, for
// pagination tests and the benchmark.
type Fake struct {
	Tables, Functions, LoadBalancers, TargetGroups int
	// PageSize overrides AWS's page sizes (100 tables, 50 functions, 400
	// load balancers) to force more pages.
	PageSize int
}

// Resources is how many resources the fake Region holds.
func (n Fake) Resources() int { return n.Tables + n.Functions + n.LoadBalancers + n.TargetGroups }

// FakeRegion serves a Region of n resources: tables (every third with
// point-in-time recovery), functions, load balancers over two subnets in
// two zones, and target groups.
func (f *Front) FakeRegion(region string, n Fake) {
	page := func(def int) int {
		if n.PageSize > 0 {
			return n.PageSize
		}
		return def
	}
	name := func(kind string, i int) string { return fmt.Sprintf("%s-%s-%04d", region, kind, i) }
	f.Handle(region, "dynamodb", "ListTables", func(w http.ResponseWriter, r *Request) {
		var in struct{ ExclusiveStartTableName string }
		_ = json.Unmarshal(r.Body, &in)
		start := 0
		if in.ExclusiveStartTableName != "" {
			start, _ = strconv.Atoi(in.ExclusiveStartTableName[strings.LastIndexByte(in.ExclusiveStartTableName, '-')+1:])
			start++
		}
		end := min(start+page(100), n.Tables)
		out := map[string]any{"TableNames": names(start, end, func(i int) string { return name("table", i) })}
		if end < n.Tables {
			out["LastEvaluatedTableName"] = name("table", end-1)
		}
		JSON(w, out)
	})
	f.Handle(region, "dynamodb", "DescribeTable", func(w http.ResponseWriter, r *Request) {
		var in struct{ TableName string }
		_ = json.Unmarshal(r.Body, &in)
		JSON(w, map[string]any{"Table": map[string]any{"TableName": in.TableName, "TableStatus": "ACTIVE",
			"TableArn":           "arn:aws:dynamodb:" + region + ":" + Account + ":table/" + in.TableName,
			"BillingModeSummary": map[string]any{"BillingMode": "PAY_PER_REQUEST"}}})
	})
	f.Handle(region, "dynamodb", "DescribeContinuousBackups", func(w http.ResponseWriter, r *Request) {
		var in struct{ TableName string }
		_ = json.Unmarshal(r.Body, &in)
		i, _ := strconv.Atoi(in.TableName[strings.LastIndexByte(in.TableName, '-')+1:])
		status := "DISABLED"
		if i%3 == 0 {
			status = "ENABLED"
		}
		JSON(w, map[string]any{"ContinuousBackupsDescription": map[string]any{"ContinuousBackupsStatus": "ENABLED",
			"PointInTimeRecoveryDescription": map[string]any{"PointInTimeRecoveryStatus": status}}})
	})
	f.Handle(region, "lambda", "ListFunctions", func(w http.ResponseWriter, r *Request) {
		start, _ := strconv.Atoi(r.Form.Get("Marker"))
		end := min(start+page(50), n.Functions)
		var fns []any
		for i := start; i < end; i++ {
			fn := name("fn", i)
			fns = append(fns, map[string]any{"FunctionName": fn, "FunctionArn": "arn:aws:lambda:" + region + ":" + Account + ":function:" + fn,
				"Runtime": "python3.12", "Handler": "app.handler", "Timeout": 3, "MemorySize": 128})
		}
		out := map[string]any{"Functions": fns}
		if end < n.Functions {
			out["NextMarker"] = strconv.Itoa(end)
		}
		JSON(w, out)
	})
	f.Handle(region, "elasticloadbalancing", "DescribeLoadBalancers", func(w http.ResponseWriter, r *Request) {
		start, _ := strconv.Atoi(r.Form.Get("Marker"))
		end := min(start+page(400), n.LoadBalancers)
		var b strings.Builder
		b.WriteString("<LoadBalancers>")
		for i := start; i < end; i++ {
			lb := name("lb", i)
			fmt.Fprintf(&b, "<member><LoadBalancerArn>arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/%s/1</LoadBalancerArn><LoadBalancerName>%s</LoadBalancerName><Type>application</Type><Scheme>internal</Scheme><AvailabilityZones><member><SubnetId>subnet-%sa</SubnetId><ZoneName>%sa</ZoneName></member><member><SubnetId>subnet-%sb</SubnetId><ZoneName>%sb</ZoneName></member></AvailabilityZones></member>",
				region, Account, lb, lb, region, region, region, region)
		}
		b.WriteString("</LoadBalancers>")
		if end < n.LoadBalancers {
			fmt.Fprintf(&b, "<NextMarker>%d</NextMarker>", end)
		}
		QueryXML(w, r, b.String())
	})
	f.Handle(region, "elasticloadbalancing", "DescribeTargetGroups", func(w http.ResponseWriter, r *Request) {
		start, _ := strconv.Atoi(r.Form.Get("Marker"))
		end := min(start+page(400), n.TargetGroups)
		var b strings.Builder
		b.WriteString("<TargetGroups>")
		for i := start; i < end; i++ {
			tg := name("tg", i)
			fmt.Fprintf(&b, "<member><TargetGroupArn>arn:aws:elasticloadbalancing:%s:%s:targetgroup/%s/1</TargetGroupArn><TargetGroupName>%s</TargetGroupName><TargetType>ip</TargetType><HealthCheckEnabled>true</HealthCheckEnabled><Protocol>HTTP</Protocol><Port>80</Port></member>",
				region, Account, tg, tg)
		}
		b.WriteString("</TargetGroups>")
		if end < n.TargetGroups {
			fmt.Fprintf(&b, "<NextMarker>%d</NextMarker>", end)
		}
		QueryXML(w, r, b.String())
	})
	f.Handle(region, "ec2", "DescribeSubnets", func(w http.ResponseWriter, r *Request) {
		EC2XML(w, r.Operation, fmt.Sprintf("<subnetSet><item><subnetId>subnet-%sa</subnetId><availabilityZone>%sa</availabilityZone><vpcId>vpc-1</vpcId></item><item><subnetId>subnet-%sb</subnetId><availabilityZone>%sb</availabilityZone><vpcId>vpc-1</vpcId></item></subnetSet>",
			region, region, region, region))
	})
}

func names(start, end int, name func(int) string) []string {
	out := []string{}
	for i := start; i < end; i++ {
		out = append(out, name(i))
	}
	return out
}
