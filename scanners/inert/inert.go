// Package inert renders untrusted text (logical ids, file names, property
// values, messages) so that a terminal, a CI log or a reader sees exactly
// the characters it contains and nothing it could do. bulwark runs as a CI
// gate on pull requests: a file name holding ESC sequences could rewrite
// the terminal, a CR/LF followed by "::error ...::" could forge a GitHub
// Actions workflow command, and a bidi override could make a line read
// differently from what it is ("Trojan Source").
//
// It imports only the standard library, so every package that prints can
// use it.
package inert

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// String returns s with every character that acts instead of showing
// written as a visible escape: \t, \n and \r; other C0 controls and DEL as
// \x1b; C1 controls, bidi marks, overrides and isolates, and the line and
// paragraph separators as \u202e; bytes that are not UTF-8 as \xff. All
// other text, backslashes included, is unchanged, so an ordinary value
// reads as it is.
func String(s string) string { return escape(s, false) }

// Lines is String for a whole document of lines: it keeps the line feeds
// and tabs (which cannot act) and escapes everything else String does,
// carriage returns included. It
// is the last pass over a rendered report, so that a value no field-level
// escaping caught still cannot act; values must still go through String
// (or a format's own escaping), or their line breaks would start lines.
func Lines(s string) string { return escape(s, true) }

func escape(s string, keepLF bool) string {
	if safe(s, keepLF) {
		return s // the common case: nothing to escape, nothing allocated
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case (r == '\n' || r == '\t') && keepLF:
			b.WriteByte(byte(r))
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case active(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Safe reports whether String would leave s as it is.
func Safe(s string) bool { return safe(s, false) }

func safe(s string, keepLF bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !((c == '\n' || c == '\t') && keepLF) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || active(r) {
			return false
		}
		i += n
	}
	return true
}

// active reports the non-ASCII runes that control rather than show: C1
// controls (U+009B is a CSI to a UTF-8 terminal), the bidi marks,
// embeddings, overrides and isolates, and the line and paragraph
// separators some viewers break lines at.
func active(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x2028 && r <= 0x202e: // LS, PS, LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}

// CodeSpan makes s a Markdown inline code span on one line (runs of white
// space become one space) with control characters as visible escapes and a
// fence longer than any run of backticks inside, so no value can close the
// span, start a line or inject markup.
func CodeSpan(s string) string {
	s = String(strings.Join(strings.Fields(s), " "))
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || s == "" {
		s = " " + s + " "
	}
	return fence + s + fence
}
