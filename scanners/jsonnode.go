package scanners

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parseJSON builds the same yaml.v3 node tree that yaml.Unmarshal would
// build for a JSON document, with lines and columns, several times faster:
// half of real-world templates are JSON and yaml.v3's YAML machinery
// dominates loading them. Any input it does not accept (JSON is a subset
// of YAML, so YAML-only syntax included) makes it fail, and the caller
// falls back to yaml.v3, which then reports the error or parses the YAML.
func parseJSON(data []byte) (*yaml.Node, error) {
	p := &jsonParser{data: data, line: 1, col: 1}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return nil, p.errorf("unexpected content after the document")
	}
	// yaml.v3 places the document where its content starts.
	return &yaml.Node{Kind: yaml.DocumentNode, Line: v.Line, Column: v.Column, Content: []*yaml.Node{v}}, nil
}

type jsonParser struct {
	data      []byte
	pos       int
	line, col int // of pos, columns counted in characters as yaml.v3 does
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", p.line, fmt.Sprintf(format, args...))
}

// advance moves pos forward by n bytes that hold no newline.
func (p *jsonParser) advance(n int) {
	p.col += utf8.RuneCount(p.data[p.pos : p.pos+n])
	p.pos += n
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\n':
			p.pos++
			p.line++
			p.col = 1
		case '\r': // CR LF is one line break; a lone CR is one too, as in YAML
			p.pos++
			if p.pos >= len(p.data) || p.data[p.pos] != '\n' {
				p.line++
				p.col = 1
			}
		case ' ', '\t':
			p.pos++
			p.col++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (*yaml.Node, error) {
	if depth > maxDepth {
		return nil, p.errorf("nesting deeper than %d levels", maxDepth)
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input")
	}
	line, col := p.line, p.col
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle, Line: line, Column: col}, nil
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range [...]struct{ word, tag string }{{"true", "!!bool"}, {"false", "!!bool"}, {"null", "!!null"}} {
			if strings.HasPrefix(string(p.data[p.pos:min(p.pos+5, len(p.data))]), lit.word) {
				p.advance(len(lit.word))
				return &yaml.Node{Kind: yaml.ScalarNode, Tag: lit.tag, Value: lit.word, Line: line, Column: col}, nil
			}
		}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(line, col)
	}
	return nil, p.errorf("unexpected character %q", p.data[p.pos])
}

func (p *jsonParser) object(depth int) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Line: p.line, Column: p.col}
	p.advance(1)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.advance(1)
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("expected a string key")
		}
		line, col := p.line, p.col
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Style: yaml.DoubleQuotedStyle, Line: line, Column: col}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("expected ':' after a key")
		}
		p.advance(1)
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, key, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in an object")
		}
		switch p.data[p.pos] {
		case ',':
			p.advance(1)
		case '}':
			p.advance(1)
			return n, nil
		default:
			return nil, p.errorf("expected ',' or '}'")
		}
	}
}

func (p *jsonParser) array(depth int) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: p.line, Column: p.col}
	p.advance(1)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.advance(1)
		return n, nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in an array")
		}
		switch p.data[p.pos] {
		case ',':
			p.advance(1)
		case ']':
			p.advance(1)
			return n, nil
		default:
			return nil, p.errorf("expected ',' or ']'")
		}
	}
}

// str reads a string token, decoding escapes.
func (p *jsonParser) str() (string, error) {
	start := p.pos + 1
	i := start
	for i < len(p.data) && p.data[i] != '"' && p.data[i] != '\\' && p.data[i] >= 0x20 {
		i++
	}
	if i < len(p.data) && p.data[i] == '"' { // no escapes: the common case
		s := string(p.data[start:i])
		p.advance(i + 1 - p.pos)
		return s, nil
	}
	var b strings.Builder
	b.Write(p.data[start:i])
	for i < len(p.data) {
		c := p.data[i]
		switch {
		case c == '"':
			p.advance(i + 1 - p.pos)
			return b.String(), nil
		case c < 0x20:
			return "", p.errorf("control character in a string")
		case c == '\\':
			if i+1 >= len(p.data) {
				return "", p.errorf("unfinished escape")
			}
			esc := p.data[i+1]
			i += 2
			switch esc {
			case '"', '\\', '/':
				b.WriteByte(esc)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, n, ok := hex4(p.data, i)
				if !ok {
					return "", p.errorf("bad \\u escape")
				}
				i += n
				if utf16.IsSurrogate(r) {
					if r2, n2, ok := hex4(p.data, i+2); ok && i+1 < len(p.data) && p.data[i] == '\\' && p.data[i+1] == 'u' {
						r = utf16.DecodeRune(r, r2)
						i += 2 + n2
					} else {
						r = utf8.RuneError
					}
				}
				b.WriteRune(r)
			default:
				return "", p.errorf("unknown escape \\%c", esc)
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", p.errorf("unterminated string")
}

func hex4(data []byte, i int) (rune, int, bool) {
	if i+4 > len(data) {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(string(data[i:i+4]), 16, 32)
	return rune(v), 4, err == nil
}

func (p *jsonParser) number(line, col int) (*yaml.Node, error) {
	i := p.pos
	if p.data[i] == '-' {
		i++
	}
	digits := i
	for i < len(p.data) && p.data[i] >= '0' && p.data[i] <= '9' {
		i++
	}
	if i == digits || (p.data[digits] == '0' && i-digits > 1) {
		return nil, p.errorf("malformed number") // JSON allows no leading zeros
	}
	tag := "!!int"
	// digitsFrom skips the digits at j; JSON wants at least one after a
	// '.' or an exponent.
	digitsFrom := func(j int) (int, bool) {
		k := j
		for k < len(p.data) && p.data[k] >= '0' && p.data[k] <= '9' {
			k++
		}
		return k, k > j
	}
	if i < len(p.data) && p.data[i] == '.' {
		tag = "!!float"
		var ok bool
		if i, ok = digitsFrom(i + 1); !ok {
			return nil, p.errorf("malformed number")
		}
	}
	if i < len(p.data) && (p.data[i] == 'e' || p.data[i] == 'E') {
		tag = "!!float"
		i++
		if i < len(p.data) && (p.data[i] == '+' || p.data[i] == '-') {
			i++
		}
		var ok bool
		if i, ok = digitsFrom(i); !ok {
			return nil, p.errorf("malformed number")
		}
	}
	v := string(p.data[p.pos:i])
	// Resolve as yaml.v3 does: integers beyond 64 bits are floats, and
	// numbers beyond float64 are strings.
	if tag == "!!int" && !fitsInt(v) {
		tag = "!!float"
	}
	if _, err := strconv.ParseFloat(v, 64); tag == "!!float" && err != nil {
		tag = "!!str"
	}
	p.advance(i - p.pos)
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v, Line: line, Column: col}, nil
}

func fitsInt(v string) bool {
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return true
	}
	_, err := strconv.ParseUint(v, 10, 64)
	return err == nil
}
