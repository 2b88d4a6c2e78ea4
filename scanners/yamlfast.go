package scanners

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseYAMLFast builds the yaml.v3 node tree of the block-YAML subset that
// CloudFormation templates are written in (block mappings and sequences,
// plain, quoted and block scalars, flow collections, short tags such as
// !Ref and !Sub, empty values, comments): parsing YAML was the largest
// single cost of a scan, and this halves loading the real-world corpus
// (BenchmarkLoadCorpus). It is a fast path, not a second YAML
// implementation: anything outside the subset (anchors, aliases, document
// markers, directives, tabs, CR line breaks, multi-line plain or quoted
// scalars, complex keys, indentation indicators, more-indented folded
// lines, ...) makes it give up, and the caller parses the file with
// yaml.v3, which also reports syntax errors. TestFastYAMLOnRealTemplates
// and FuzzYAMLMatchesYAML hold its output to yaml.v3's, node for node.
func parseYAMLFast(data []byte) (*yaml.Node, error) {
	if !fastYAMLCandidate(data) {
		return nil, errFastYAML
	}
	p := &yamlParser{data: data, line: 1, col: 1}
	if !p.skipBlank() || p.col != 1 || !p.isKey() {
		return nil, p.giveUp() // templates are block mappings
	}
	root, err := p.blockMapping()
	if err != nil {
		return nil, err
	}
	if root.Kind != yaml.MappingNode || p.skipBlank() {
		return nil, p.giveUp()
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: []*yaml.Node{root}}, nil
}

// maxSimpleKey: YAML limits an implicit key, up to its ':', to 1024
// characters; longer ones (bytes, to be safe) are left to yaml.v3.
const maxSimpleKey = 1000

// errFastYAML means "not in the subset": fall back to yaml.v3.
var errFastYAML = errors.New("outside the fast YAML subset")

// giveUp says where the fast path stopped (for tests and debugging).
func (p *yamlParser) giveUp() error {
	return fmt.Errorf("%w at line %d", errFastYAML, p.line)
}

// fastYAMLCandidate rules out, in one pass, characters whose YAML meaning
// the fast path does not implement: tabs, CR, the Unicode line breaks
// (NEL, LS, PS), BOMs and other characters YAML does not allow unescaped,
// and lines starting with a document marker or a directive.
func fastYAMLCandidate(data []byte) bool {
	lineStart := true
	for i := 0; i < len(data); i++ {
		c := data[i]
		if lineStart && (c == '%' || (c == '-' || c == '.') && i+2 < len(data) && data[i+1] == c && data[i+2] == c) {
			return false
		}
		lineStart = c == '\n'
		switch {
		case c == '\t' || c == '\r':
			return false
		case c < 0x20 && c != '\n', c == 0x7f:
			return false
		case c >= 0x80:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff ||
				r >= 0x80 && r <= 0x9f || r >= 0xd800 && r <= 0xdfff || r == 0xfffe || r == 0xffff {
				return false
			}
			i += size - 1
		}
	}
	return true
}

type yamlParser struct {
	data      []byte
	pos       int
	line, col int // of pos; columns count characters, as yaml.v3's do
	depth     int // of nested collections; deep input goes to yaml.v3 and its limits
}

// enter and leave bracket every collection, bounding the recursion.
func (p *yamlParser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.giveUp()
	}
	return nil
}

func (p *yamlParser) leave() { p.depth-- }

func (p *yamlParser) eof() bool { return p.pos >= len(p.data) }

func (p *yamlParser) peek(off int) byte {
	if p.pos+off < len(p.data) {
		return p.data[p.pos+off]
	}
	return 0
}

func (p *yamlParser) at(s string) bool {
	return len(p.data)-p.pos >= len(s) && string(p.data[p.pos:p.pos+len(s)]) == s
}

// advance moves forward by n bytes that hold no line break.
func (p *yamlParser) advance(n int) {
	for _, c := range p.data[p.pos : p.pos+n] {
		if c < 0x80 || c >= 0xc0 { // count the first byte of each character
			p.col++
		}
	}
	p.pos += n
}

func (p *yamlParser) newline() {
	p.pos++
	p.line++
	p.col = 1
}

func (p *yamlParser) skipSpaces() {
	for p.pos < len(p.data) && p.data[p.pos] == ' ' {
		p.pos++
		p.col++
	}
}

// endOfLine reports whether only spaces and a comment remain on the line.
func (p *yamlParser) endOfLine() bool {
	p.skipSpaces()
	return p.eof() || p.data[p.pos] == '\n' || p.data[p.pos] == '#' && (p.pos == 0 || p.data[p.pos-1] == ' ' || p.data[p.pos-1] == '\n')
}

// skipBlank moves to the first character of the next line with content,
// past blank and comment-only lines; false at the end of the input.
func (p *yamlParser) skipBlank() bool {
	for {
		if !p.endOfLine() {
			return true
		}
		for p.pos < len(p.data) && p.data[p.pos] != '\n' {
			p.pos++
		}
		if p.eof() {
			return false
		}
		p.newline()
	}
}

// isDash reports whether a block sequence entry starts here.
func (p *yamlParser) isDash() bool {
	return p.at("- ") || p.at("-\n") || p.pos == len(p.data)-1 && p.data[p.pos] == '-'
}

// isKey looks ahead on the line for a simple key: a plain or quoted
// scalar followed by ':' and a space or the end of the line.
func (p *yamlParser) isKey() bool {
	i := p.pos
	switch c := p.data[i]; c {
	case '"', '\'':
		i++
		for i < len(p.data) && p.data[i] != '\n' {
			if p.data[i] == '\\' && c == '"' {
				i += 2
				continue
			}
			if p.data[i] == c {
				if c == '\'' && i+1 < len(p.data) && p.data[i+1] == '\'' {
					i += 2
					continue
				}
				break
			}
			i++
		}
		if i >= len(p.data) || p.data[i] == '\n' {
			return false
		}
		i++
		for i < len(p.data) && p.data[i] == ' ' {
			i++
		}
		return i < len(p.data) && p.data[i] == ':' && (i+1 == len(p.data) || p.data[i+1] == ' ' || p.data[i+1] == '\n')
	case '[', '{', '!', '&', '*', '|', '>', '#', '%', '@', '`', ',', ']', '}', '?':
		return false
	}
	for ; i < len(p.data) && p.data[i] != '\n'; i++ {
		if p.data[i] == ':' && (i+1 == len(p.data) || p.data[i+1] == ' ' || p.data[i+1] == '\n') {
			return true
		}
		if p.data[i] == '#' && p.data[i-1] == ' ' {
			return false
		}
	}
	return false
}

func (p *yamlParser) blockMapping() (*yaml.Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	indent := p.col
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.line, Column: p.col}
	for {
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		value, err := p.value(indent, true)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, key, value)
		if !p.skipBlank() || p.col < indent {
			return n, nil
		}
		if p.col > indent || !p.isKey() {
			return nil, p.giveUp()
		}
	}
}

// key reads a simple key and the ':' after it.
func (p *yamlParser) key() (*yaml.Node, error) {
	start := p.pos
	var k *yaml.Node
	var err error
	switch p.data[p.pos] {
	case '"', '\'':
		k, err = p.quoted()
	default:
		k, err = p.plain(false, true)
	}
	if err != nil {
		return nil, err
	}
	p.skipSpaces()
	if p.eof() || p.data[p.pos] != ':' || p.pos-start > maxSimpleKey {
		return nil, p.giveUp()
	}
	p.advance(1)
	return k, nil
}

func (p *yamlParser) blockSequence() (*yaml.Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	indent := p.col
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.line, Column: p.col}
	for {
		p.advance(1) // '-'
		item, err := p.value(indent, false)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, item)
		if !p.skipBlank() || p.col < indent {
			return n, nil
		}
		if p.col > indent {
			return nil, p.giveUp()
		}
		if !p.isDash() {
			return n, nil // a sequence at its mapping's column ends at the next key
		}
	}
}

// value parses what follows a key's ':' or a sequence entry's '-': on the
// same line, or in a block below. indent is the collection's column; a
// mapping's value may be a sequence at that same column.
func (p *yamlParser) value(indent int, inMapping bool) (*yaml.Node, error) {
	line, col := p.line, p.col // just after the ':' or '-'
	if !p.endOfLine() {
		if p.pos > 0 && p.data[p.pos-1] != ' ' {
			return nil, p.giveUp() // "key:value" or "-x" never get here; be safe
		}
		if !inMapping && p.isKey() {
			// "- key: value": a mapping whose keys line up after the dash.
			return p.blockMapping()
		}
		if !inMapping && p.isDash() {
			// "- - value": a sequence in a sequence, on one line.
			return p.blockSequence()
		}
		return p.inlineNode(indent, inMapping)
	}
	return p.below(indent, inMapping, "", line, col)
}

// below parses a value that starts on a following line. A tag (with its
// position) may have been read on the line above.
//
// line and col are where an empty value is placed: at its tag, or just
// after a mapping's ':' (yaml.v3's positions).
func (p *yamlParser) below(indent int, inMapping bool, tag string, line, col int) (*yaml.Node, error) {
	save := *p
	more := p.skipBlank()
	isSeq := more && p.isDash()
	if !more || p.col <= indent && !(inMapping && isSeq && p.col == indent) {
		// Nothing below: an empty value.
		if !inMapping && tag == "" {
			return nil, p.giveUp() // an empty sequence entry
		}
		*p = save
		if tag != "" {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Style: yaml.TaggedStyle, Line: line, Column: col}, nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: line, Column: col}, nil
	}
	var n *yaml.Node
	var err error
	switch {
	case isSeq:
		n, err = p.blockSequence()
	case p.isKey():
		n, err = p.blockMapping()
	case tag != "":
		return nil, p.giveUp() // a tag above its scalar: rare, leave it to yaml.v3
	default:
		return p.inlineNode(indent, inMapping)
	}
	if err != nil || tag == "" {
		return n, err
	}
	n.Tag, n.Style, n.Line, n.Column = tag, yaml.TaggedStyle, line, col
	return n, nil
}

// inlineNode parses a node that starts here and ends on this line (block
// scalars aside): an optional tag, then a scalar or flow collection.
func (p *yamlParser) inlineNode(indent int, inMapping bool) (*yaml.Node, error) {
	line, col := p.line, p.col
	tag := ""
	if p.data[p.pos] == '!' {
		var err error
		if tag, err = p.tag(); err != nil {
			return nil, err
		}
		if p.endOfLine() {
			return p.below(indent, inMapping, tag, line, col)
		}
	}
	var n *yaml.Node
	var err error
	switch p.data[p.pos] {
	case '[', '{':
		n, err = p.flow()
	case '|', '>':
		n, err = p.blockScalar(indent)
		if err == nil && tag != "" {
			n.Tag, n.Style, n.Line, n.Column = tag, n.Style|yaml.TaggedStyle, line, col
		}
		return n, err
	case '"', '\'':
		n, err = p.quoted()
	default:
		n, err = p.plain(false, false)
	}
	if err != nil {
		return nil, err
	}
	if !p.endOfLine() {
		return nil, p.giveUp()
	}
	if tag != "" {
		n.Tag, n.Style, n.Line, n.Column = tag, n.Style|yaml.TaggedStyle, line, col
	}
	return n, nil
}

// tag reads a local tag such as !Ref or !Rain::Embed and the spaces after it.
func (p *yamlParser) tag() (string, error) {
	start := p.pos
	i := p.pos + 1
	for i < len(p.data) && isTagChar(p.data[i]) {
		i++
	}
	if i == start+1 || i < len(p.data) && p.data[i] != ' ' && p.data[i] != '\n' {
		return "", p.giveUp() // "!", "!!str", "!<...>", "!a,b": leave them to yaml.v3
	}
	p.advance(i - start)
	return string(p.data[start:i]), nil
}

func isTagChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '_' || c == '-' || c == '.'
}

// flow parses a flow collection, which may span lines.
func (p *yamlParser) flow() (*yaml.Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	open := p.data[p.pos]
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: p.line, Column: p.col}
	closer := byte(']')
	if open == '{' {
		n.Kind, n.Tag, closer = yaml.MappingNode, "!!map", '}'
	}
	p.advance(1)
	for {
		if !p.skipFlowSpace() {
			return nil, p.giveUp()
		}
		if p.data[p.pos] == closer {
			p.advance(1)
			return n, nil
		}
		start := p.pos
		item, err := p.flowNode()
		if err != nil {
			return nil, err
		}
		line := p.line
		if !p.skipFlowSpace() {
			return nil, p.giveUp()
		}
		if open == '{' {
			// An implicit key is a scalar on one line with its ':'.
			if p.data[p.pos] != ':' || p.line != line || p.pos-start > maxSimpleKey || item.Kind != yaml.ScalarNode || item.Style&yaml.TaggedStyle != 0 {
				return nil, p.giveUp()
			}
			p.advance(1)
			if !p.skipFlowSpace() {
				return nil, p.giveUp()
			}
			value, err := p.flowNode()
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, item, value)
			if !p.skipFlowSpace() {
				return nil, p.giveUp()
			}
		} else {
			n.Content = append(n.Content, item)
		}
		switch p.data[p.pos] {
		case ',':
			p.advance(1)
			if !p.skipFlowSpace() || p.data[p.pos] == closer || p.data[p.pos] == ',' {
				return nil, p.giveUp() // a trailing or empty entry
			}
		case closer:
		default:
			return nil, p.giveUp()
		}
	}
}

// skipFlowSpace skips spaces, line breaks and comments inside a flow
// collection; false at the end of the input.
func (p *yamlParser) skipFlowSpace() bool {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ':
			p.pos++
			p.col++
		case '\n':
			p.newline()
		case '#':
			if p.data[p.pos-1] != ' ' && p.data[p.pos-1] != '\n' {
				return true
			}
			for p.pos < len(p.data) && p.data[p.pos] != '\n' {
				p.pos++
			}
		default:
			return true
		}
	}
	return false
}

func (p *yamlParser) flowNode() (*yaml.Node, error) {
	line, col := p.line, p.col
	tag := ""
	if p.data[p.pos] == '!' {
		var err error
		if tag, err = p.tag(); err != nil {
			return nil, err
		}
		p.skipSpaces()
		if p.eof() || p.data[p.pos] == '\n' || p.data[p.pos] == ',' || p.data[p.pos] == ']' || p.data[p.pos] == '}' {
			return nil, p.giveUp()
		}
	}
	var n *yaml.Node
	var err error
	switch p.data[p.pos] {
	case '[', '{':
		n, err = p.flow()
	case '"', '\'':
		n, err = p.quoted()
	default:
		n, err = p.plain(true, false)
	}
	if err != nil {
		return nil, err
	}
	if tag != "" {
		n.Tag, n.Style, n.Line, n.Column = tag, n.Style|yaml.TaggedStyle, line, col
	}
	return n, nil
}

// plain reads a one-line plain scalar. In a flow collection it also ends
// at a flow indicator; a key ends at ": ".
func (p *yamlParser) plain(inFlow, isKey bool) (*yaml.Node, error) {
	start, line, col := p.pos, p.line, p.col
	switch c := p.data[p.pos]; c {
	case '-', '?', ':':
		// As libyaml: these start a plain scalar when a non-space follows,
		// '?' and ':' only outside flow collections.
		if n := p.peek(1); n == ' ' || n == '\n' || n == 0 || c != '-' && inFlow {
			return nil, p.giveUp()
		}
	case '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return nil, p.giveUp()
	}
	end := p.pos // end of the last non-space character
	i := p.pos
	for i < len(p.data) {
		c := p.data[i]
		if c == '\n' {
			break
		}
		if c == ':' {
			next := byte('\n')
			if i+1 < len(p.data) {
				next = p.data[i+1]
			}
			if next == ' ' || next == '\n' {
				break
			}
		}
		if c == '#' && p.data[i-1] == ' ' {
			break
		}
		if inFlow && strings.IndexByte(",?[]{}", c) >= 0 { // as yaml.v3: "?" too
			break
		}
		i++
		if c != ' ' {
			end = i
		}
	}
	if end == start {
		return nil, p.giveUp()
	}
	value := string(p.data[start:end])
	p.advance(end - start)
	if inFlow {
		// A plain scalar that continues on the next line folds into one
		// value: leave that to yaml.v3.
		save := *p
		if p.skipFlowSpace() && (p.line != save.line || strings.IndexByte(",]}:", p.data[p.pos]) < 0) &&
			strings.IndexByte(",]}", p.data[p.pos]) < 0 {
			return nil, p.giveUp()
		}
		*p = save
	} else if !isKey {
		// Likewise in a block: the next line with content must not be
		// more indented than this scalar's collection (the callers check
		// that), and "a: b: c" is an error yaml.v3 reports.
		save := *p
		p.skipSpaces()
		if !p.eof() && p.data[p.pos] == ':' {
			return nil, p.giveUp()
		}
		*p = save
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: line, Column: col}
	if mayResolve[value[0]] {
		n.Tag = "" // yaml.v3's own resolution: !!int, !!bool, !!null, !!float, ...
		n.Tag = n.ShortTag()
	}
	if value == "<<" { // a merge key
		return nil, p.giveUp()
	}
	return n, nil
}

// mayResolve marks the first characters of plain scalars that yaml.v3 may
// resolve to something other than a string (its resolve table's hints);
// any other plain scalar is a !!str.
var mayResolve = func() (t [256]bool) {
	for _, c := range []byte("+-0123456789yYnNtTfFoO~.") {
		t[c] = true
	}
	return t
}()

// quoted reads a single- or double-quoted scalar on one line.
func (p *yamlParser) quoted() (*yaml.Node, error) {
	q := p.data[p.pos]
	line, col := p.line, p.col
	style := yaml.DoubleQuotedStyle
	if q == '\'' {
		style = yaml.SingleQuotedStyle
	}
	// Most quoted scalars hold no escape: take them as they are.
	for i := p.pos + 1; i < len(p.data) && p.data[i] != '\n'; i++ {
		if c := p.data[i]; c == '\\' && q == '"' || c == q && q == '\'' && i+1 < len(p.data) && p.data[i+1] == '\'' {
			break
		} else if c == q {
			value := string(p.data[p.pos+1 : i])
			p.advance(i + 1 - p.pos)
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Style: style, Line: line, Column: col}, nil
		}
	}
	i := p.pos + 1
	var b strings.Builder
	for {
		if i >= len(p.data) || p.data[i] == '\n' {
			return nil, p.giveUp() // multi-line quoted scalars fold: leave them to yaml.v3
		}
		c := p.data[i]
		if c == q {
			if q == '\'' && i+1 < len(p.data) && p.data[i+1] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			i++
			break
		}
		if c == '\\' && q == '"' {
			n, r, ok := unescapeYAML(p.data[i+1:])
			if !ok {
				return nil, p.giveUp()
			}
			b.WriteString(r)
			i += 1 + n
			continue
		}
		b.WriteByte(c)
		i++
	}
	p.advance(i - p.pos)
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: b.String(), Style: style, Line: line, Column: col}, nil
}

// simpleEscapes are libyaml's one-character escapes (not "\/", which
// yaml.v3 rejects).
var simpleEscapes = map[byte]string{'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", 'n': "\n", 'v': "\v", 'f': "\f", 'r': "\r",
	'e': "\x1b", ' ': " ", '"': "\"", '\\': "\\", 'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029"}

// unescapeYAML decodes one escape after a backslash in a double-quoted
// scalar: the bytes it used and the text it stands for.
func unescapeYAML(s []byte) (int, string, bool) {
	if len(s) == 0 {
		return 0, "", false
	}
	if r, ok := simpleEscapes[s[0]]; ok {
		return 1, r, true
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[0]]
	if width == 0 || len(s) < 1+width {
		return 0, "", false
	}
	v, err := strconv.ParseUint(string(s[1:1+width]), 16, 32)
	if err != nil || v >= 0xd800 && v <= 0xdfff || v > utf8.MaxRune {
		return 0, "", false
	}
	return 1 + width, string(rune(v)), true
}

// blockScalar reads a literal (|) or folded (>) block scalar whose content
// is indented more than indent.
func (p *yamlParser) blockScalar(indent int) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.LiteralStyle, Line: p.line, Column: p.col}
	folded := p.data[p.pos] == '>'
	if folded {
		n.Style = yaml.FoldedStyle
	}
	p.advance(1)
	chomp := byte(0)
	if c := p.peek(0); c == '-' || c == '+' {
		chomp = c
		p.advance(1)
	}
	if c := p.peek(0); c != ' ' && c != '\n' && c != 0 {
		return nil, p.giveUp() // an indentation indicator, or "|-+"
	}
	if !p.endOfLine() {
		return nil, p.giveUp()
	}
	for p.pos < len(p.data) && p.data[p.pos] != '\n' {
		p.pos++
	}
	if p.eof() {
		return nil, p.giveUp()
	}
	p.newline()
	// Collect the lines; the first line with content sets the indentation.
	var lines []string
	var leading []int // spaces on the blank lines before the first content line
	width := -1
	for !p.eof() {
		spaces := 0
		for p.pos+spaces < len(p.data) && p.data[p.pos+spaces] == ' ' {
			spaces++
		}
		end := p.pos + spaces
		for end < len(p.data) && p.data[end] != '\n' {
			end++
		}
		blank := end == p.pos+spaces
		switch {
		case width < 0 && blank:
			leading = append(leading, spaces)
			lines = append(lines, "")
		case width < 0:
			if spaces <= indent {
				return nil, p.giveUp() // an empty block scalar
			}
			for _, l := range leading {
				if l > spaces {
					return nil, p.giveUp() // a leading blank line longer than the indentation
				}
			}
			width = spaces
			lines = append(lines, string(p.data[p.pos+width:end]))
		case !blank && spaces < width:
			goto done // the first line of what follows the scalar
		case blank && spaces > width:
			return nil, p.giveUp() // spaces beyond the indentation on a blank line
		case blank:
			lines = append(lines, "")
		default:
			lines = append(lines, string(p.data[p.pos+width:end]))
		}
		if end == len(p.data) {
			return nil, p.giveUp() // no line break after the last line
		}
		p.pos = end
		p.newline()
	}
done:
	if width < 0 {
		return nil, p.giveUp()
	}
	// The parser now sits at the start of the line after the scalar (or at
	// the end); trailing blank lines belong to the scalar only for chomping.
	last := len(lines)
	for last > 0 && lines[last-1] == "" {
		last--
	}
	body := lines[:last]
	var b strings.Builder
	for i, l := range body {
		if i > 0 {
			if folded {
				if strings.HasPrefix(l, " ") || strings.HasPrefix(body[i-1], " ") {
					return nil, p.giveUp() // more-indented lines keep their breaks: leave it to yaml.v3
				}
				if body[i-1] != "" && l != "" {
					b.WriteByte(' ')
				} else if body[i-1] != "" {
					// the first empty line of a run is the folded break
				} else {
					b.WriteByte('\n')
				}
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l)
	}
	if folded && len(body) > 0 && strings.HasPrefix(body[0], " ") {
		return nil, p.giveUp()
	}
	switch chomp {
	case '-':
	case '+':
		b.WriteString(strings.Repeat("\n", len(lines)-last+1))
	default:
		b.WriteByte('\n')
	}
	n.Value = b.String()
	return n, nil
}
