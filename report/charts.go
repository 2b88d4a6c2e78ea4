package report

import (
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/estimate"
	"html/template"
	"math"
	"strings"
)

// The inline SVG charts of the HTML report. Each one is self-contained
// (its ids carry a prefix), is an image to assistive technology with a
// <title> and a <desc> holding its numbers, and writes every number as
// text, so colour is never the only signal. Styles come from the report's
// stylesheet (classes), so a replacement template can restyle them.

type svg struct{ strings.Builder }

func (b *svg) f(format string, args ...any) { fmt.Fprintf(&b.Builder, format, args...) }

var esc = template.HTMLEscapeString

// open starts an <svg> labelled by its title and description.
func (b *svg) open(id string, width, height int, title, desc string) {
	b.f(`<svg class="chart" id="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">`,
		id, width, height, width, height, id, id)
	b.f(`<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

func (b *svg) html() template.HTML {
	b.WriteString("</svg>")
	return template.HTML(b.String()) // every text in it is escaped
}

// hatch defines the hatched fill of suppressed findings.
func (b *svg) hatch(id string) {
	b.f(`<defs><pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>`, id)
}

// countsText is "18 failing · 2 suppressed", or "none".
func countsText(c WACount) string {
	var parts []string
	if c.Fail > 0 {
		parts = append(parts, fmt.Sprintf("%d failing", c.Fail))
	}
	if c.Suppressed > 0 {
		parts = append(parts, fmt.Sprintf("%d suppressed", c.Suppressed))
	}
	if c.Baselined > 0 {
		parts = append(parts, fmt.Sprintf("%d baselined", c.Baselined))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " · ")
}

// severityChart is a horizontal bar per severity: failing (solid),
// suppressed (hatched) and baselined (light) findings, with the counts.
func severityChart(v *WAView) template.HTML {
	const width, labelW, textW, rowH, top = 520, 76, 178, 28, 6
	barW := width - labelW - textW - 12
	most := 1
	var desc []string
	for _, c := range v.Severities {
		most = max(most, c.Total())
		desc = append(desc, c.Name+": "+countsText(c))
	}
	legendY := top + len(v.Severities)*rowH + 16
	var b svg
	b.open("chart-severity", width, legendY+16, "Findings by severity", strings.Join(desc, "; ")+".")
	b.hatch("chart-severity-hatch")
	for i, c := range v.Severities {
		y := top + i*rowH
		b.f(`<text x="%d" y="%d" class="label" text-anchor="end" dominant-baseline="middle">%s</text>`, labelW-8, y+rowH/2, esc(c.Name))
		b.f(`<rect x="%d" y="%d" width="%d" height="%d" class="track"/>`, labelW, y+6, barW, rowH-12)
		x := labelW
		for _, seg := range []struct {
			n          int
			class, txt string
		}{{c.Fail, "seg-fail", "failing"}, {c.Suppressed, "seg-suppressed", "suppressed"}, {c.Baselined, "seg-baselined", "baselined"}} {
			if seg.n == 0 {
				continue
			}
			w := max(2, seg.n*barW/most)
			fill := ""
			if seg.class == "seg-suppressed" {
				fill = ` fill="url(#chart-severity-hatch)"`
			}
			b.f(`<rect x="%d" y="%d" width="%d" height="%d" class="%s"%s><title>%d %s %s</title></rect>`,
				x, y+6, w, rowH-12, seg.class, fill, seg.n, esc(c.Name), seg.txt)
			x += w
		}
		b.f(`<text x="%d" y="%d" class="value" dominant-baseline="middle">%s</text>`, labelW+barW+10, y+rowH/2, esc(countsText(c)))
	}
	x := labelW
	for _, l := range []struct{ class, fill, txt string }{
		{"seg-fail", "", "failing"}, {"seg-suppressed", ` fill="url(#chart-severity-hatch)"`, "suppressed"}, {"seg-baselined", "", "baselined"},
	} {
		b.f(`<rect x="%d" y="%d" width="14" height="12" class="%s"%s/>`, x, legendY-6, l.class, l.fill)
		b.f(`<text x="%d" y="%d" class="legend" dominant-baseline="middle">%s</text>`, x+20, legendY, l.txt)
		x += 100
	}
	return b.html()
}

// concernChart is a matrix of concerns by status: the rules that check
// each concern, and its failing, suppressed and baselined findings, shaded
// by count, with the verdict in words.
func concernChart(v *WAView) template.HTML {
	const labelW, cellW, statusW, rowH, headH = 104, 70, 160, 26, 30
	width := labelW + 4*cellW + statusW
	height := headH + len(v.Concerns)*rowH + 4
	most := 1
	var desc []string
	for _, c := range v.Concerns {
		most = max(most, c.Fail, c.Suppressed, c.Baselined)
		desc = append(desc, fmt.Sprintf("%s: %d rules, %s, %s", c.Name, c.Rules, countsText(c.WACount), c.Mark.Text))
	}
	var b svg
	b.open("chart-concerns", width, height, "Findings by concern and status", strings.Join(desc, "; ")+".")
	for i, h := range []string{"rules", "failing", "suppressed", "baselined"} {
		b.f(`<text x="%d" y="%d" class="head" text-anchor="middle">%s</text>`, labelW+i*cellW+cellW/2, headH-10, h)
	}
	b.f(`<text x="%d" y="%d" class="head">status</text>`, labelW+4*cellW+10, headH-10)
	for r, c := range v.Concerns {
		y := headH + r*rowH
		b.f(`<text x="%d" y="%d" class="label" text-anchor="end" dominant-baseline="middle">%s</text>`, labelW-8, y+rowH/2, esc(c.Name))
		for i, cell := range []struct {
			n     int
			heat  string
			title string
		}{{c.Rules, "", "rules"}, {c.Fail, "heat-fail", "failing"}, {c.Suppressed, "heat-warn", "suppressed"}, {c.Baselined, "heat-muted", "baselined"}} {
			x := labelW + i*cellW
			class, opacity, text := "cell", "", "cell-text"
			if cell.heat != "" && cell.n > 0 {
				ratio := float64(cell.n) / float64(most)
				class = "cell " + cell.heat
				opacity = fmt.Sprintf(` fill-opacity="%.2f"`, 0.18+0.72*ratio)
				if ratio > 0.55 {
					text = "cell-text on-dark"
				}
			}
			b.f(`<rect x="%d" y="%d" width="%d" height="%d" class="%s"%s><title>%s: %d %s</title></rect>`,
				x+1, y+1, cellW-2, rowH-2, class, opacity, esc(c.Name), cell.n, cell.title)
			b.f(`<text x="%d" y="%d" class="%s" text-anchor="middle" dominant-baseline="middle">%d</text>`, x+cellW/2, y+rowH/2, text, cell.n)
		}
		b.f(`<text x="%d" y="%d" class="mark-%s" dominant-baseline="middle">%s %s</text>`,
			labelW+4*cellW+10, y+rowH/2, c.Mark.Class, c.Mark.Icon, esc(c.Mark.Text))
	}
	return b.html()
}

// tierTicks mark the log scale of the RPO/RTO chart: 1 s to 30 days.
var tierTicks = []int64{1, 60, 300, 3600, 4 * 3600, 86400, 7 * 86400, 30 * 86400}

// tierChart draws a workload's RPO and RTO estimates against its tier's
// targets on a log scale: the band up to the target is where the estimate
// must fall; the diamond is the estimate, with its verdict in words.
func tierChart(w WAWorkload, index int) template.HTML {
	const width, left, right, rowGap, top = 640, 52, 28, 66, 38
	plotW := width - left - right
	maxS := float64(tierTicks[len(tierTicks)-1])
	xOf := func(s int64) int {
		f := math.Log10(math.Max(float64(s), 1)) / math.Log10(maxS)
		return left + int(math.Round(math.Min(f, 1)*float64(plotW)))
	}
	var targets [2]*int64
	if w.Targets != nil && w.Tier != 0 {
		targets = [2]*int64{&w.Targets.RPOSeconds, &w.Targets.RTOSeconds}
	}
	rows := []struct {
		name   string
		est    estimate.Estimate
		target *int64
	}{{"RPO", w.RPO, targets[0]}, {"RTO", w.RTO, targets[1]}}
	axisY := top + len(rows)*rowGap - 18
	id := fmt.Sprintf("chart-tier-%d", index+1)
	var desc []string
	for _, r := range rows {
		desc = append(desc, r.name+": "+estimateSentence(r.est, r.target))
	}
	var b svg
	b.open(id, width, axisY+34, "RPO and RTO of "+w.Name+": estimate against target", strings.Join(desc, " ")+" Log scale.")
	for _, t := range tierTicks {
		x := xOf(t)
		b.f(`<line x1="%d" y1="%d" x2="%d" y2="%d" class="grid"/>`, x, top-26, x, axisY)
		b.f(`<text x="%d" y="%d" class="tick" text-anchor="middle">%s</text>`, x, axisY+16, estimate.FormatSeconds(t))
	}
	b.f(`<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>`, left, axisY, left+plotW, axisY)
	b.f(`<text x="%d" y="%d" class="tick" text-anchor="end">log scale</text>`, left+plotW, axisY+30)
	anchor := func(x int) string {
		switch {
		case x > left+plotW*7/10:
			return "end"
		case x < left+plotW*3/10:
			return "start"
		}
		return "middle"
	}
	for i, r := range rows {
		y := top + i*rowGap
		b.f(`<text x="%d" y="%d" class="label" text-anchor="end" dominant-baseline="middle">%s</text>`, left-8, y, r.name)
		b.f(`<line x1="%d" y1="%d" x2="%d" y2="%d" class="track-line"/>`, left, y, left+plotW, y)
		if r.target != nil {
			tx := xOf(*r.target)
			b.f(`<rect x="%d" y="%d" width="%d" height="16" class="within"><title>within target: up to %s</title></rect>`,
				left, y-8, max(tx-left, 1), estimate.FormatSeconds(*r.target))
			b.f(`<line x1="%d" y1="%d" x2="%d" y2="%d" class="target"/>`, tx, y-12, tx, y+12)
			b.f(`<text x="%d" y="%d" class="target-label" text-anchor="%s">target ≤ %s</text>`, tx, y-15, anchor(tx), estimate.FormatSeconds(*r.target))
		} else {
			b.f(`<text x="%d" y="%d" class="no-target" text-anchor="start">no target: tier not set</text>`, left, y-15)
		}
		m := estimateMark(r.est, r.target)
		label := "estimate " + r.est.Text
		if r.target != nil {
			label += " " + m.Icon + " " + m.Text
		}
		switch {
		case r.est.Seconds != nil:
			x := xOf(*r.est.Seconds)
			fill := ""
			if r.est.Unknown {
				fill = " hollow"
			}
			b.f(`<polygon points="%d,%d %d,%d %d,%d %d,%d" class="est est-%s%s"><title>%s</title></polygon>`,
				x, y-8, x+8, y, x, y+8, x-8, y, m.Class, fill, esc(label))
			b.f(`<text x="%d" y="%d" class="est-label mark-%s" text-anchor="%s">%s</text>`, x, y+24, m.Class, anchor(x), esc(label))
		case r.est.Text == "unbounded":
			end := left + plotW
			b.f(`<line x1="%d" y1="%d" x2="%d" y2="%d" class="est-line est-%s"/>`, left, y, end-8, y, m.Class)
			b.f(`<polygon points="%d,%d %d,%d %d,%d" class="est est-%s"><title>%s</title></polygon>`, end-10, y-7, end+2, y, end-10, y+7, m.Class, esc(label))
			b.f(`<text x="%d" y="%d" class="est-label mark-%s" text-anchor="end">%s (no recovery mechanism)</text>`, end, y+24, m.Class, esc(label))
		default:
			b.f(`<text x="%d" y="%d" class="est-label mark-%s" text-anchor="start">%s</text>`, left, y+24, m.Class, esc(label))
		}
	}
	return b.html()
}

// estimateMark judges one estimate against its target. An unknown
// estimate that may be better (a resource's) or worse (a workload's worst,
// "at least") than its figure is unknown when that could flip the verdict.
func estimateMark(e estimate.Estimate, target *int64) Mark {
	switch {
	case target == nil:
		return Mark{"muted", "", "no target"}
	case e.Seconds == nil && e.Unknown:
		return Mark{"unknown", "?", "unknown"}
	case e.Seconds == nil && e.Text == "unbounded":
		return Mark{"fail", "✖", "misses target"}
	case e.Seconds == nil:
		return Mark{"muted", "", "nothing to estimate"}
	}
	within := *e.Seconds <= *target
	switch {
	case within && e.Unknown && e.AtLeast, !within && e.Unknown && !e.AtLeast:
		return Mark{"unknown", "?", "unknown"}
	case within:
		return Mark{"pass", "✔", "within target"}
	}
	return Mark{"fail", "✖", "misses target"}
}

func estimateSentence(e estimate.Estimate, target *int64) string {
	s := "estimate " + e.Text
	if target != nil {
		s += ", target ≤ " + estimate.FormatSeconds(*target) + " (" + estimateMark(e, target).Text + ")"
	}
	return s + "."
}
