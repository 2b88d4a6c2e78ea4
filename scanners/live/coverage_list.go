package live

import (
	"fmt"
	"sort"
	"strings"
)

// Coverage is what the audit made of one service in one account and
// Region: read, failed (a coverage gap: the rules saw none of its
// resources there) or skipped (not selected with --services). A service
// read with some per-resource calls failing is read, its Reason saying
// which facts are unknown.
type Coverage struct {
	Account string
	Region  string // "global" for Route 53; "" when the account itself failed
	Service string
	Status  string // CoverageRead, CoverageFailed or CoverageSkipped
	Reason  string
}

// Coverage statuses.
const (
	CoverageRead    = "read"
	CoverageFailed  = "failed"
	CoverageSkipped = "skipped"
)

// coverageList says, for every account and Region audited, what became of
// each service: one entry per collector, the unselected ones included, so
// a reader sees what the audit did not look at as well as what failed.
// Accounts that could not be reached at all (their identity or Regions
// unknown) have one failed entry with no Region.
func coverageList(tasks []task, failed, ran []bool, selected []collector, data []*regionData, accountGaps []gap) []Coverage {
	var out []Coverage
	for _, g := range accountGaps {
		kind, detail := classify(g.err)
		out = append(out, Coverage{Account: g.account, Service: g.service, Status: CoverageFailed, Reason: coverageReason(kind, detail)})
	}
	taskOf := map[[2]any]int{}
	for i, t := range tasks {
		taskOf[[2]any{t.data, t.c.name}] = i
	}
	chosen := map[string]bool{}
	for _, c := range selected {
		chosen[c.name] = true
	}
	for _, d := range data {
		if d.aux {
			continue // read by a shard only to place global resources: the owning shard reports it
		}
		for _, c := range collectors {
			if c.global != (d.region == "global") {
				continue
			}
			e := Coverage{Account: d.account, Region: d.region, Service: c.name, Status: CoverageRead}
			i, ok := taskOf[[2]any{d, c.name}]
			switch {
			case !chosen[c.name]:
				e.Status, e.Reason = CoverageSkipped, "not selected (--services)"
			case !ok || !ran[i]:
				e.Status, e.Reason = CoverageFailed, "not read: the audit was interrupted"
			case failed[i]:
				e.Status, e.Reason = CoverageFailed, fatalReason(d.gaps, c.name)
			default:
				e.Reason = partialReason(d.gaps, c.name)
			}
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Service < b.Service
	})
	return out
}

func coverageReason(kind, detail string) string {
	if detail == "" {
		return kind
	}
	return kind + " (" + detail + ")"
}

// fatalReason is why a service's collector failed as a whole.
func fatalReason(gaps []gap, service string) string {
	for _, g := range gaps {
		if g.service == service && g.fatal {
			return coverageReason(classify(g.err))
		}
	}
	return kindFailed
}

// partialReason names the facts left unknown in a service that was read,
// or "" when every call succeeded.
func partialReason(gaps []gap, service string) string {
	var ops []string
	seen := map[string]bool{}
	n := 0
	for _, g := range gaps {
		if g.service != service || g.fatal {
			continue
		}
		n++
		kind, _ := classify(g.err)
		op := g.op + ": " + kind
		if !seen[op] {
			seen[op] = true
			ops = append(ops, op)
		}
	}
	if n == 0 {
		return ""
	}
	sort.Strings(ops)
	return fmt.Sprintf("partly: %d %s failed (%s); their facts are unknown", n, coveragePlural(n, "call"), strings.Join(ops, "; "))
}

func coveragePlural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
