package adr

import (
	"fmt"
	"strings"
)

// LinkTypes are the --type values of adr link.
var LinkTypes = []string{"amends", "clarifies", "supersedes"}

// LinkRecords records that record n amends, clarifies or supersedes record m, in
// both records: n's front matter (amends: [ADR-M]) and a paragraph under
// its ## Status ("Amends [ADR-M](file)"), and m's (amended_by, "Amended by
// [ADR-N](file)"). supersedes is SupersedeBy(m, n): m becomes Superseded.
// A link already recorded is left as it is; the index is refreshed. It
// returns the records it changed.
func LinkRecords(o Options, n, m int, kind string) ([]string, error) {
	var rel relation
	switch kind {
	case "supersedes":
		return SupersedeBy(o, m, n)
	case relAmends.name:
		rel = relAmends
	case relClarifies.name:
		rel = relClarifies
	default:
		return nil, fmt.Errorf("unknown link type %q: use %s", kind, strings.Join(LinkTypes, ", "))
	}
	if n == m {
		return nil, fmt.Errorf("a record cannot %s itself", strings.TrimSuffix(rel.name, "s"))
	}
	dir := o.dir()
	np, err := findParsed(dir, n)
	if err != nil {
		return nil, err
	}
	mp, err := findParsed(dir, m)
	if err != nil {
		return nil, err
	}
	// Both edits are checked before either record is written.
	nOut, err := withRelation(np, rel.key, rel.phrase, mp.rec.ID, mp.rec.Name(), *rel.list(np.rec, false))
	if err != nil {
		return nil, err
	}
	mOut, err := withRelation(mp, rel.backKey, rel.backPhrase, np.rec.ID, np.rec.Name(), *rel.list(mp.rec, true))
	if err != nil {
		return nil, err
	}
	var changed []string
	for _, w := range []struct {
		p   *parsed
		out []byte
	}{{np, nOut}, {mp, mOut}} {
		if w.out == nil {
			continue
		}
		if err := writeAtomic(dir, w.p.rec.File, w.out); err != nil {
			return changed, err
		}
		changed = append(changed, w.p.rec.File)
	}
	if len(changed) == 0 {
		return nil, nil
	}
	return changed, refreshIndex(dir)
}

// withRelation returns p's content with id added to the relation key of
// its front matter and a "phrase [id](file)" paragraph under ## Status;
// nil when p records it already.
func withRelation(p *parsed, key, phrase, id, file string, have []string) ([]byte, error) {
	if contains(have, id) {
		return nil, nil
	}
	if p.statusParaEnd < 0 {
		return nil, fmt.Errorf("%s has no status line under ## Status to link from", p.rec.File)
	}
	fl := p.fm.lists[key]
	if fl.line > 0 && fl.lastLine == 0 && !p.fm.oneLine[key] {
		return nil, errUnusual(p)
	}
	nl := lineEnding(p.raw)
	edits := []edit{{p.statusParaEnd, p.statusParaEnd, nl + nl + fmt.Sprintf("%s [%s](%s)", phrase, id, file)}}
	switch {
	case fl.lastLine > 0:
		// A block list: copy the last item's "  - " and add a line.
		s, e, next := lineRange(p.raw, fl.lastLine)
		line := string(p.raw[s:e])
		prefix := line[:len(line)-len(strings.TrimLeft(line, " -"))]
		edits = append(edits, edit{next, next, prefix + id + nl})
	case fl.line > 0:
		s, e, _ := lineRange(p.raw, fl.line)
		edits = append(edits, edit{s, e, p.fm.indent + key + ": " + yamlList(append(append([]string(nil), fl.values...), id))})
	case p.fm.statusLine > 0:
		// After superseded_by, the template's last key, else after status.
		after := p.fm.statusLine
		if p.fm.supersededByLine > after && p.fm.oneLine["superseded_by"] {
			after = p.fm.supersededByLine
		}
		_, _, next := lineRange(p.raw, after)
		edits = append(edits, edit{next, next, p.fm.indent + key + ": " + yamlList([]string{id}) + nl})
	}
	out := applyEdits(p.raw, edits)
	err := checkEdited(p, out, func(q *parsed) bool {
		var list []string
		for _, r := range relations {
			if key == r.key {
				list = *r.list(q.rec, false)
			} else if key == r.backKey {
				list = *r.list(q.rec, true)
			}
		}
		return contains(list, id) && (q.fm.statusLine == 0 || contains(q.fm.lists[key].values, id))
	})
	return out, err
}
