// Package templates holds the files bulwark generates from, embedded in the
// binary.
//
// adr/default.md is the text/template of a new architecture decision
// record. A team replaces it with `bulwark adr new --template FILE` or by
// putting a template.md in its ADR folder. The template is executed with:
//
//	.Number        int       the record's number (7)
//	.ID            string    "ADR-0007"
//	.Title         string    the title, its Markdown punctuation backslash-
//	                         escaped so that it shows, and reads back, as given
//	.Status        string    Proposed, Accepted, Rejected, Deprecated or Superseded
//	.Date          string    YYYY-MM-DD
//	.Deciders      []string  who decides
//	.Supersedes    []Ref     the records this one replaces, each {.ID, .File}
//	.Context, .Options, .Decision, .Positive, .Negative, .Neutral, .Implementation
//	               string    Markdown prefilled by `adr init` and `adr draft`;
//	                         empty for `adr new`
//
// and the functions yaml (a string → a YAML scalar), yamlList ([]string →
// a YAML flow list) and refIDs ([]Ref → their IDs).
package templates

import "embed"

// FS holds adr/*.md.
//
//go:embed adr/*.md
var FS embed.FS

// ADRDefault is the path of the default ADR template inside FS.
const ADRDefault = "adr/default.md"
