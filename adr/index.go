package adr

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners/inert"
)

const (
	readmeName   = "README.md"
	templateName = "template.md"
	// IndexStart and IndexEnd enclose the index table in README.md.
	IndexStart = "<!-- adr-index:start -->"
	IndexEnd   = "<!-- adr-index:end -->"
)

// readmeHead is the README that `adr init` and `adr index` create.
const readmeHead = `# Architecture decision records

This folder records the architecturally significant decisions of this project,
one Markdown file per decision (` + "`NNNN-kebab-title.md`" + `).

- ` + "`bulwark adr new \"Title\"`" + ` starts a record (status Proposed).
- ` + "`bulwark adr supersede N \"New title\"`" + ` replaces a decision.
- ` + "`bulwark adr lint`" + ` checks the records; ` + "`bulwark adr index`" + ` rewrites the table below.

A record is never renumbered or deleted: a decision that no longer holds is
Deprecated or Superseded, and stays here as history.

`

// findMarkers locates the index in a README: start and end are the byte
// range between the markers (after the start marker's line, up to the end
// marker), line the start marker's line.
func findMarkers(raw []byte) (start, end, line int, ok bool) {
	i := bytes.Index(raw, []byte(IndexStart))
	if i < 0 {
		return 0, 0, 0, false
	}
	j := bytes.Index(raw[i:], []byte(IndexEnd))
	if j < 0 {
		return 0, 0, 0, false
	}
	start = i + len(IndexStart)
	if k := bytes.IndexByte(raw[start:i+j], '\n'); k >= 0 {
		start += k + 1
	}
	end = i + j
	// The end marker starts its own line.
	for end > start && (raw[end-1] == ' ' || raw[end-1] == '\t') {
		end--
	}
	return start, end, bytes.Count(raw[:i], []byte("\n")) + 1, true
}

// indexTable renders the index of records, one row each, in number order,
// and the graph of their links (supersedes, amends, clarifies) when any
// record links to another.
func indexTable(records []*Record, nl string) string {
	files := map[string]string{}
	for _, r := range records {
		if _, ok := files[r.ID]; !ok && r.ID != "" {
			files[r.ID] = linkTo(r.Name())
		}
	}
	var b strings.Builder
	b.WriteString("| ADR | Title | Status | Date |" + nl)
	b.WriteString("| --- | --- | --- | --- |" + nl)
	for _, r := range records {
		status := r.Status
		if status == "" {
			status = r.StatusLine
		}
		if r.Status == StatusSuperseded && r.SupersededBy != "" {
			if f, ok := files[r.SupersededBy]; ok {
				status = fmt.Sprintf("Superseded by [%s](%s)", r.SupersededBy, f)
			} else {
				status = "Superseded by " + r.SupersededBy
			}
		}
		id := r.ID
		if id == "" {
			id = r.Name()
		}
		// The title as text (escapeMarkdown also escapes |), never as markup.
		fmt.Fprintf(&b, "| [%s](%s) | %s | %s | %s |%s", cell(id), linkTo(r.Name()), escapeMarkdown(inert.String(r.Title)), cell(status), cell(r.Date), nl)
	}
	if graph := mermaidGraph(records, nl); graph != "" {
		b.WriteString(nl + graph)
	}
	return b.String()
}

// linkTo is a record's file name as a link destination: as it is when
// bulwark could have named it, percent-encoded otherwise, so a hand-made
// name cannot close the link or add markup.
func linkTo(name string) string {
	if _, _, slug, ok := parseFileName(name); ok && validSlug(slug) {
		return name
	}
	return url.PathEscape(name)
}

// cell escapes a table cell; control characters are written as escapes.
func cell(s string) string {
	s = strings.ReplaceAll(inert.String(s), `\`, `\\`)
	return strings.ReplaceAll(s, "|", `\|`)
}

func lineEnding(raw []byte) string {
	if bytes.Contains(raw, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// Index writes the table of records into dir/README.md between the
// markers, leaving the rest of the file as it was. A README without the
// markers gets them appended; a missing README is created. It returns the
// README's path.
func Index(dir string) (string, error) {
	ps, err := loadParsed(dir)
	if err != nil {
		return "", err
	}
	records := make([]*Record, len(ps))
	for i, p := range ps {
		records[i] = p.rec
	}
	path, err := safeJoin(dir, readmeName)
	if err != nil {
		return "", err
	}
	raw, err := readFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		raw = []byte(readmeHead + IndexStart + "\n" + IndexEnd + "\n")
	case err != nil:
		return "", fmt.Errorf("reading %s: %w", path, unwrapPath(err))
	}
	nl := lineEnding(raw)
	start, end, _, ok := findMarkers(raw)
	if !ok {
		if bytes.Contains(raw, []byte(IndexStart)) {
			return "", fmt.Errorf("%s: %s has no %s after it", path, IndexStart, IndexEnd)
		}
		sep := nl
		if len(raw) > 0 && !bytes.HasSuffix(raw, []byte("\n")) {
			sep = nl + nl
		}
		raw = append(raw, []byte(sep+"## Index"+nl+nl+IndexStart+nl+IndexEnd+nl)...)
		start, end, _, _ = findMarkers(raw)
	}
	table := indexTable(records, nl)
	if start > 0 && raw[start-1] != '\n' {
		table = nl + table // both markers on one line
	}
	if string(raw[start:end]) == table {
		if _, err := os.Stat(path); err == nil {
			return path, nil // already up to date: leave the file alone
		}
	}
	out := make([]byte, 0, len(raw)+len(table))
	out = append(out, raw[:start]...)
	out = append(out, table...)
	out = append(out, raw[end:]...)
	return path, writeAtomic(dir, path, out)
}

// refreshIndex updates the index after a change when the README has one.
func refreshIndex(dir string) error {
	raw, err := readFile(dir + string(os.PathSeparator) + readmeName)
	if err != nil {
		return nil
	}
	if _, _, _, ok := findMarkers(raw); !ok {
		return nil
	}
	_, err = Index(dir)
	return err
}
