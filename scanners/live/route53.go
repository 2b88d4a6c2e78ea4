package live

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// ruleHealthCheckAlarm is the rule that needs CloudWatch alarms as
// evidence (a health check nobody watches).
const ruleHealthCheckAlarm = "BW-MONITORING-002"

// collectRoute53 reads health checks, the failover records of every
// hosted zone, and the CloudWatch alarms that watch health checks (in
// us-east-1, where Route 53 publishes its metrics). Route 53 is global:
// this runs once per account.
func collectRoute53(ctx context.Context, s *scope) error {
	client := route53.NewFromConfig(s.cfg)
	checks := map[string]bool{}
	hp := route53.NewListHealthChecksPaginator(client, &route53.ListHealthChecksInput{})
	err := s.pages(ctx, hp.HasMorePages, func(ctx context.Context) error {
		out, err := hp.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, hc := range out.HealthChecks {
			id := aws.ToString(hc.Id)
			checks[id] = true
			s.add(&item{id: "healthcheck/" + id, typ: "AWS::Route53::HealthCheck", physical: []string{id},
				props: map[string]any{"HealthCheckConfig": healthCheckConfig(hc.HealthCheckConfig)}})
		}
		return nil
	})
	if err != nil {
		return err
	}
	var zones []types.HostedZone
	zp := route53.NewListHostedZonesPaginator(client, &route53.ListHostedZonesInput{})
	err = s.pages(ctx, zp.HasMorePages, func(ctx context.Context) error {
		out, err := zp.NextPage(ctx)
		if err == nil {
			zones = append(zones, out.HostedZones...)
		}
		return err
	})
	if err != nil {
		return err
	}
	err = s.each(ctx, len(zones), func(ctx context.Context, i int) error {
		z := zones[i]
		rp := route53.NewListResourceRecordSetsPaginator(client, &route53.ListResourceRecordSetsInput{HostedZoneId: z.Id})
		err := s.pages(ctx, rp.HasMorePages, func(ctx context.Context) error {
			out, err := rp.NextPage(ctx)
			if err != nil {
				return err
			}
			for _, rr := range out.ResourceRecordSets {
				// Only records that take part in failover or health checking
				// matter to the rules; a zone's other records are not kept.
				if rr.Failover == "" && rr.HealthCheckId == nil {
					continue
				}
				s.add(recordItem(z, rr))
			}
			return nil
		})
		if err != nil {
			s.partial("ListResourceRecordSets", "the failover records of hosted zone "+aws.ToString(z.Name), err)
			s.add(unreadRecords(z))
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.alarms(ctx, checks)
	return nil
}

// unreadRecords stands for the records of a hosted zone that could not be
// read: a record set group of that zone whose RecordSets is unknown. A
// failover PRIMARY that was read may have its SECONDARY among them, and
// the rules count such a group as possibly holding any record of its
// zone, so the PRIMARY is not reported as alone on a guess.
func unreadRecords(z types.HostedZone) *item {
	id := strings.TrimPrefix(aws.ToString(z.Id), "/hostedzone/")
	return &item{id: "recordsetgroup/" + id + "/unread", typ: "AWS::Route53::RecordSetGroup",
		props: map[string]any{"HostedZoneId": id, "HostedZoneName": aws.ToString(z.Name),
			"RecordSets": unknown("route53:ListResourceRecordSets")}}
}

func healthCheckConfig(c *types.HealthCheckConfig) map[string]any {
	out := map[string]any{}
	if c == nil {
		return out
	}
	out["Type"] = string(c.Type)
	str := map[string]*string{"FullyQualifiedDomainName": c.FullyQualifiedDomainName, "IPAddress": c.IPAddress,
		"ResourcePath": c.ResourcePath, "SearchString": c.SearchString}
	for k, v := range str {
		if v != nil {
			out[k] = *v
		}
	}
	num := map[string]*int32{"RequestInterval": c.RequestInterval, "FailureThreshold": c.FailureThreshold,
		"Port": c.Port, "HealthThreshold": c.HealthThreshold}
	for k, v := range num {
		if v != nil {
			out[k] = int64(*v)
		}
	}
	for k, v := range map[string]*bool{"Inverted": c.Inverted, "Disabled": c.Disabled, "MeasureLatency": c.MeasureLatency, "EnableSNI": c.EnableSNI} {
		if v != nil {
			out[k] = *v
		}
	}
	if len(c.ChildHealthChecks) > 0 {
		var children []any
		for _, id := range c.ChildHealthChecks {
			children = append(children, map[string]any{"Ref": "healthcheck/" + id})
		}
		out["ChildHealthChecks"] = children
	}
	if c.AlarmIdentifier != nil {
		out["AlarmIdentifier"] = map[string]any{"Name": aws.ToString(c.AlarmIdentifier.Name), "Region": string(c.AlarmIdentifier.Region)}
	}
	if c.InsufficientDataHealthStatus != "" {
		out["InsufficientDataHealthStatus"] = string(c.InsufficientDataHealthStatus)
	}
	return out
}

func recordItem(z types.HostedZone, rr types.ResourceRecordSet) *item {
	name := aws.ToString(rr.Name)
	props := map[string]any{"HostedZoneId": strings.TrimPrefix(aws.ToString(z.Id), "/hostedzone/"),
		"HostedZoneName": aws.ToString(z.Name), "Name": name, "Type": string(rr.Type)}
	id := "recordset/" + strings.TrimSuffix(name, ".") + "/" + string(rr.Type)
	if rr.SetIdentifier != nil {
		props["SetIdentifier"] = *rr.SetIdentifier
		id += "/" + *rr.SetIdentifier
	}
	if rr.Failover != "" {
		props["Failover"] = string(rr.Failover)
	}
	if rr.HealthCheckId != nil {
		props["HealthCheckId"] = *rr.HealthCheckId
	}
	if rr.TTL != nil {
		props["TTL"] = strconv.FormatInt(*rr.TTL, 10)
	}
	if rr.Weight != nil {
		props["Weight"] = *rr.Weight
	}
	if rr.AliasTarget != nil {
		props["AliasTarget"] = map[string]any{"DNSName": aws.ToString(rr.AliasTarget.DNSName),
			"HostedZoneId": aws.ToString(rr.AliasTarget.HostedZoneId), "EvaluateTargetHealth": rr.AliasTarget.EvaluateTargetHealth}
	}
	var values []string
	for _, r := range rr.ResourceRecords {
		values = append(values, aws.ToString(r.Value))
	}
	if len(values) > 0 {
		props["ResourceRecords"] = anyList(values)
	}
	return &item{id: id, typ: "AWS::Route53::RecordSet", props: props, physical: []string{strings.TrimSuffix(name, ".")}}
}

// alarms reads the CloudWatch alarms on Route 53 metrics, so a watched
// health check is not reported as unwatched. When they cannot be read,
// the rule that needs them is not judged.
func (s *scope) alarms(ctx context.Context, checks map[string]bool) {
	cfg := s.cfg.Copy()
	cfg.Region = "us-east-1"
	if strings.HasPrefix(s.cfg.Region, "cn-") || strings.HasPrefix(s.cfg.Region, "us-gov-") {
		cfg.Region = s.cfg.Region
	}
	client := cloudwatch.NewFromConfig(cfg)
	p := cloudwatch.NewDescribeAlarmsPaginator(client, &cloudwatch.DescribeAlarmsInput{})
	err := s.pages(ctx, p.HasMorePages, func(ctx context.Context) error {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range out.MetricAlarms {
			if it := alarmItem(a, checks); it != nil {
				s.add(it)
			}
		}
		return nil
	})
	if err != nil {
		s.partial("cloudwatch:DescribeAlarms", "which health checks an alarm watches ("+ruleHealthCheckAlarm+" not judged)", err)
		s.uncheck(ruleHealthCheckAlarm, "CloudWatch alarms could not be read")
	}
}

// alarmItem keeps an alarm that watches a Route 53 metric, with its
// HealthCheckId dimensions pointing at the health checks they name.
func alarmItem(a cwtypes.MetricAlarm, checks map[string]bool) *item {
	return metricAlarmItem(a, "AWS/Route53", func(name, value string) any {
		if name == "HealthCheckId" && checks[value] {
			return map[string]any{"Ref": "healthcheck/" + value}
		}
		return value
	})
}

// metricAlarmItem is an alarm in CloudFormation's shape if one of its
// metrics is in namespace, else nil: the audit keeps only the alarms a
// rule asks about. ref, when set, turns a dimension value into a
// reference to the resource it names.
func metricAlarmItem(a cwtypes.MetricAlarm, namespace string, ref func(name, value string) any) *item {
	dims := func(list []cwtypes.Dimension) []any {
		out := []any{}
		for _, d := range list {
			var v any = aws.ToString(d.Value)
			if ref != nil {
				v = ref(aws.ToString(d.Name), aws.ToString(d.Value))
			}
			out = append(out, map[string]any{"Name": aws.ToString(d.Name), "Value": v})
		}
		return out
	}
	props := map[string]any{}
	matches := aws.ToString(a.Namespace) == namespace
	if a.MetricName != nil {
		props["MetricName"] = *a.MetricName
		props["Namespace"] = aws.ToString(a.Namespace)
		props["Dimensions"] = dims(a.Dimensions)
	}
	var metrics []any
	for _, q := range a.Metrics {
		m := map[string]any{"Id": aws.ToString(q.Id)}
		if q.Expression != nil {
			m["Expression"] = *q.Expression
		}
		if st := q.MetricStat; st != nil && st.Metric != nil {
			matches = matches || aws.ToString(st.Metric.Namespace) == namespace
			m["MetricStat"] = map[string]any{"Metric": map[string]any{"MetricName": aws.ToString(st.Metric.MetricName),
				"Namespace": aws.ToString(st.Metric.Namespace), "Dimensions": dims(st.Metric.Dimensions)}}
		}
		metrics = append(metrics, m)
	}
	if !matches {
		return nil
	}
	if len(metrics) > 0 {
		props["Metrics"] = metrics
	}
	name := aws.ToString(a.AlarmName)
	return &item{id: "alarm/" + name, typ: "AWS::CloudWatch::Alarm", props: props, physical: []string{name}}
}
