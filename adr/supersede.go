package adr

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// edit replaces raw[start:end] with text (an insertion when start == end).
type edit struct {
	start, end int
	text       string
}

func applyEdits(raw []byte, edits []edit) []byte {
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := append([]byte(nil), raw...)
	for _, e := range edits {
		out = append(out[:e.start], append([]byte(e.text), out[e.end:]...)...)
	}
	return out
}

// lineRange is the byte range of a 1-based line of raw, without its line
// ending; next is the offset of the following line.
func lineRange(raw []byte, line int) (start, end, next int) {
	for i := 1; i < line; i++ {
		k := bytes.IndexByte(raw[start:], '\n')
		if k < 0 {
			return len(raw), len(raw), len(raw)
		}
		start += k + 1
	}
	end = start
	if k := bytes.IndexByte(raw[start:], '\n'); k >= 0 {
		end, next = start+k, start+k+1
	} else {
		end, next = len(raw), len(raw)
	}
	if end > start && raw[end-1] == '\r' {
		end--
	}
	return start, end, next
}

// supersededEdits marks p superseded by record newID (file newFile):
// the status line under ## Status and the front matter's status and
// superseded_by lines, nothing else.
func supersededEdits(p *parsed, newID, newFile string) ([]edit, error) {
	if p.statusStart < 0 {
		return nil, fmt.Errorf("%s has no status line under ## Status to mark superseded", p.rec.File)
	}
	edits := []edit{{p.statusStart, p.statusEnd, fmt.Sprintf("Superseded by [%s](%s)", newID, newFile)}}
	if p.fm.statusLine > 0 && !p.fm.oneLine["status"] || p.fm.supersededByLine > 0 && !p.fm.oneLine["superseded_by"] {
		return nil, errUnusual(p)
	}
	if p.fm.statusLine > 0 {
		nl := lineEnding(p.raw)
		s, e, next := lineRange(p.raw, p.fm.statusLine)
		edits = append(edits, edit{s, e, p.fm.indent + "status: " + StatusSuperseded})
		if p.fm.supersededByLine > 0 {
			s, e, _ := lineRange(p.raw, p.fm.supersededByLine)
			edits = append(edits, edit{s, e, p.fm.indent + "superseded_by: " + newID})
		} else {
			edits = append(edits, edit{next, next, p.fm.indent + "superseded_by: " + newID + nl})
		}
	}
	return edits, nil
}

// supersedesEdits records in p that it supersedes oldID (file oldFile):
// the front matter's supersedes list and a "Supersedes [..](..)" paragraph
// after the status line.
func supersedesEdits(p *parsed, oldID, oldFile string) ([]edit, error) {
	if contains(p.rec.Supersedes, oldID) {
		return nil, nil
	}
	if p.fm.supersedesLine > 0 && p.fm.supersedesLastLine == 0 && !p.fm.oneLine["supersedes"] {
		return nil, errUnusual(p)
	}
	nl := lineEnding(p.raw)
	var edits []edit
	if p.statusParaEnd >= 0 {
		edits = append(edits, edit{p.statusParaEnd, p.statusParaEnd, nl + nl + fmt.Sprintf("Supersedes [%s](%s)", oldID, oldFile)})
	}
	switch {
	case p.fm.supersedesLastLine > 0:
		// A block list: copy the last item's "  - " and add a line.
		s, e, next := lineRange(p.raw, p.fm.supersedesLastLine)
		line := string(p.raw[s:e])
		prefix := line[:len(line)-len(strings.TrimLeft(line, " -"))]
		edits = append(edits, edit{next, next, prefix + oldID + nl})
	case p.fm.supersedesLine > 0:
		s, e, _ := lineRange(p.raw, p.fm.supersedesLine)
		edits = append(edits, edit{s, e, p.fm.indent + "supersedes: " + yamlList(append(append([]string(nil), p.fm.supersedes...), oldID))})
	case p.fm.statusLine > 0:
		_, _, next := lineRange(p.raw, p.fm.statusLine)
		edits = append(edits, edit{next, next, p.fm.indent + "supersedes: " + yamlList([]string{oldID}) + nl})
	}
	return edits, nil
}

func errUnusual(p *parsed) error {
	return fmt.Errorf("%s: cannot edit its status safely (unusual front matter or ## Status); edit it by hand", p.rec.File)
}

// checkEdited re-reads an edited record and checks the edit did what it
// meant to, so a record in an unusual shape is refused, not mangled.
func checkEdited(p *parsed, out []byte, check func(*parsed) bool) error {
	q := parse(p.rec.File, out)
	if len(q.problems) > len(p.problems) || !check(q) {
		return errUnusual(p)
	}
	return nil
}

// Supersede creates a record titled title that supersedes record old, and
// marks old "Superseded by" it, changing only old's status lines. It
// returns the new record's path.
func Supersede(o Options, old int, title string) (string, error) {
	dir := o.dir()
	op, err := findParsed(dir, old)
	if err != nil {
		return "", err
	}
	if err := canSupersede(op); err != nil {
		return "", err
	}
	// Check the old record can be edited before creating the new one.
	probe, err := FileName(old+1, title)
	if err != nil {
		return "", err
	}
	if _, err := markSuperseded(op, FormatID(old+1), probe); err != nil {
		return "", err
	}
	path, n, err := o.newRecord(templateData{Title: title, Supersedes: []Ref{{ID: op.rec.ID, File: op.rec.Name()}}})
	if err != nil {
		return "", err
	}
	out, err := markSuperseded(op, FormatID(n), filepath.Base(path))
	if err != nil {
		return path, err
	}
	if err := writeAtomic(dir, op.rec.File, out); err != nil {
		return path, err
	}
	return path, refreshIndex(dir)
}

// SupersedeBy marks record old superseded by the existing record by, and
// adds the back link to by. It returns the paths it changed.
func SupersedeBy(o Options, old, by int) ([]string, error) {
	dir := o.dir()
	if old == by {
		return nil, fmt.Errorf("a record cannot supersede itself")
	}
	op, err := findParsed(dir, old)
	if err != nil {
		return nil, err
	}
	bp, err := findParsed(dir, by)
	if err != nil {
		return nil, err
	}
	if err := canSupersede(op); err != nil {
		return nil, err
	}
	if bp.rec.Status == StatusSuperseded {
		return nil, fmt.Errorf("%s is itself superseded by %s: supersede %s by that one", bp.rec.ID, orNone(bp.rec.SupersededBy), op.rec.ID)
	}
	oldOut, err := markSuperseded(op, bp.rec.ID, bp.rec.Name())
	if err != nil {
		return nil, err
	}
	var changed []string
	edits, err := supersedesEdits(bp, op.rec.ID, op.rec.Name())
	if err != nil {
		return nil, err
	}
	if len(edits) > 0 {
		byOut := applyEdits(bp.raw, edits)
		if err := checkEdited(bp, byOut, func(q *parsed) bool {
			return contains(q.rec.Supersedes, op.rec.ID) &&
				(!q.fm.present || q.fm.statusLine == 0 || contains(q.fm.supersedes, op.rec.ID))
		}); err != nil {
			return nil, err
		}
		if err := writeAtomic(dir, bp.rec.File, byOut); err != nil {
			return nil, err
		}
		changed = append(changed, bp.rec.File)
	}
	if err := writeAtomic(dir, op.rec.File, oldOut); err != nil {
		return changed, err
	}
	changed = append(changed, op.rec.File)
	return changed, refreshIndex(dir)
}

func canSupersede(p *parsed) error {
	if p.rec.Status == StatusSuperseded {
		return fmt.Errorf("%s is already superseded by %s", p.rec.ID, orNone(p.rec.SupersededBy))
	}
	return nil
}

// markSuperseded returns old's content with its status lines saying
// "Superseded by newID".
func markSuperseded(p *parsed, newID, newFile string) ([]byte, error) {
	edits, err := supersededEdits(p, newID, newFile)
	if err != nil {
		return nil, err
	}
	out := applyEdits(p.raw, edits)
	err = checkEdited(p, out, func(q *parsed) bool {
		return q.rec.Status == StatusSuperseded && q.rec.SupersededBy == newID &&
			(!q.fm.present || q.fm.statusLine == 0 || CanonicalStatus(q.fm.status) == StatusSuperseded && q.fm.supersededBy == newID)
	})
	return out, err
}
