package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
)

// Shard is, in the report of one slice of a sharded audit (bulwark audit
// --shard K/N), which slice it is and what the whole audit was drawn
// from, so that merging the slices can tell a missing one from a
// complete set and refuse slices of different audits.
type Shard struct {
	Index int `json:"index"` // K, from 1
	Count int `json:"count"` // N
	// Fingerprint names the audit's definition: its accounts, Regions,
	// services and N. Every shard of one audit has the same.
	Fingerprint string   `json:"fingerprint"`
	Accounts    []string `json:"accounts"`
	Regions     []string `json:"regions"` // ["*"]: every Region enabled for each account
	Services    []string `json:"services"`
}

func (s *Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// CheckShards looks at reports about to be merged (names say where each
// came from). Reports of no sharded audit pass. Shards are merged only
// with the other shards of the same audit: a report that is not one of
// them, a shard of another audit, or one shard given twice is an error.
// Each shard of the audit that is not among them is a warning returned
// as a diagnostic: the merged report would lack the pairs it owns.
func CheckShards(names []string, reports []*Report) ([]scanners.Diagnostic, error) {
	first := slices.IndexFunc(reports, func(r *Report) bool { return r.Shard != nil })
	if first < 0 {
		return nil, nil
	}
	ref := reports[first].Shard
	seen := map[int]string{}
	for i, r := range reports {
		s := r.Shard
		switch {
		case s == nil:
			return nil, fmt.Errorf("%s is shard %s of a sharded audit, but %s is not a shard: merge the shards of one audit on their own", names[first], ref, names[i])
		case s.Count != ref.Count || s.Fingerprint != ref.Fingerprint:
			return nil, fmt.Errorf("%s (shard %s) and %s (shard %s) are shards of different audits (%s): merge the shards of one run",
				names[first], ref, names[i], s, difference(ref, s))
		case s.Index < 1 || s.Index > s.Count:
			return nil, fmt.Errorf("%s: shard %s is not a shard of %d", names[i], s, s.Count)
		case seen[s.Index] != "":
			return nil, fmt.Errorf("shard %s is given twice: %s and %s", s, seen[s.Index], names[i])
		}
		seen[s.Index] = names[i]
	}
	var missing []scanners.Diagnostic
	for k := 1; k <= ref.Count; k++ {
		if seen[k] == "" {
			missing = append(missing, scanners.Diagnostic{File: "audit " + ref.Fingerprint, Severity: scanners.SeverityWarning,
				Message: fmt.Sprintf("shard %d/%d is missing: the accounts and Regions it audits are not in this report", k, ref.Count)})
		}
	}
	return missing, nil
}

// difference says how two shards' audits differ, in the words a user
// can check against the command lines.
func difference(a, b *Shard) string {
	var out []string
	if a.Count != b.Count {
		out = append(out, fmt.Sprintf("%d shards and %d", a.Count, b.Count))
	}
	for _, d := range []struct {
		what string
		x, y []string
	}{{"accounts", a.Accounts, b.Accounts}, {"Regions", a.Regions, b.Regions}, {"services", a.Services, b.Services}} {
		if !slices.Equal(d.x, d.y) {
			out = append(out, fmt.Sprintf("%s %s and %s", d.what, list(d.x), list(d.y)))
		}
	}
	if len(out) == 0 {
		out = append(out, "fingerprints "+a.Fingerprint+" and "+b.Fingerprint)
	}
	return strings.Join(out, "; ")
}

func list(s []string) string {
	const most = 5
	if len(s) > most {
		return strings.Join(s[:most], ",") + fmt.Sprintf(",… (%d)", len(s))
	}
	return strings.Join(s, ",")
}

// oneAudit reports whether every report is a shard of the same audit:
// their coverage notes about the organization (an account skipped, a
// role denied) are then said once, not once per shard.
func oneAudit(reports []*Report) bool {
	for _, r := range reports {
		if r.Shard == nil || r.Shard.Fingerprint != reports[0].Shard.Fingerprint {
			return false
		}
	}
	return len(reports) > 0
}

func uniqueDiagnostics(diags []scanners.Diagnostic) []scanners.Diagnostic {
	out := diags[:0:0]
	seen := map[scanners.Diagnostic]bool{}
	for _, d := range diags {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}
