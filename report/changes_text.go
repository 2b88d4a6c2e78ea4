package report

import (
	"fmt"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// changesCounts is the summary of the changes in words: "3 new, 2 fixed,
// 15 unchanged (1 moved); 1 tier verdict changed; workloads: 1 added".
func changesCounts(s ChangeSummary, strong func(string) string) string {
	counts := fmt.Sprintf("%d new", s.New)
	if s.New > 0 {
		counts = strong(counts)
	}
	counts += fmt.Sprintf(", %d fixed, %d unchanged", s.Fixed, s.Unchanged)
	if s.Moved > 0 {
		counts += fmt.Sprintf(" (%d moved)", s.Moved)
	}
	if s.Gone > 0 {
		counts += fmt.Sprintf(", %d gone with their workload", s.Gone)
	}
	parts := []string{counts}
	if s.TierChanges > 0 {
		verb := "s changed"
		if s.TierChanges == 1 {
			verb = " changed"
		}
		parts = append(parts, fmt.Sprintf("%d tier verdict%s", s.TierChanges, verb))
	}
	var ws []string
	if s.WorkloadsAdded > 0 {
		ws = append(ws, fmt.Sprintf("%d added", s.WorkloadsAdded))
	}
	if s.WorkloadsRemoved > 0 {
		ws = append(ws, fmt.Sprintf("%d removed", s.WorkloadsRemoved))
	}
	if len(ws) > 0 {
		parts = append(parts, "workloads: "+strings.Join(ws, ", "))
	}
	return strings.Join(parts, "; ")
}

// writeChangesLine ends the text report with one line on what changed
// since the previous report, when there was one.
func writeChangesLine(d *textDoc, c *Changes) {
	if c == nil {
		return
	}
	d.printf("since %s: %s\n", inert.String(c.Previous), changesCounts(c.Summary, func(s string) string { return s }))
}

// mdChangesLine is the pull-request comment's "since previous" line.
func mdChangesLine(c *Changes) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("\n_Since %s: %s._\n", mdCode(c.Previous), changesCounts(c.Summary, func(s string) string { return "**" + s + "**" }))
}
