package adr

import (
	"bytes"
	"fmt"
	"strings"
)

// SetStatus changes record n's status in both places it lives, the front
// matter's status line and the status line under ## Status, and nothing
// else; the index is refreshed. Superseded is set by Supersede, which
// knows by which record; a superseded record keeps its status. A record
// with empty required sections cannot become Accepted: lint would fail
// it. It returns the record's path.
func SetStatus(o Options, n int, status string) (string, error) {
	dir := o.dir()
	st := CanonicalStatus(status)
	switch st {
	case "":
		return "", fmt.Errorf("unknown status %q: use %s", status, strings.Join(Statuses[:4], ", "))
	case StatusSuperseded:
		return "", fmt.Errorf("a record becomes Superseded by another one: use bulwark adr supersede %d", n)
	}
	p, err := findParsed(dir, n)
	if err != nil {
		return "", err
	}
	if p.rec.Status == StatusSuperseded {
		return "", fmt.Errorf("%s is superseded by %s: its status stays", p.rec.ID, orNone(p.rec.SupersededBy))
	}
	if st == StatusAccepted {
		if empty := emptySections(p.rec); len(empty) > 0 {
			return "", fmt.Errorf("%s cannot be Accepted yet: write its %s first (adr lint fails an Accepted record with empty sections)",
				p.rec.ID, strings.Join(empty, ", "))
		}
	}
	out, err := statusEdited(p, st)
	if err != nil {
		return "", err
	}
	if bytes.Equal(out, p.raw) {
		return p.rec.File, nil
	}
	if err := writeAtomic(dir, p.rec.File, out); err != nil {
		return "", err
	}
	return p.rec.File, refreshIndex(dir)
}

// statusEdited returns p's content with both status lines saying status.
func statusEdited(p *parsed, status string) ([]byte, error) {
	if p.statusStart < 0 {
		return nil, fmt.Errorf("%s has no status line under ## Status to change", p.rec.File)
	}
	if p.fm.statusLine > 0 && !p.fm.oneLine["status"] {
		return nil, errUnusual(p)
	}
	edits := []edit{{p.statusStart, p.statusEnd, status}}
	if p.fm.statusLine > 0 {
		s, e, _ := lineRange(p.raw, p.fm.statusLine)
		edits = append(edits, edit{s, e, p.fm.indent + "status: " + status})
	}
	out := applyEdits(p.raw, edits)
	err := checkEdited(p, out, func(q *parsed) bool {
		return q.rec.Status == status && (q.fm.statusLine == 0 || CanonicalStatus(q.fm.status) == status)
	})
	return out, err
}

// emptySections names the required sections of rec that are empty or
// missing, as "## Decision".
func emptySections(rec *Record) []string {
	var out []string
	for _, want := range RequiredSections {
		if sectionEmpty(rec, want) {
			out = append(out, "## "+want)
		}
	}
	return out
}
