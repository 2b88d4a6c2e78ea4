package adr

import "strings"

// relation is a kind of link between two records other than supersession:
// record N amends (or clarifies) record M, and M is amended (clarified)
// by N. Each side is recorded in its record's front matter (key, backKey)
// and as a paragraph under ## Status (phrase, backPhrase).
type relation struct {
	name               string // the --type of adr link
	key, backKey       string
	phrase, backPhrase string
}

var (
	relAmends    = relation{"amends", "amends", "amended_by", "Amends", "Amended by"}
	relClarifies = relation{"clarifies", "clarifies", "clarified_by", "Clarifies", "Clarified by"}
	relations    = []relation{relAmends, relClarifies}
)

// list is the record's list of this relation, or of its back relation.
func (r relation) list(rec *Record, back bool) *[]string {
	switch {
	case r == relAmends && !back:
		return &rec.Amends
	case r == relAmends:
		return &rec.AmendedBy
	case !back:
		return &rec.Clarifies
	}
	return &rec.ClarifiedBy
}

// relationList is the list a ## Status paragraph adds to: "Supersedes
// [...]", "Amends [...]", "Amended by [...]", ...; nil for any other.
func relationList(rec *Record, text string) *[]string {
	if strings.HasPrefix(text, "Supersedes") {
		return &rec.Supersedes
	}
	for _, r := range relations {
		// The back phrase first: "Amended by" is not "Amends", but a
		// future pair might share a prefix.
		if strings.HasPrefix(text, r.backPhrase+" ") {
			return r.list(rec, true)
		}
		if strings.HasPrefix(text, r.phrase+" ") {
			return r.list(rec, false)
		}
	}
	return nil
}
