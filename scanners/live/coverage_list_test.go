package live

import (
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
)

// TestCoverageListPerAccountAndRegion audits two Regions with four
// services selected: in one Region DynamoDB is denied as a whole and one
// Lambda call fails; every Region lists every service once, read, failed
// or skipped, with the reason.
func TestCoverageListPerAccountAndRegion(t *testing.T) {
	const good, bad = "ap-south-1", "sa-east-1"
	f := newFront(t)
	for _, r := range []string{good, bad} {
		f.FakeRegion(r, livetest.Fake{Tables: 2, Functions: 3})
	}
	f.Fail(bad, "dynamodb", "ListTables", -1, 400, "AccessDeniedException")
	f.Fail(bad, "lambda", "GetFunctionConcurrency", 1, 400, "AccessDeniedException")
	opts := options(f, good, bad)
	opts.Services = []string{"dynamodb", "ec2", "lambda", "route53"}
	inv := audit(t, opts)

	byRegion := map[string]map[string]Coverage{}
	for _, c := range inv.Coverage {
		assert.Equal(t, livetest.Account, c.Account)
		if byRegion[c.Region] == nil {
			byRegion[c.Region] = map[string]Coverage{}
		}
		assert.NotContains(t, byRegion[c.Region], c.Service, "one entry per service and Region")
		byRegion[c.Region][c.Service] = c
	}
	assert.Len(t, byRegion[good], len(Services())-len(GlobalServices()), "every regional service, selected or not")
	assert.ElementsMatch(t, GlobalServices(), coveredServices(byRegion["global"]), "every global service once, selected or not")
	assert.Equal(t, CoverageSkipped, byRegion["global"]["cloudfront"].Status)

	assert.Equal(t, Coverage{Account: livetest.Account, Region: good, Service: "dynamodb", Status: CoverageRead}, byRegion[good]["dynamodb"])
	assert.Equal(t, Coverage{Account: livetest.Account, Region: good, Service: "sqs", Status: CoverageSkipped, Reason: "not selected (--services)"}, byRegion[good]["sqs"])
	assert.Equal(t, CoverageRead, byRegion["global"]["route53"].Status)

	denied := byRegion[bad]["dynamodb"]
	assert.Equal(t, CoverageFailed, denied.Status)
	assert.Equal(t, "access denied (AccessDeniedException: injected by the test front)", denied.Reason)
	partly := byRegion[bad]["lambda"]
	assert.Equal(t, CoverageRead, partly.Status, "a service read with one call failing is read, its facts partly unknown")
	assert.Equal(t, "partly: 1 call failed (GetFunctionConcurrency: access denied); their facts are unknown", partly.Reason)
	assert.Equal(t, CoverageRead, byRegion[bad]["ec2"].Status)
}

func coveredServices[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
