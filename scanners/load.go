package scanners

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"go.yaml.in/yaml/v3"
)

// Options control how templates are resolved.
type Options struct {
	// Params override parameter defaults (--param KEY=VALUE).
	Params map[string]string
	// Pseudo gives values for pseudo parameters such as AWS::Region when the
	// caller knows them; otherwise they stay unknown.
	Pseudo map[string]string
	// MaxFileSize in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// MaxResources per template; 0 means DefaultMaxResources.
	MaxResources int
	// Stacks names the CDK stack of each template of a cloud assembly
	// (Discovery.Stacks); it becomes Template.Stack.
	Stacks map[string]string

	// Roots are the paths the scan was asked for: a nested stack's
	// template must lie inside the folder its root template was found in
	// (or, for a file named on its own, that file's folder).
	Roots []string

	// passed holds the parameter values a parent template passes to a
	// nested one (nested.go); nil for a template deployed on its own.
	passed *passedParams

	// The resolution budget (see budget.go); 0 means the default. Tests
	// and the fuzzer set small ones.
	budgetValues, budgetBytes int64
}

// DefaultMaxResources bounds the resources of one template. CloudFormation
// accepts 500; generated templates and benchmarks go higher, so the limit
// only stops input that is hostile or broken.
const DefaultMaxResources = 20_000

// DefaultMaxFileSize bounds a single template. CloudFormation itself accepts
// at most 1 MB from S3, so a few MB leaves room for SAM and generated files.
const DefaultMaxFileSize = 5 << 20

// Result is the outcome of loading one file: a template, diagnostics, or
// Skipped when the file is YAML/JSON but not a CloudFormation template.
type Result struct {
	Template    *Template
	Diagnostics []Diagnostic
	Skipped     bool
	// Nested are the templates of the template's nested stacks with a
	// local path, recursively, each with its Parent; NestedFiles are the
	// files read for them (including those that did not load).
	Nested      []*Source
	NestedFiles []string

	budget *budget // what loading drew from the resolution budget (tests)
}

// LoadFile reads and loads one file, and the local templates of its nested
// stacks (Result.Nested).
func LoadFile(path string, opts Options) Result {
	res := loadFile(path, opts)
	if res.Template != nil {
		nested := loadNested(res.Template, opts)
		res.Nested, res.NestedFiles = nested.sources, nested.files
		res.Diagnostics = append(res.Diagnostics, nested.diags...)
	}
	return res
}

// loadFile reads and loads one file, not its nested stacks.
func loadFile(path string, opts Options) Result {
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	// safeio refuses a pipe or a device (a committed link to /dev/zero)
	// without blocking, and a file above the limit before reading it.
	data, err := safeio.ReadFile(path, limit)
	var tooLarge *safeio.TooLargeError
	if errors.As(err, &tooLarge) && tooLarge.Size >= 0 {
		return errResult(path, 0, "file is %d bytes, above the %d-byte limit", tooLarge.Size, limit)
	}
	if err != nil {
		return errResult(path, 0, "cannot read file: %v", safeio.Cause(err))
	}
	return Load(path, data, opts)
}

func errResult(file string, line int, format string, args ...any) Result {
	return Result{Diagnostics: []Diagnostic{{File: file, Line: line, Severity: SeverityError,
		Message: fmt.Sprintf(format, args...)}}}
}

var yamlErrLine = regexp.MustCompile(`^line (\d+):?`)

// Load parses a template from memory. file names it in locations and
// diagnostics. YAML and JSON share one path (yaml.v3 nodes), so both get
// lines and columns.
func Load(file string, data []byte, opts Options) Result {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return errResult(file, lineAt(data, i), "binary content (NUL byte): not a text template")
	}
	if !utf8.Valid(data) {
		return errResult(file, firstInvalidUTF8Line(data), "not valid UTF-8")
	}
	format := "yaml"
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		format = "json"
	}
	var root yaml.Node
	if format == "json" {
		if n, err := parseJSON(data); err == nil {
			root = *n
		}
	} else if n, err := parseYAMLFast(data); err == nil {
		root = *n
	}
	if root.Kind == 0 {
		if err := yaml.Unmarshal(data, &root); err != nil {
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			line := 0
			if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
				line, _ = strconv.Atoi(m[1])
				// yaml.v3 reports parser errors ("did not find expected ...")
				// at the 0-based line of their context; scanner errors are 1-based.
				if strings.Contains(msg, "did not find expected") {
					line++
				}
				msg = strings.TrimSpace(msg[len(m[0]):])
				msg = strings.TrimPrefix(msg, ": ")
			}
			if !looksLikeTemplate(data) {
				return Result{Skipped: true}
			}
			return errResult(file, line, "%s syntax error: %s", strings.ToUpper(format), msg)
		}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return Result{Skipped: true}
	}
	top := root.Content[0]
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		keys[top.Content[i].Value] = top.Content[i+1]
	}
	resNode, hasResources := keys["Resources"]
	_, hasVersion := keys["AWSTemplateFormatVersion"]
	if !hasResources {
		if hasVersion || isSAMTransform(keys["Transform"]) {
			return errResult(file, top.Line, "template has no Resources section")
		}
		return Result{Skipped: true}
	}
	if resNode.Kind != yaml.MappingNode {
		return errResult(file, resNode.Line, "Resources must be a mapping of logical ids to resources")
	}
	maxResources := opts.MaxResources
	if maxResources <= 0 {
		maxResources = DefaultMaxResources
	}
	if n := len(resNode.Content) / 2; n > maxResources {
		return errResult(file, resNode.Line, "template has %d resources, above the limit of %d", n, maxResources)
	}

	b := newBudget(opts)
	var lx *langExt
	if usesLanguageExtensions(keys["Transform"]) {
		lx = expandLanguageExtensions(file, top, opts, b)
		if b.exceeded {
			return Result{Diagnostics: lx.diags, budget: b}
		}
		top = lx.top
	}
	conv := &converter{file: file, budget: b}
	doc, _ := conv.convert(top, 0).(map[string]any)
	if conv.fatal {
		return Result{Diagnostics: conv.diags, budget: b}
	}
	t := &Template{File: file, Format: format, Stack: opts.Stacks[file], doc: newDocIndex(top), langExt: lx}
	t.Metadata, _ = doc["Metadata"].(map[string]any)
	diags := conv.diags
	if lx != nil {
		diags = append(diags, lx.diags...)
	}
	rawResources, _ := doc["Resources"].(map[string]any)
	if len(rawResources) == 0 {
		diags = append(diags, Diagnostic{File: file, Line: resNode.Line, Column: resNode.Column,
			Severity: SeverityError, Message: "Resources section is empty"})
	}
	diags = append(diags, t.buildResources(rawResources, doc, opts, b)...)
	if b.exceeded {
		// Resolution stopped part-way: evaluating what was resolved would
		// report on a template that is not the one written.
		return Result{Diagnostics: diags, budget: b}
	}
	t.budget = b
	return Result{Template: t, Diagnostics: diags, budget: b}
}

// looksLikeTemplate decides, for a file that does not parse, whether it was
// meant to be a template (then the syntax error is reported) or is some
// other YAML/JSON file (then it is skipped).
func looksLikeTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) || resourcesKey.Match(data)
}

// resourcesKey finds a Resources key: a YAML top-level key or a JSON key.
var resourcesKey = regexp.MustCompile(`(?m)^Resources\s*:|"Resources"\s*:`)

func isSAMTransform(n *yaml.Node) bool {
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return strings.HasPrefix(n.Value, "AWS::Serverless")
	}
	for _, c := range n.Content {
		if isSAMTransform(c) {
			return true
		}
	}
	return false
}

// buildResources merges SAM Globals, resolves intrinsics and drops the
// resources whose Condition is false, keeping document order.
func (t *Template) buildResources(raw map[string]any, doc map[string]any, opts Options, b *budget) []Diagnostic {
	r := newResolver(t.File, doc, opts, b)
	r.conditionsNode = mappingValue(t.doc.top, "Conditions")
	r.condsIncomplete = t.langExt != nil && t.langExt.conditionsUnknown
	r.condLoc = func(name string) Location {
		conds := mappingValue(t.doc.top, "Conditions")
		if k, _ := mappingEntry(conds, name); k != nil {
			return Location{Line: k.Line, Column: k.Column}
		}
		return Location{}
	}
	var diags []Diagnostic
	globals, _ := doc["Globals"].(map[string]any)
	t.inherited = map[string]map[string]bool{}
	t.Parameters = r.knownParams()
	if md, ok := r.at("", mappingValue(t.doc.top, "Metadata"), nil, t.Metadata).(map[string]any); ok {
		t.Metadata = md
	}
	for _, id := range t.doc.resourceOrder() {
		if b.exceeded {
			break
		}
		body, ok := raw[id].(map[string]any)
		loc := t.doc.resourceLocation(id)
		loc.File = t.File
		if strings.HasPrefix(id, forEachPrefix) {
			if t.langExt == nil {
				diags = append(diags, Diagnostic{File: t.File, Line: loc.Line, Column: loc.Column, Severity: SeverityWarning,
					Message: fmt.Sprintf("%s: Fn::ForEach needs `Transform: %s` (CloudFormation rejects the template without it); the loop is not expanded and the resources it generates are not checked", id, languageExtName)})
			}
			continue // else a loop left unexpanded: the expansion said why
		}
		if t.langExt != nil && t.langExt.unexpanded[id] {
			continue // a property loop was not expanded: its properties are unknown
		}
		if !ok {
			diags = append(diags, Diagnostic{File: t.File, Line: loc.Line, Column: loc.Column,
				Severity: SeverityError, Message: fmt.Sprintf("resource %s is not a mapping", id)})
			continue
		}
		typ, _ := body["Type"].(string)
		if m, ok := body["Type"].(map[string]any); ok && m["Rain::Module"] != nil {
			diags = append(diags, Diagnostic{File: t.File, Line: loc.Line, Column: loc.Column, Severity: SeverityWarning,
				Message: fmt.Sprintf("resource %s is a Rain module (%v): it is not expanded and not checked", id, m["Rain::Module"])})
			continue
		}
		if typ == "" {
			diags = append(diags, Diagnostic{File: t.File, Line: loc.Line, Column: loc.Column,
				Severity: SeverityError, Message: fmt.Sprintf("resource %s has no Type", id)})
			continue
		}
		res := &Resource{ID: id, Type: typ, Location: loc}
		cond := body["Condition"]
		if m, ok := cond.(map[string]any); ok && isIntrinsicMap(m) && t.langExt != nil {
			// The language extensions allow an intrinsic here (a
			// Fn::FindInMap with a DefaultValue of AWS::NoValue: no condition).
			cond = r.at(id, nil, []any{"Condition"}, m)
		}
		if c, ok := cond.(string); ok {
			res.Condition = c
			if v, known := r.condition(c); known && !v {
				continue // not created under these parameters: nothing to evaluate
			}
		}
		props, _ := body["Properties"].(map[string]any)
		merge := func(values int64) bool {
			return b.take(values, 0, "SAM Globals", func() site { return site{resource: id, path: []any{"Properties"}} })
		}
		inherited := mergeGlobals(typ, props, globals, merge)
		if inherited != nil {
			props = inherited.props
			t.inherited[id] = inherited.keys
		}
		r.withGlobals = inherited != nil
		if p, ok := r.at(id, nil, []any{"Properties"}, props).(map[string]any); ok {
			res.Properties = p
		}
		if md, ok := r.at(id, nil, []any{"Metadata"}, body["Metadata"]).(map[string]any); ok {
			res.Metadata = md
		}
		for _, attr := range resourceAttributes {
			if v, ok := body[attr]; ok {
				if res.Attributes == nil {
					res.Attributes = map[string]any{}
				}
				res.Attributes[attr] = r.at(id, nil, []any{attr}, v)
			}
		}
		t.Resources = append(t.Resources, res)
	}
	t.byID = make(map[string]*Resource, len(t.Resources))
	for _, res := range t.Resources {
		t.byID[res.ID] = res
	}
	t.Schedules = CollectSchedules(t.Resources)
	t.Globals = implicitAPIGlobals(r, globals)
	diags = append(diags, r.diags...)
	if b.exceeded {
		loc, fn := t.locateSite(b.site, b.fn)
		b.fn = fn
		diags = append(diags, Diagnostic{File: t.File, Line: loc.Line, Column: loc.Column,
			Severity: SeverityError, Message: b.message()})
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Line < diags[j].Line })
	return diags
}

// resourceAttributes are the resource-level keys besides Type, Properties,
// Metadata and Condition that rules may read.
var resourceAttributes = []string{"DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy"}

func lineAt(data []byte, offset int) int {
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

func firstInvalidUTF8Line(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return lineAt(data, i)
		}
		i += size
	}
	return 0
}

// IsTemplateFile reports whether a path has an extension bulwark reads.
func IsTemplateFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

// implicitAPIGlobals resolves the Globals sections that configure the APIs
// SAM creates for Api and HttpApi events without an API of their own
// (ServerlessRestApi, ServerlessHttpApi): no resource of the template holds
// them. What they get wrong is already reported where an explicit API
// inherits them, so their diagnostics are dropped.
func implicitAPIGlobals(r *resolver, globals map[string]any) map[string]any {
	n := len(r.diags)
	defer func() { r.diags = r.diags[:n] }()
	out := map[string]any{}
	for _, section := range []string{"Api", "HttpApi"} {
		if v, ok := globals[section]; ok {
			if rv := r.resolve(v); rv != noValue {
				out[section] = rv
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
