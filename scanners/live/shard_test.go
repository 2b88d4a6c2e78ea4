package live

import (
	"fmt"
	"slices"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners/live/livetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseShard(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == JobIndexEnv {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		spec, index string
		want        Shard
		err         string
	}{
		{"1/1", "", Shard{1, 1}, ""},
		{"2/3", "", Shard{2, 3}, ""},
		{"3/3", "7", Shard{3, 3}, ""},
		{"auto/3", "0", Shard{1, 3}, ""},
		{"auto/3", "2", Shard{3, 3}, ""},
		{"auto/3", "3", Shard{}, `JOB_COMPLETION_INDEX="3" is not an index from 0 to 2`},
		{"auto/3", "-1", Shard{}, `is not an index from 0 to 2`},
		{"auto/3", "", Shard{}, "JOB_COMPLETION_INDEX is not set"},
		{"0/3", "", Shard{}, "K must be a number from 1 to 3"},
		{"4/3", "", Shard{}, "K must be a number from 1 to 3"},
		{"1/0", "", Shard{}, "want K/N"},
		{"3", "", Shard{}, "want K/N"},
		{"a/b", "", Shard{}, "want K/N"},
	}
	for _, tt := range tests {
		t.Run(tt.spec+"@"+tt.index, func(t *testing.T) {
			got, err := ParseShard(tt.spec, env(tt.index))
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestEveryPairInExactlyOneShard: for N = 1..5, over 40 accounts and
// every commercial Region plus "global", each pair is owned by exactly
// one shard, and every shard gets some.
func TestEveryPairInExactlyOneShard(t *testing.T) {
	regions := []string{"global", "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3",
		"eu-central-1", "eu-north-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-south-1", "sa-east-1", "ca-central-1"}
	for n := 1; n <= 5; n++ {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			per := make([]int, n+1)
			for a := range 40 {
				account := fmt.Sprintf("%012d", 100000000000+a*7919)
				for _, r := range regions {
					owners := 0
					for k := 1; k <= n; k++ {
						if (Shard{k, n}).Owns(account, r) {
							owners++
							per[k]++
						}
					}
					assert.Equal(t, 1, owners, "%s/%s", account, r)
				}
			}
			for k := 1; k <= n; k++ {
				assert.Greater(t, per[k], 0, "shard %d/%d is empty", k, n)
			}
		})
	}
	assert.True(t, Shard{}.Owns("111111111111", "eu-west-1"), "unsharded owns everything")
}

type shardFinding struct{ Rule, File, Resource string }

// TestShardedAuditEqualsTheWhole audits an organization of three
// accounts in three Regions (one holding every kind of resource and a
// stack that created a global Route 53 health check) whole, then in N
// shards for N = 2..5: the shards' Regions, resources and findings
// together are exactly the whole audit's, none twice, and every shard
// was drawn from the same run.
func TestShardedAuditEqualsTheWhole(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	f.Organization(management, 10,
		livetest.Member{ID: "111111111111", Name: "a", Status: "ACTIVE"},
		livetest.Member{ID: "222222222222", Name: "b", Status: "ACTIVE"},
		livetest.Member{ID: "333333333333", Name: "c", Status: "ACTIVE"})
	o := options(f, fixtureRegion, "eu-west-1", "ap-southeast-2")
	o.Org, o.OrgRole = true, DefaultOrgRole
	whole := audit(t, o)
	want := shardResult(t, whole)
	require.Len(t, whole.Scopes, 3*4, "three accounts, three Regions and global each")
	require.NotEmpty(t, want.findings)
	check := resource(whole, "aws://111111111111/"+fixtureRegion+"/web", "ApiCheck")
	require.NotNil(t, check)
	require.Contains(t, fmt.Sprint(check.Properties), "FailureThreshold:10", "the live health check joins its stack's template")
	for n := 2; n <= 5; n++ {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var got shardSet
			fingerprints := map[string]bool{}
			for k := 1; k <= n; k++ {
				o.Shard = Shard{k, n}
				inv := audit(t, o)
				part := shardResult(t, inv)
				got.scopes = append(got.scopes, part.scopes...)
				got.findings = append(got.findings, part.findings...)
				got.resources += part.resources
				got.models = append(got.models, part.models...)
				got.coverage = append(got.coverage, part.coverage...)
				fingerprints[inv.Run.Fingerprint] = true
				assert.Equal(t, Shard{k, n}, inv.Run.Shard)
			}
			slices.Sort(got.scopes)
			sortShardFindings(got.findings)
			assert.Equal(t, want.scopes, got.scopes)
			assert.Equal(t, want.resources, got.resources)
			assert.Equal(t, want.findings, got.findings)
			slices.Sort(got.models)
			assert.Equal(t, want.models, got.models, "the same resources, with the same live state")
			slices.Sort(got.coverage)
			assert.Equal(t, want.coverage, got.coverage, "each account, Region and service covered once, as in the whole")
			assert.Len(t, fingerprints, 1, "every shard is drawn from the same run")
			assert.NotContains(t, fingerprints, whole.Run.Fingerprint, "the shard count is part of the run")
		})
	}
}

type shardSet struct {
	scopes    []string
	findings  []shardFinding
	resources int
	// models: every resource the rules read, with its properties.
	models []string
	// coverage: each (account, Region, service) entry of the coverage list.
	coverage []string
}

func shardResult(t *testing.T, inv *Inventory) shardSet {
	res := evaluate(t, inv)
	_, resources := inv.Evaluable()
	s := shardSet{scopes: slices.Clone(inv.Scopes), resources: resources}
	for _, f := range res.Findings {
		s.findings = append(s.findings, shardFinding{f.RuleID, f.File, f.Resource})
	}
	for _, src := range inv.Sources {
		for _, r := range src.Template.Resources {
			s.models = append(s.models, fmt.Sprint(src.Template.File, " ", r.ID, " ", r.Type, " ", r.Properties))
		}
	}
	for _, c := range inv.Coverage {
		s.coverage = append(s.coverage, fmt.Sprint(c.Account, " ", c.Region, " ", c.Service, " ", c.Status))
	}
	slices.Sort(s.scopes)
	slices.Sort(s.models)
	slices.Sort(s.coverage)
	sortShardFindings(s.findings)
	return s
}

func sortShardFindings(f []shardFinding) {
	slices.SortFunc(f, func(a, b shardFinding) int {
		if c := fmt.Sprint(a.File, a.Resource, a.Rule); c != fmt.Sprint(b.File, b.Resource, b.Rule) {
			if c < fmt.Sprint(b.File, b.Resource, b.Rule) {
				return -1
			}
			return 1
		}
		return 0
	})
}

// TestOwnsFileOnce: every report location, a Region's, a stack's, the
// global services' or a template file's, is owned by exactly one shard.
func TestOwnsFileOnce(t *testing.T) {
	files := []string{"aws://111111111111/eu-west-1", "aws://111111111111/eu-west-1/web", "aws://222222222222/global",
		"aws://333333333333/us-east-1/orders-stack", "infra/orders.yaml", "aws://not-an-account/x", "aws://"}
	for n := 1; n <= 5; n++ {
		for _, f := range files {
			owners := 0
			for k := 1; k <= n; k++ {
				if (Shard{k, n}).OwnsFile(f) {
					owners++
				}
			}
			assert.Equal(t, 1, owners, "%s in %d shards", f, n)
		}
	}
	assert.Equal(t, Shard{2, 3}.Owns("111111111111", "eu-west-1"), Shard{2, 3}.OwnsFile("aws://111111111111/eu-west-1/web"),
		"a stack is in its Region's shard")
	assert.True(t, Shard{}.OwnsFile("infra/orders.yaml"))
}
