package adr

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"
)

// Record is one parsed decision record.
type Record struct {
	Number int    `json:"number"`
	ID     string `json:"id"`
	Title  string `json:"title"`
	// Status is the canonical status of the ## Status section ("" when it
	// has none that is known); StatusLine is that line as written.
	Status     string   `json:"status"`
	StatusLine string   `json:"status_line"`
	Date       string   `json:"date,omitempty"`
	Deciders   []string `json:"deciders,omitempty"`
	// Supersedes and SupersededBy are record ids (ADR-0003).
	Supersedes   []string `json:"supersedes,omitempty"`
	SupersededBy string   `json:"superseded_by,omitempty"`
	// Amends, AmendedBy, Clarifies and ClarifiedBy are the other links
	// between records (adr link), each recorded in both records.
	Amends      []string `json:"amends,omitempty"`
	AmendedBy   []string `json:"amended_by,omitempty"`
	Clarifies   []string `json:"clarifies,omitempty"`
	ClarifiedBy []string `json:"clarified_by,omitempty"`
	// File is the record's path: the ADR folder joined with its name.
	File string `json:"file"`
	// Sections are the ## sections in file order.
	Sections []Section `json:"-"`
	// Links are the Markdown links of the body.
	Links []Link `json:"-"`
}

// Name is the record's file name.
func (r *Record) Name() string { return filepath.Base(r.File) }

// Section is one ## section of a record.
type Section struct {
	Title string
	Line  int
	// Empty is true when the section holds nothing but blank lines, HTML
	// comments (the template's prompts) and the Consequences labels.
	Empty bool
}

// Link is a Markdown link of a record's body.
type Link struct {
	Text string
	Dest string
	Line int
}

// parsed is a record with what lint and the editors need besides.
type parsed struct {
	rec      *Record
	raw      []byte
	problems []Problem

	fm         frontMatter
	h1Line     int
	h1Text     string
	fileDigits string
	fileSlug   string

	// statusStart:statusEnd is the byte range, in raw, of the status line
	// under ## Status (without its line ending) and statusParaEnd the end
	// of its paragraph; all are -1 when the section has no paragraph.
	// statusLineNo is the status line's line (0: none).
	statusStart, statusEnd int
	statusParaEnd          int
	statusLineNo           int
	statusSectionLine      int
	supersededLink         *Link
}

// fmList is a list-valued key of the front matter: its values, its line
// and, for a block list, the line of its last item (0 otherwise).
type fmList struct {
	values         []string
	line, lastLine int
}

// frontMatter is the YAML block between the --- lines at the top.
type frontMatter struct {
	present bool
	// end is the byte offset in raw just past the closing --- line.
	end int
	// The values, and the 1-based file line of each key (0: absent).
	status, date, supersededBy       string
	deciders, supersedes             []string
	statusLine, dateLine             int
	supersedesLine, supersededByLine int
	// supersedesLastLine is the line of the last item of a block list.
	supersedesLastLine int
	// lists are the relation keys other than supersedes (amends,
	// amended_by, clarifies, clarified_by).
	lists map[string]fmList
	// indent is the status key's.
	indent string
	// oneLine tells which keys have their whole value on the key's line,
	// so an editor may replace that line.
	oneLine map[string]bool
}

var markdown = goldmark.New()

// splitFrontMatter finds the front matter: a first line "---" and the next
// line that is "---" or "...". It returns the YAML text, the offset of the
// body and the number of lines before it.
func splitFrontMatter(raw []byte) (yamlText []byte, bodyOff, bodyLine int, ok bool, closed bool) {
	first, rest, found := bytes.Cut(raw, []byte("\n"))
	if !found || string(bytes.TrimRight(first, "\r")) != "---" {
		return nil, 0, 0, false, false
	}
	off := len(first) + 1
	line := 1
	for len(rest) > 0 {
		l, r, _ := bytes.Cut(rest, []byte("\n"))
		line++
		next := off + len(l)
		if next < len(raw) {
			next++ // the newline
		}
		if s := string(bytes.TrimRight(l, "\r")); s == "---" || s == "..." {
			return raw[len(first)+1 : off], next, line, true, true
		}
		off = next
		rest = r
	}
	return nil, 0, 0, true, false
}

// parseFrontMatter decodes the YAML of the front matter with yaml.v3 nodes,
// keeping the line of each key. Lines are file lines: the YAML starts on
// line 2.
func parseFrontMatter(src []byte, file string) (frontMatter, []Problem) {
	fm := frontMatter{present: true, oneLine: map[string]bool{}, lists: map[string]fmList{}}
	lines := strings.Split(string(src), "\n")
	onKeyLine := func(k, v *yaml.Node) bool {
		if k.Line < 1 || k.Line > len(lines) {
			return false
		}
		text := lines[k.Line-1]
		switch v.Kind {
		case yaml.ScalarNode:
			return v.Line == k.Line && v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && strings.Contains(text, v.Value)
		case yaml.SequenceNode:
			if v.Style&yaml.FlowStyle == 0 {
				return len(v.Content) == 0 && v.Line == k.Line
			}
			for _, e := range v.Content {
				if e.Line != k.Line || !strings.Contains(text, e.Value) {
					return false
				}
			}
			return v.Line == k.Line
		}
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return fm, []Problem{{file, 1, fmt.Sprintf("front matter is not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: ")), false}}
	}
	if len(doc.Content) == 0 {
		return fm, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return fm, []Problem{{file, m.Line + 1, "front matter is not a YAML mapping", false}}
	}
	var problems []Problem
	scalar := func(k, v *yaml.Node) string {
		if v.Kind != yaml.ScalarNode {
			problems = append(problems, Problem{file, k.Line + 1, fmt.Sprintf("front matter %s must be a single value", k.Value), false})
			return ""
		}
		if v.Tag == "!!null" {
			return ""
		}
		return strings.TrimSpace(v.Value)
	}
	list := func(k, v *yaml.Node) []string {
		switch v.Kind {
		case yaml.ScalarNode:
			if s := scalar(k, v); s != "" {
				return []string{s}
			}
			return nil
		case yaml.SequenceNode:
			var out []string
			for _, e := range v.Content {
				if e.Kind != yaml.ScalarNode {
					problems = append(problems, Problem{file, e.Line + 1, fmt.Sprintf("front matter %s must be a list of names", k.Value), false})
					continue
				}
				if s := strings.TrimSpace(e.Value); s != "" {
					out = append(out, s)
				}
			}
			return out
		}
		problems = append(problems, Problem{file, k.Line + 1, fmt.Sprintf("front matter %s must be a list", k.Value), false})
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := k.Line + 1
		fm.oneLine[k.Value] = onKeyLine(k, v)
		switch k.Value {
		case "status":
			fm.status, fm.statusLine = scalar(k, v), line
			fm.indent = strings.Repeat(" ", k.Column-1)
		case "date":
			fm.date, fm.dateLine = scalar(k, v), line
		case "deciders":
			fm.deciders = list(k, v)
		case "supersedes":
			fm.supersedes, fm.supersedesLine = list(k, v), line
			if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
				// A block list: new items go after the last one.
				fm.supersedesLastLine = v.Content[len(v.Content)-1].Line + 1
			}
		case "superseded_by":
			fm.supersededBy, fm.supersededByLine = scalar(k, v), line
		case relAmends.key, relAmends.backKey, relClarifies.key, relClarifies.backKey:
			l := fmList{values: list(k, v), line: line}
			if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
				l.lastLine = v.Content[len(v.Content)-1].Line + 1
			}
			fm.lists[k.Value] = l
		}
	}
	return fm, problems
}

var h1Pattern = regexp.MustCompile(`^ADR-([0-9]+):\s*(.*)$`)

// parse reads one record. file is the path it is reported under; raw its
// content. Problems are those of the record alone (not of the folder).
func parse(file string, raw []byte) *parsed {
	p := &parsed{raw: raw, rec: &Record{File: file}, statusStart: -1, statusEnd: -1, statusParaEnd: -1}
	rec := p.rec
	if n, digits, slug, ok := parseFileName(filepath.Base(file)); ok {
		rec.Number, p.fileDigits, p.fileSlug = n, digits, slug
		rec.ID = FormatID(n)
	}

	body, bodyOff, bodyLine := raw, 0, 0
	if y, off, line, ok, closed := splitFrontMatter(raw); ok {
		if !closed {
			p.problems = append(p.problems, Problem{file, 1, "front matter is not closed by a --- line", false})
		} else {
			fm, probs := parseFrontMatter(y, file)
			fm.end = off
			p.fm = fm
			p.problems = append(p.problems, probs...)
			body, bodyOff, bodyLine = raw[off:], off, line
		}
	}
	rec.Date = p.fm.date
	rec.Deciders = p.fm.deciders

	// Line numbers: the body's own lines, shifted by the front matter's.
	var newlines []int
	for i, c := range body {
		if c == '\n' {
			newlines = append(newlines, i)
		}
	}
	lineOf := func(off int) int {
		return bodyLine + sort.SearchInts(newlines, off) + 1
	}

	doc := markdown.Parser().Parse(text.NewReader(body))

	type section struct {
		Section
		nodes []ast.Node
	}
	var sections []*section
	var cur *section
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 2 {
			title := strings.TrimSpace(inlineText(h, body))
			line := lineOf(blockPos(h))
			if h.Level == 1 {
				if p.h1Line == 0 {
					p.h1Line, p.h1Text = line, title
				} else {
					p.problems = append(p.problems, Problem{file, line, "a second # title: a record has one", false})
				}
				cur = nil
				continue
			}
			cur = &section{Section: Section{Title: title, Line: line}}
			sections = append(sections, cur)
			continue
		}
		if cur != nil {
			cur.nodes = append(cur.nodes, n)
		}
	}
	for _, s := range sections {
		var b strings.Builder
		for _, n := range s.nodes {
			contentText(&b, n, body)
		}
		t := b.String()
		for _, label := range []string{"**Positive:**", "**Negative:**", "**Neutral:**", "Positive:", "Negative:", "Neutral:"} {
			t = strings.ReplaceAll(t, label, "")
		}
		s.Empty = strings.TrimSpace(t) == ""
		rec.Sections = append(rec.Sections, s.Section)
	}

	// The title.
	if m := h1Pattern.FindStringSubmatch(p.h1Text); m != nil {
		rec.Title = strings.TrimSpace(m[2])
	} else {
		rec.Title = p.h1Text
	}

	// The status: the first line of the first paragraph under ## Status.
	for _, s := range sections {
		if s.Title != "Status" {
			continue
		}
		p.statusSectionLine = s.Line
		for _, n := range s.nodes {
			para, ok := n.(*ast.Paragraph)
			if !ok {
				if _, isHTML := n.(*ast.HTMLBlock); isHTML {
					continue
				}
				break
			}
			lines := para.Lines()
			first := lines.At(0)
			last := lines.At(lines.Len() - 1)
			line := bytes.TrimRight(first.Value(body), "\r\n")
			p.statusStart = bodyOff + first.Start
			p.statusEnd = p.statusStart + len(line)
			p.statusParaEnd = bodyOff + last.Start + len(bytes.TrimRight(last.Value(body), "\r\n"))
			p.statusLineNo = lineOf(first.Start)
			rec.StatusLine = strings.TrimSpace(string(line))
			word, _, _ := strings.Cut(rec.StatusLine, " ")
			rec.Status = CanonicalStatus(strings.TrimRight(word, ".,;:"))
			// The link on the status line: "Superseded by [ADR-0012](0012-x.md)".
			for c := para.FirstChild(); c != nil; c = c.NextSibling() {
				if l, ok := c.(*ast.Link); ok && l.Pos() >= first.Start && l.Pos() < first.Stop {
					link := Link{Text: inlineText(l, body), Dest: string(l.Destination), Line: p.statusLineNo}
					p.supersededLink = &link
					break
				}
			}
			break
		}
		// "Supersedes [ADR-0003](0003-x.md)" paragraphs, and those of the
		// other relations ("Amended by [ADR-0009](0009-y.md)").
		for _, n := range s.nodes {
			para, ok := n.(*ast.Paragraph)
			if !ok {
				continue
			}
			list := relationList(rec, strings.TrimSpace(inlineText(para, body)))
			if list == nil {
				continue
			}
			for c := para.FirstChild(); c != nil; c = c.NextSibling() {
				if l, ok := c.(*ast.Link); ok {
					if id := linkID(inlineText(l, body), string(l.Destination)); id != "" && !contains(*list, id) {
						*list = append(*list, id)
					}
				}
			}
		}
		break
	}
	if rec.Status == StatusSuperseded && p.supersededLink != nil {
		rec.SupersededBy = linkID(p.supersededLink.Text, p.supersededLink.Dest)
	}
	if rec.SupersededBy == "" && p.fm.supersededBy != "" {
		if n, err := ParseID(p.fm.supersededBy); err == nil {
			rec.SupersededBy = FormatID(n)
		}
	}
	for _, s := range p.fm.supersedes {
		if n, err := ParseID(s); err == nil && !contains(rec.Supersedes, FormatID(n)) {
			rec.Supersedes = append(rec.Supersedes, FormatID(n))
		}
	}
	for _, r := range relations {
		for _, key := range []string{r.key, r.backKey} {
			list := r.list(rec, key == r.backKey)
			for _, s := range p.fm.lists[key].values {
				if n, err := ParseID(s); err == nil && !contains(*list, FormatID(n)) {
					*list = append(*list, FormatID(n))
				}
			}
		}
	}

	// Every link of the body, for lint.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if l, ok := n.(*ast.Link); ok {
			rec.Links = append(rec.Links, Link{Text: inlineText(l, body), Dest: string(l.Destination), Line: lineOf(inlinePos(l))})
		}
		return ast.WalkContinue, nil
	})
	return p
}

// linkID names the record a link points at: the number of its target's
// file name, else the ADR-NNNN of its text.
func linkID(text, dest string) string {
	target, _, _ := strings.Cut(dest, "#")
	if n, _, _, ok := parseFileName(filepath.Base(filepath.FromSlash(target))); ok && n > 0 {
		return FormatID(n)
	}
	if n, err := ParseID(text); err == nil {
		return FormatID(n)
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// blockPos is the offset of a block node in the source.
func blockPos(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return 0
}

// inlinePos is the offset of an inline node: its own, or its first text's,
// or its block's.
func inlinePos(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if p := c.Pos(); p >= 0 {
			return p
		}
	}
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock {
			return blockPos(b)
		}
	}
	return 0
}

// inlineText is the plain text of a node's inline content.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				if _, code := n.(*ast.CodeSpan); code {
					b.Write(t.Segment.Value(src))
				} else {
					b.WriteString(unescapeMarkdown(string(t.Segment.Value(src))))
				}
				if t.SoftLineBreak() || t.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			case *ast.AutoLink:
				b.Write(t.Label(src))
			case *ast.RawHTML:
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// unescapeMarkdown removes the backslashes of CommonMark's escapes (a
// backslash before ASCII punctuation), which goldmark leaves in the text:
// a title written with escapeMarkdown reads back as it was given.
func unescapeMarkdown(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(markdownPunctuation, s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// markdownPunctuation is the ASCII punctuation CommonMark lets a backslash
// escape.
const markdownPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// escapeMarkdown writes text so that Markdown shows it as it is, on one
// line: the punctuation that could start emphasis, code, a link, raw HTML,
// an entity, a heading's closing #s or a table cell is backslash-escaped.
// A title goes into a record this way and unescapeMarkdown reads it back.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("\\`*_[]<>#|&~!", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// contentText writes the text of a block and its descendants, leaving out
// HTML (the template's comments).
func contentText(b *strings.Builder, n ast.Node, src []byte) {
	switch t := n.(type) {
	case *ast.HTMLBlock, *ast.RawHTML:
		return
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		for i := 0; i < t.Lines().Len(); i++ {
			seg := t.Lines().At(i)
			b.Write(seg.Value(src))
		}
		b.WriteByte('x') // a code block is content even when blank
		return
	case *ast.ThematicBreak:
		return
	case *ast.Text:
		b.Write(t.Segment.Value(src))
		return
	case *ast.String:
		b.Write(t.Value)
		return
	case *ast.AutoLink:
		b.Write(t.Label(src))
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		contentText(b, c, src)
	}
	b.WriteByte(' ')
}
