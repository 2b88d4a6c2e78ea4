package live

import (
	"net/http"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
)

// serveFixturesData serves, in the fixture Region, the resources of the
// data-store and capacity collectors (load balancer attributes, ...)
// in AWS's exact wire format.
func serveFixturesData(f *livetest.Front, region string) {
	query := func(inner string) livetest.Handler {
		return func(w http.ResponseWriter, r *livetest.Request) { livetest.QueryXML(w, r, inner) }
	}
	f.Handle(region, "elasticloadbalancing", "DescribeLoadBalancerAttributes", query(`<Attributes>`+
		`<member><Key>deletion_protection.enabled</Key><Value>false</Value></member>`+
		`<member><Key>idle_timeout.timeout_seconds</Key><Value>60</Value></member></Attributes>`))
}
