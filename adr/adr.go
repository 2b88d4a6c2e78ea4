// Package adr keeps a folder of architecture decision records
// (docs/adr/NNNN-kebab-title.md): creates, lists, supersedes, lints and
// indexes them, and drafts records from scan findings.
//
// A record is Markdown with MADR-style YAML front matter (status, date,
// deciders, supersedes, superseded_by) and the sections of the project's
// ADR template: # ADR-NNNN: Title, ## Status, ## Context, ## Options
// Considered, ## Decision, ## Consequences (**Positive:**, **Negative:**,
// **Neutral:**) and ## Implementation. Records are parsed with goldmark; the
// front matter is split off before parsing and decoded with yaml.v3.
//
// Nothing here writes outside the ADR folder, overwrites a record or
// renumbers one: records are created with O_CREATE|O_EXCL under a
// per-number reservation, and README/status edits are written atomically.
package adr

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bulwarkhq/bulwark/scanners/inert"
)

// Statuses a record can have.
const (
	StatusProposed   = "Proposed"
	StatusAccepted   = "Accepted"
	StatusRejected   = "Rejected"
	StatusDeprecated = "Deprecated"
	StatusSuperseded = "Superseded"
)

// Statuses lists the known statuses in the order of a decision's life.
var Statuses = []string{StatusProposed, StatusAccepted, StatusRejected, StatusDeprecated, StatusSuperseded}

// RequiredSections are the ## sections every record has, in order.
var RequiredSections = []string{"Status", "Context", "Options Considered", "Decision", "Consequences", "Implementation"}

// DefaultDir is where a project keeps its records.
const DefaultDir = "docs/adr"

// MaxNumber is the largest record number a 4-digit file name holds.
const MaxNumber = 9999

// MaxSlugLen bounds the title part of a file name, in bytes.
const MaxSlugLen = 60

// Problem is one thing wrong with a record, at a line of its file.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	// Warning marks what does not fail lint: an empty section of a record
	// still Proposed, a decision being written.
	Warning bool `json:"warning,omitempty"`
}

func (p Problem) String() string {
	if p.Warning {
		return fmt.Sprintf("%s:%d: warning: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

// Errors counts the problems that are not warnings.
func Errors(problems []Problem) int {
	n := 0
	for _, p := range problems {
		if !p.Warning {
			n++
		}
	}
	return n
}

// Options are what the commands that create records share.
type Options struct {
	// Dir is the ADR folder (default docs/adr).
	Dir string
	// Template is a text/template file to use instead of DIR/template.md or
	// the embedded default.
	Template string
	// Status of the new record (default Proposed).
	Status string
	// Deciders go into the front matter.
	Deciders []string
	// Now is the clock that dates records (default time.Now).
	Now func() time.Time
}

func (o Options) dir() string {
	if o.Dir == "" {
		return DefaultDir
	}
	return o.Dir
}

func (o Options) today() string {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	return now().Format("2006-01-02")
}

// CanonicalStatus returns the known status s names (case-insensitively),
// or "" when s is not one.
func CanonicalStatus(s string) string {
	for _, st := range Statuses {
		if strings.EqualFold(strings.TrimSpace(s), st) {
			return st
		}
	}
	return ""
}

// FormatID writes a record number as its id, ADR-0007.
func FormatID(n int) string { return fmt.Sprintf("ADR-%04d", n) }

var idPattern = regexp.MustCompile(`^(?i:adr-?)?([0-9]{1,4})$`)

// ParseID reads a record number from "ADR-0007", "ADR-7", "0007" or "7".
func ParseID(s string) (int, error) {
	m := idPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("%q is not an ADR number (like 7, 0007 or ADR-0007)", s)
	}
	n, _ := strconv.Atoi(m[1])
	if n < 1 {
		return 0, fmt.Errorf("%q is not an ADR number: numbers start at 1", s)
	}
	return n, nil
}

// Slug turns a title into the kebab-case part of a file name: lowercase
// letters and digits of any script (with their combining marks) separated
// by single hyphens, at most MaxSlugLen bytes (cut at a word boundary when
// there is one, never inside a character). Everything else, path
// separators, dots, controls and invisible formatting characters included,
// becomes a separator, so a slug can never name another folder, start
// with a dot or hide a character. An empty result is an error.
func Slug(title string) (string, error) {
	s := slug(title, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
	if s == "" {
		return "", fmt.Errorf("title %q has no letters or digits to name a file with", title)
	}
	return s, nil
}

// legacySlug is the slug bulwark gave titles before it kept letters beyond
// ASCII ("Café" → "caf"): records named so still match their titles.
func legacySlug(title string) string {
	return slug(title, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' })
}

// slugMatches reports whether a file name's slug is the title's.
func slugMatches(fileSlug, title string) bool {
	s, err := Slug(title)
	return err == nil && s == fileSlug || fileSlug != "" && legacySlug(title) == fileSlug
}

// validSlug reports whether s is a slug as Slug writes them.
func validSlug(s string) bool {
	t, err := Slug(s)
	return err == nil && t == s
}

func slug(title string, keep func(rune) bool) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(title) {
		switch {
		case keep(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case unicode.In(r, unicode.Mn, unicode.Mc) && !hyphen && b.Len() > 0:
			b.WriteRune(r) // an accent or vowel sign of the letter before
		case r == '\'' || r == '’':
			// "team's" → "teams"
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > MaxSlugLen {
		cut := MaxSlugLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
		if i := strings.LastIndexByte(s, '-'); i > MaxSlugLen/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	return s
}

// checkTitle rejects titles that cannot stand on a Markdown heading line,
// or would not read as what they are (bidi overrides).
func checkTitle(title string) error {
	if strings.TrimSpace(title) == "" {
		return fmt.Errorf("the title is empty")
	}
	if !inert.Safe(title) {
		return fmt.Errorf("title %q contains a control character, line break or bidi override", title)
	}
	_, err := Slug(title)
	return err
}

// FileName is the file name of record n with the given title.
func FileName(n int, title string) (string, error) {
	slug, err := Slug(title)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%04d-%s.md", n, slug), nil
}

var fileNamePattern = regexp.MustCompile(`^([0-9]+)-(.*)\.md$`)

// parseFileName splits a record file name into its number and slug; ok is
// false for files that are not records (README.md, template.md).
func parseFileName(name string) (n int, digits, slug string, ok bool) {
	m := fileNamePattern.FindStringSubmatch(name)
	if m == nil {
		return 0, "", "", false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return 0, "", "", false
	}
	return n, m[1], m[2], true
}
