package live

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFailoverPairsLive runs the workload rule BW-HEALTH-CHECK-002 on an
// account's records: a failover PRIMARY whose SECONDARY is in the hosted
// zone passes, one without is reported; when the zone's listing fails
// after the first page, the records not read may hold that SECONDARY, so
// nothing in that zone is reported.
func TestFailoverPairsLive(t *testing.T) {
	record := func(name, set, role string) string {
		return `<ResourceRecordSet><Name>` + name + `</Name><Type>A</Type><SetIdentifier>` + set + `</SetIdentifier><Failover>` + role + `</Failover>` +
			`<TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>`
	}
	tests := []struct {
		name     string
		failPage bool
		want     []string
		diagnose string
	}{
		{name: "every page read", want: []string{"recordset/solo.example.com/A/primary"}},
		{name: "second page refused", failPage: true,
			diagnose: "service route53 (ListResourceRecordSets): access denied; unknown: the failover records of hosted zone example.com."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFront(t)
			f.Handle("*", "route53", "ListHostedZones", func(w http.ResponseWriter, r *livetest.Request) {
				livetest.RestXML(w, "ListHostedZonesResponse", `<HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name>`+
					`<CallerReference>r</CallerReference></HostedZone></HostedZones><IsTruncated>false</IsTruncated><Marker></Marker><MaxItems>100</MaxItems>`)
			})
			f.Handle("*", "route53", "ListResourceRecordSets", func(w http.ResponseWriter, r *livetest.Request) {
				if r.Form.Get("name") == "" {
					livetest.RestXML(w, "ListResourceRecordSetsResponse", `<ResourceRecordSets>`+
						record("api.example.com.", "primary", "PRIMARY")+record("solo.example.com.", "primary", "PRIMARY")+
						`</ResourceRecordSets><IsTruncated>true</IsTruncated><NextRecordName>standby.example.com.</NextRecordName><NextRecordType>A</NextRecordType><MaxItems>2</MaxItems>`)
					return
				}
				if tt.failPage {
					livetest.Error(w, r, 403, "AccessDenied", "not allowed")
					return
				}
				livetest.RestXML(w, "ListResourceRecordSetsResponse", `<ResourceRecordSets>`+record("api.example.com.", "secondary", "SECONDARY")+
					`</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>2</MaxItems>`)
			})
			o := options(f, "eu-west-3")
			o.Services = []string{"route53"}
			inv := audit(t, o)
			got := messages(inv.Diagnostics)
			if tt.diagnose == "" {
				assert.Empty(t, got)
			} else {
				require.Len(t, got, 1, "%q", got)
				assert.Contains(t, got[0], tt.diagnose)
			}
			global := "aws://" + livetest.Account + "/global"
			require.NotNil(t, resource(inv, global, "recordset/solo.example.com/A/primary"), "the records read are reported")
			var findings []string
			for _, fd := range evaluate(t, inv).Findings {
				if fd.RuleID == "BW-HEALTH-CHECK-002" {
					assert.Equal(t, global, fd.File)
					findings = append(findings, fd.Resource)
					assert.True(t, strings.HasPrefix(fd.Message, "Route 53 failover PRIMARY record recordset/solo.example.com/A/primary (solo.example.com A) has no SECONDARY"), fd.Message)
				}
			}
			assert.Equal(t, tt.want, findings)
		})
	}
}
