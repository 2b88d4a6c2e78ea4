// Package scanners turns every source bulwark reads (template files today,
// live accounts later) into one CloudFormation-shaped resource model. Rules
// only ever see this model, so one rule covers every source.
package scanners

import "fmt"

// Location is a position in a source file. Line and Column are 1-based; a
// zero Line means "the file as a whole".
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

func (l Location) String() string {
	if l.Line == 0 {
		return l.File
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
}

// Resource is one resource in CloudFormation's shape. Properties holds the
// resolved values: what could not be resolved statically stays an intrinsic
// in long form ({"Ref": "X"}, {"Fn::GetAtt": [...]}) and counts as unknown.
type Resource struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties,omitempty"`
	Metadata   map[string]any `json:"metadata,omitempty"`
	Condition  string         `json:"condition,omitempty"`
	// Attributes holds DependsOn, DeletionPolicy, UpdatePolicy and the other
	// resource-level keys, resolved like the properties.
	Attributes map[string]any `json:"attributes,omitempty"`
	Location   Location       `json:"location"`
}

// Template is one loaded source: its resources in document order plus what
// the rules need besides them. It keeps the parsed node tree so that a
// finding's property path can be mapped to a line after evaluation; drop the
// Template once its findings are located so memory stays flat.
type Template struct {
	File       string
	Format     string // "yaml" or "json"
	Resources  []*Resource
	Parameters map[string]any // resolved parameter values (known ones only)
	Metadata   map[string]any // the template's top-level Metadata
	// Schedules maps each backup schedule expression found to its parsed form.
	Schedules map[string]Schedule
	// Globals holds the resolved SAM Globals sections Api and HttpApi, which
	// also configure the implicit APIs SAM creates (nil when none is set).
	Globals map[string]any
	// Stack is the CDK stack this template is, named by its cloud
	// assembly's manifest ("" for a template not read through one).
	Stack string

	doc       *docIndex
	inherited map[string]map[string]bool // resource id -> property keys taken from SAM Globals
	byID      map[string]*Resource       // the loaded resources by id, so Resource is not a scan
	budget    *budget                    // what loading it drew from its resolution budget
	langExt   *langExt                   // the AWS::LanguageExtensions expansion, when declared
}

// Severity of a diagnostic.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	// SeverityInfo is a coverage note: something bulwark did not check
	// (a nested stack's template at a URL), which is not a problem.
	SeverityInfo = "info"
)

// Diagnostic is what bad input produces: a file that does not parse, a
// template without Resources, a duplicate key. It always names the file and,
// where known, the line.
type Diagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func (d Diagnostic) Error() string {
	loc := Location{File: d.File, Line: d.Line, Column: d.Column}
	return fmt.Sprintf("%s: %s", loc, d.Message)
}

// Resource returns the resource with the given logical id, or nil.
func (t *Template) Resource(id string) *Resource {
	if r := t.byID[id]; r != nil {
		return r
	}
	// A template built elsewhere (the live audit) or added to after loading.
	for _, r := range t.Resources {
		if r.ID == id {
			return r
		}
	}
	return nil
}
