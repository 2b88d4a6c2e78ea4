package report

import (
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"html/template"
	"math"
	"slices"
	"strings"
)

// The charts of the HTML report are HTML and CSS, not SVG: their text
// keeps the page's size on a 390 px phone and on paper, where a scaled
// SVG's would shrink. Each shows what no table of the report does: where
// the failing findings are (folder by concern), and how far each
// workload's recovery estimates are from its targets on one time scale.

const (
	heatMaxRows     = 12 // folders in the distribution chart; the rest are one row
	recoveryMaxRows = 12 // workloads in the recovery chart
)

// distributionChart is a table of failing findings by folder (or
// account) and concern, each cell shaded by its count and showing it.
func distributionChart(v *WAView) template.HTML {
	var concerns []string
	seen := map[string]bool{}
	for _, g := range v.Groups {
		for c := range g.Concerns {
			seen[c] = true
		}
	}
	for _, c := range finding.Concerns {
		if seen[c] {
			concerns = append(concerns, c)
			delete(seen, c)
		}
	}
	concerns = append(concerns, sortedKeys(seen)...)
	if len(concerns) == 0 {
		return template.HTML(`<p class="muted">No failing findings to chart.</p>`)
	}
	type row struct {
		name, link string
		cells      map[string]int
		total      int
	}
	var rows []row
	other := row{cells: map[string]int{}}
	others := 0
	most := 1
	for _, g := range v.Groups {
		if g.Count.Fail == 0 {
			continue
		}
		if len(rows) < heatMaxRows {
			rows = append(rows, row{name: g.Name, link: g.Anchor + "-f", cells: g.Concerns, total: g.Count.Fail})
			for _, n := range g.Concerns {
				most = max(most, n)
			}
			continue
		}
		others++
		other.total += g.Count.Fail
		for c, n := range g.Concerns {
			other.cells[c] += n
		}
	}
	if others > 0 {
		other.name = pluralize(others, "other folder")
		for _, n := range other.cells {
			most = max(most, n)
		}
		rows = append(rows, other)
	}
	var b strings.Builder
	f := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	b.WriteString(`<div class="chart-wrap"><table class="heat">`)
	f(`<caption class="legend">A darker cell has more failing findings; the last column is the folder's total.</caption>`)
	b.WriteString(`<thead><tr><th scope="col" class="heat-name">Folder or account</th>`)
	for _, c := range concerns {
		f(`<th scope="col" class="heat-col"><span>%s</span></th>`, esc(c))
	}
	b.WriteString(`<th scope="col" class="heat-col heat-total"><span>all</span></th></tr></thead><tbody>`)
	for _, r := range rows {
		name := esc(r.name)
		if r.link != "" {
			name = `<a href="#` + esc(r.link) + `">` + name + `</a>`
		}
		f(`<tr><th scope="row" class="heat-name">%s</th>`, name)
		for _, c := range concerns {
			n := r.cells[c]
			if n == 0 {
				f(`<td class="heat-cell h0"><span class="sr-only">0</span></td>`)
				continue
			}
			level := min(4, int(math.Ceil(4*float64(n)/float64(most))))
			f(`<td class="heat-cell h%d" title="%s: %d failing %s">%d</td>`, level, esc(r.name), n, esc(c), n)
		}
		f(`<td class="heat-cell heat-total">%d</td></tr>`, r.total)
	}
	b.WriteString(`</tbody></table></div>`)
	return template.HTML(b.String()) // every text in it is escaped
}

// recoveryTicks mark the log scale of the recovery chart, 1 s to 30 days:
// few enough that their labels never overlap on a phone.
var recoveryTicks = []int64{1, 60, 3600, 86400, 30 * 86400}

// recoveryPos is where s seconds sit on the chart's log scale, in percent.
func recoveryPos(s int64) float64 {
	f := math.Log10(math.Max(float64(s), 1)) / math.Log10(30*86400)
	return math.Round(math.Min(f, 1)*1000) / 10
}

// recoveryChart shows, for the workloads with a tier (those missing it
// first), the RPO and RTO estimates against the targets on one log scale
// of time: the green band reaches the target, the mark is the estimate.
func recoveryChart(v *WAView) template.HTML {
	var ws []WAWorkload
	for _, w := range v.Workloads {
		if w.Tier != 0 && w.Targets != nil {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		return template.HTML(`<p class="muted">No workload has a tier: there are no targets to chart.</p>`)
	}
	rank := map[string]int{"fail": 0, "unknown": 1, "pass": 2}
	slices.SortStableFunc(ws, func(a, b WAWorkload) int {
		if d := rank[a.Mark.Class] - rank[b.Mark.Class]; d != 0 {
			return d
		}
		return a.Tier - b.Tier
	})
	hidden := max(0, len(ws)-recoveryMaxRows)
	ws = ws[:len(ws)-hidden]

	var b strings.Builder
	f := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	b.WriteString(`<div class="rc">`)
	axis := func(class string) {
		f(`<div class="rc-axis %s" aria-hidden="true"><span class="rc-k"></span><span class="rc-scale">`, class)
		for _, t := range recoveryTicks {
			f(`<span class="rc-tick" style="left:%.1f%%">%s</span>`, recoveryPos(t), estimate.FormatSeconds(t))
		}
		b.WriteString(`</span><span class="rc-v"></span></div>`)
	}
	axis("top")
	b.WriteString(`<ul class="rc-rows">`)
	for _, w := range ws {
		f(`<li><p class="rc-name"><a href="#%s">%s</a> <span class="mark %s"><span aria-hidden="true">%s</span> %s</span> <span class="small muted">tier %d</span></p>`,
			w.Anchor(w.Index), esc(w.Path), w.Mark.Class, w.Mark.Icon, esc(w.Mark.Text), w.Tier)
		for _, r := range []struct {
			name, words string
			est         estimate.Estimate
			target      int64
		}{{"RPO", "data loss", w.RPO, w.Targets.RPOSeconds}, {"RTO", "downtime", w.RTO, w.Targets.RTOSeconds}} {
			target := r.target
			m := estimateMark(r.est, &target)
			f(`<div class="rc-track"><span class="rc-k" title="%s">%s</span><span class="rc-scale">`, r.words, r.name)
			f(`<span class="rc-within" style="width:%.1f%%"></span><span class="rc-target" style="left:%.1f%%"></span>`,
				recoveryPos(target), recoveryPos(target))
			switch {
			case r.est.Seconds != nil:
				hollow := ""
				if r.est.Unknown {
					hollow = " hollow"
				}
				f(`<span class="rc-est %s%s" style="left:%.1f%%"></span>`, m.Class, hollow, recoveryPos(*r.est.Seconds))
			case r.est.Text == "unbounded":
				f(`<span class="rc-unbounded %s"></span>`, m.Class)
			}
			text := r.est.Text
			if r.est.Text == "unbounded" {
				text = "no recovery"
			}
			f(`</span><span class="rc-v mark-%s"><span aria-hidden="true">%s</span> %s <span class="muted">/ ≤ %s</span>`,
				m.Class, m.Icon, esc(text), estimate.FormatSeconds(target))
			f(`<span class="sr-only">: %s %s</span></span></div>`, r.name, esc(estimateSentence(r.est, &target)))
		}
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul>`)
	axis("bottom")
	if hidden > 0 {
		f(`<p class="small muted">and %s more workloads with a tier in the table below.</p>`, thousands(hidden))
	}
	b.WriteString(`</div>`)
	return template.HTML(b.String()) // every text in it is escaped
}
