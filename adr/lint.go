package adr

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// lint checks parsed records, alone and as a folder.
func lint(dir string, ps []*parsed) []Problem {
	var problems []Problem
	add := func(file string, line int, format string, args ...any) {
		problems = append(problems, Problem{file, line, fmt.Sprintf(format, args...), false})
	}
	warn := func(file string, line int, format string, args ...any) {
		problems = append(problems, Problem{file, line, fmt.Sprintf(format, args...), true})
	}
	byNumber := map[int]*parsed{}
	for _, p := range ps {
		problems = append(problems, p.problems...)
		lintRecord(p, add, warn)
		if p.rec.Number > 0 {
			if first, dup := byNumber[p.rec.Number]; dup {
				add(p.rec.File, 1, "number %04d is also used by %s: every record has its own number", p.rec.Number, first.rec.Name())
			} else {
				byNumber[p.rec.Number] = p
			}
		}
	}

	// Numbering: 1, 2, 3, ... without holes.
	var numbers []int
	for n := range byNumber {
		numbers = append(numbers, n)
	}
	sort.Ints(numbers)
	prev := 0
	for _, n := range numbers {
		if n > prev+1 {
			missing := FormatID(prev + 1)
			if n > prev+2 {
				missing = FormatID(prev+1) + " to " + FormatID(n-1)
			}
			add(byNumber[n].rec.File, 1, "numbering has a gap: %s is missing before %s", missing, FormatID(n))
		}
		prev = n
	}

	// References between records.
	for _, p := range ps {
		rec := p.rec
		for _, l := range rec.Links {
			target := linkTarget(rec.File, l.Dest)
			if target == "" {
				continue
			}
			if _, err := os.Stat(target); err != nil {
				add(rec.File, l.Line, "link [%s](%s) does not resolve: no such file", l.Text, l.Dest)
				continue
			}
			// A link written as ADR-0007 goes to record 0007.
			if n, err := ParseID(l.Text); err == nil && filepath.Dir(target) == filepath.Clean(dir) {
				if m, _, _, ok := parseFileName(filepath.Base(target)); ok && m != n {
					add(rec.File, l.Line, "link [%s](%s) names %s but goes to %s", l.Text, l.Dest, FormatID(n), FormatID(m))
				}
			}
		}
		if rec.Status == StatusSuperseded {
			switch {
			case rec.SupersededBy == "":
				add(rec.File, p.statusLineNo, "status Superseded does not say by which record: write \"Superseded by [ADR-NNNN](NNNN-title.md)\"")
			case byNumber[mustNumber(rec.SupersededBy)] == nil:
				add(rec.File, p.statusLineNo, "superseded by %s, which does not exist", rec.SupersededBy)
			case mustNumber(rec.SupersededBy) == rec.Number:
				add(rec.File, p.statusLineNo, "a record cannot supersede itself")
			}
		}
		if p.fm.supersededBy != "" {
			n, err := ParseID(p.fm.supersededBy)
			switch {
			case err != nil:
				add(rec.File, p.fm.supersededByLine, "front matter superseded_by %q is not an ADR id like ADR-0012", p.fm.supersededBy)
			case rec.Status != StatusSuperseded:
				add(rec.File, p.fm.supersededByLine, "front matter superseded_by is %s but the status is %s, not Superseded", FormatID(n), orNone(rec.Status))
			case rec.SupersededBy != "" && FormatID(n) != rec.SupersededBy:
				add(rec.File, p.fm.supersededByLine, "front matter superseded_by %s does not agree with ## Status (superseded by %s)", FormatID(n), rec.SupersededBy)
			}
		}
		for _, s := range p.fm.supersedes {
			if _, err := ParseID(s); err != nil {
				add(rec.File, p.fm.supersedesLine, "front matter supersedes %q is not an ADR id like ADR-0003", s)
			}
		}
		for _, id := range rec.Supersedes {
			n := mustNumber(id)
			line := p.fm.supersedesLine
			if line == 0 {
				line = p.statusSectionLine
			}
			switch {
			case byNumber[n] == nil:
				add(rec.File, line, "supersedes %s, which does not exist", id)
			case n == rec.Number:
				add(rec.File, line, "a record cannot supersede itself")
			}
		}
	}

	for _, p := range ps {
		lintRelations(p, byNumber, add)
	}
	problems = append(problems, lintIndex(dir, ps)...)
	sortProblems(problems)
	return problems
}

// sortProblems orders problems by file, then line.
func sortProblems(problems []Problem) {
	sort.SliceStable(problems, func(i, j int) bool {
		a, b := problems[i], problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// lintRecord checks what one record says about itself. An empty section
// of a Proposed record is a warning (warn): the decision is being written;
// of any other, an error (add): an Accepted decision says what it is.
func lintRecord(p *parsed, add, warn func(string, int, string, ...any)) {
	rec := p.rec
	file := rec.File
	name := rec.Name()
	if len(p.fileDigits) != 4 {
		add(file, 1, "file name %s does not start with a 4-digit number (NNNN-kebab-title.md)", name)
	}
	if !validSlug(p.fileSlug) {
		add(file, 1, "file name %s is not NNNN-kebab-title.md (lowercase letters, digits and hyphens)", name)
	}

	// The title: # ADR-NNNN: Title, agreeing with the file name.
	if p.h1Line == 0 {
		add(file, 1, "no title: the record starts with \"# %s: Title\"", rec.ID)
	} else if m := h1Pattern.FindStringSubmatch(p.h1Text); m == nil {
		add(file, p.h1Line, "title %q does not read \"%s: Title\"", p.h1Text, rec.ID)
	} else {
		n, _ := ParseID(m[1])
		if n != rec.Number {
			add(file, p.h1Line, "title says %s but the file name says %s", FormatID(n), rec.ID)
		}
		switch slug, err := Slug(rec.Title); {
		case err != nil:
			add(file, p.h1Line, "title %q has no words", rec.Title)
		case !slugMatches(p.fileSlug, rec.Title):
			add(file, p.h1Line, "title %q does not match the file name: expected %04d-%s.md", rec.Title, rec.Number, slug)
		}
	}

	// The sections.
	seen := map[string]bool{}
	for _, s := range rec.Sections {
		if seen[s.Title] {
			add(file, s.Line, "section ## %s appears twice", s.Title)
			continue
		}
		seen[s.Title] = true
		if s.Empty && contains(RequiredSections, s.Title) {
			report := add
			if rec.Status == StatusProposed {
				report = warn
			}
			report(file, s.Line, "section ## %s is empty", s.Title)
		}
	}
	where := p.h1Line
	if where == 0 {
		where = 1
	}
	for _, want := range RequiredSections {
		if !seen[want] {
			add(file, where, "missing section ## %s", want)
		}
	}

	// The status.
	if seen["Status"] {
		switch {
		case p.statusLineNo == 0 && !sectionEmpty(rec, "Status"):
			add(file, p.statusSectionLine, "## Status does not start with a status line: write one of %s", strings.Join(Statuses, ", "))
		case p.statusLineNo == 0:
			// reported as an empty section
		case rec.Status == "":
			add(file, p.statusLineNo, "unknown status %q: use %s", rec.StatusLine, strings.Join(Statuses, ", "))
		}
	}
	if p.fm.present && p.fm.statusLine > 0 {
		fmStatus := CanonicalStatus(p.fm.status)
		switch {
		case fmStatus == "":
			add(file, p.fm.statusLine, "unknown front matter status %q: use %s", p.fm.status, strings.Join(Statuses, ", "))
		case rec.Status != "" && fmStatus != rec.Status:
			add(file, p.fm.statusLine, "front matter status %s does not agree with ## Status (%s, line %d)", fmStatus, rec.Status, p.statusLineNo)
		}
	}
	if p.fm.dateLine > 0 {
		if _, err := time.Parse("2006-01-02", p.fm.date); err != nil {
			add(file, p.fm.dateLine, "date %q is not YYYY-MM-DD", p.fm.date)
		}
	}
}

// lintIndex reports a README index that no longer lists the records as
// they are.
func lintIndex(dir string, ps []*parsed) []Problem {
	path := filepath.Join(dir, readmeName)
	raw, err := readFile(path)
	if err != nil {
		return nil
	}
	start, end, line, ok := findMarkers(raw)
	if !ok {
		return nil
	}
	records := make([]*Record, len(ps))
	for i, p := range ps {
		records[i] = p.rec
	}
	want := indexTable(records, lineEnding(raw))
	if string(raw[start:end]) != want {
		return []Problem{{path, line, "the index is out of date: run bulwark adr index", false}}
	}
	return nil
}

func sectionEmpty(rec *Record, title string) bool {
	for _, s := range rec.Sections {
		if s.Title == title {
			return s.Empty
		}
	}
	return true
}

func mustNumber(id string) int {
	n, _ := ParseID(id)
	return n
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// lintRelations checks the amends and clarifies links of a record: the
// record linked exists, is another one, and records the link too.
func lintRelations(p *parsed, byNumber map[int]*parsed, add func(string, int, string, ...any)) {
	rec := p.rec
	for _, r := range relations {
		for _, back := range []bool{false, true} {
			key, phrase := r.key, strings.ToLower(r.phrase)
			if back {
				key, phrase = r.backKey, strings.ToLower(r.backPhrase)
			}
			line := p.fm.lists[key].line
			if line == 0 {
				line = p.statusSectionLine
			}
			for _, id := range *r.list(rec, back) {
				n := mustNumber(id)
				other := byNumber[n]
				switch {
				case other == nil:
					add(rec.File, line, "%s %s, which does not exist", phrase, id)
				case n == rec.Number:
					add(rec.File, line, "a record cannot be %s itself", phrase)
				case !contains(*r.list(other.rec, !back), rec.ID):
					from, to := rec.Number, n
					if back {
						from, to = n, rec.Number
					}
					add(rec.File, line, "%s %s, but %s does not record it: run bulwark adr link %d %d --type %s", phrase, id, id, from, to, r.name)
				}
			}
		}
	}
}
