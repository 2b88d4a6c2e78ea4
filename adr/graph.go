package adr

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// edge is one link of the dependency graph: from supersedes, amends or
// clarifies to.
type edge struct {
	from, to int
	label    string
}

// graphEdges are the links between records, each once, from the record
// that supersedes, amends or clarifies to the one it acts on. A link
// recorded only on the target's side (superseded_by, amended_by) counts
// too, so a half-recorded link still shows.
func graphEdges(records []*Record) []edge {
	var out []edge
	seen := map[edge]bool{}
	add := func(from, to int, label string) {
		e := edge{from, to, label}
		if from > 0 && to > 0 && from != to && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, r := range records {
		for _, id := range r.Supersedes {
			add(r.Number, mustNumber(id), "supersedes")
		}
		if r.Status == StatusSuperseded && r.SupersededBy != "" {
			add(mustNumber(r.SupersededBy), r.Number, "supersedes")
		}
		for _, rel := range relations {
			for _, id := range *rel.list(r, false) {
				add(r.Number, mustNumber(id), rel.name)
			}
			for _, id := range *rel.list(r, true) {
				add(mustNumber(id), r.Number, rel.name)
			}
		}
	}
	return out
}

// mermaidGraph is the dependency graph of the records as a Mermaid
// flowchart in a fenced block (GitHub renders it), or "" when no record
// links to another. Node ids are generated (adr7); labels are quoted,
// with every character that is not a letter, a digit, a space or plain
// punctuation written as a Mermaid entity (#34; for "), so a title cannot
// end the label, add a node or an edge, inject markup or close the fence.
func mermaidGraph(records []*Record, nl string) string {
	edges := graphEdges(records)
	if len(edges) == 0 {
		return ""
	}
	titles := map[int]string{}
	for _, r := range records {
		if _, dup := titles[r.Number]; !dup && r.Number > 0 {
			titles[r.Number] = r.Title
		}
	}
	var nodes []int
	inGraph := map[int]bool{}
	for _, e := range edges {
		for _, n := range []int{e.from, e.to} {
			if !inGraph[n] {
				inGraph[n] = true
				nodes = append(nodes, n)
			}
		}
	}
	slices.Sort(nodes)
	slices.SortFunc(edges, func(a, b edge) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to), strings.Compare(a.label, b.label))
	})
	var b strings.Builder
	b.WriteString("```mermaid" + nl + "flowchart LR" + nl)
	for _, n := range nodes {
		label := FormatID(n)
		if t, ok := titles[n]; ok && t != "" {
			label += ": " + t
		}
		fmt.Fprintf(&b, "  adr%d[\"%s\"]%s", n, mermaidText(label), nl)
	}
	for _, e := range edges {
		fmt.Fprintf(&b, "  adr%d -->|%s| adr%d%s", e.from, e.label, e.to, nl)
	}
	b.WriteString("```" + nl)
	return b.String()
}

// mermaidText writes a label's text: letters, digits, spaces and plain
// punctuation as they are, anything else as a #NNN; entity.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || strings.ContainsRune(".,:-'/()?!+", r):
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "#%d;", r)
		}
	}
	return b.String()
}
