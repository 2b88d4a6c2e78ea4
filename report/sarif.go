package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bulwarkhq/bulwark/scanners"
)

// SARIF constants: the schema GitHub code scanning expects and the key of
// bulwark's own partial fingerprint.
const (
	sarifSchema         = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion        = "2.1.0"
	toolInformationURI  = "https://github.com/bulwarkhq/bulwark"
	fingerprintKey      = "bulwarkFingerprint/v1"
	logicalKindResource = "resource"
	// A CDK construct is an object of the app's code (SARIF 3.33.7).
	logicalKindConstruct = "object"
)

// The SARIF 2.1.0 objects bulwark emits, fields in the spec's order.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		Invocations        []sarifInvocation                `json:"invocations"`
		AutomationDetails  *sarifAutomationDetails          `json:"automationDetails,omitempty"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult                    `json:"results"`
		ColumnKind         string                           `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	// sarifAutomationDetails identifies the analysis: GitHub keeps one set
	// of alerts per category (the id up to its last slash).
	sarifAutomationDetails struct {
		ID string `json:"id"`
	}
	sarifDriver struct {
		Name           string            `json:"name"`
		Version        string            `json:"version,omitempty"`
		InformationURI string            `json:"informationUri"`
		Rules          []sarifDescriptor `json:"rules"`
	}
	sarifDescriptor struct {
		ID                   string              `json:"id"`
		Name                 string              `json:"name"`
		ShortDescription     sarifText           `json:"shortDescription"`
		FullDescription      sarifText           `json:"fullDescription"`
		Help                 sarifHelp           `json:"help"`
		DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
		Properties           sarifRuleProperties `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifRuleProperties struct {
		Tags      []string `json:"tags"`
		Precision string   `json:"precision"`
	}
	sarifResult struct {
		RuleID              string              `json:"ruleId"`
		RuleIndex           int                 `json:"ruleIndex"`
		Level               string              `json:"level"`
		Message             sarifText           `json:"message"`
		Locations           []sarifLocation     `json:"locations,omitempty"`
		PartialFingerprints map[string]string   `json:"partialFingerprints"`
		Suppressions        []sarifSuppression  `json:"suppressions,omitempty"`
		BaselineState       string              `json:"baselineState,omitempty"`
		Properties          sarifResultProperty `json:"properties"`
	}
	sarifLocation struct {
		PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifLogicalLocation struct {
		Name               string `json:"name"`
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	sarifSuppression struct {
		Kind          string                    `json:"kind"`
		Status        string                    `json:"status"`
		Justification string                    `json:"justification,omitempty"`
		Properties    *sarifSuppressionProperty `json:"properties,omitempty"`
	}
	sarifSuppressionProperty struct {
		ADR     string `json:"adr,omitempty"`
		Expires string `json:"expires,omitempty"`
	}
	sarifResultProperty struct {
		Severity        string   `json:"severity"`
		Concern         string   `json:"concern"`
		WellArchitected []string `json:"well_architected"`
		Resource        string   `json:"resource"`
		ResourceType    string   `json:"resource_type"`
		Property        string   `json:"property,omitempty"`
		Status          string   `json:"status"`
		ConstructPath   string   `json:"construct_path,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations,omitempty"`
	}
)

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run, in the
// shape GitHub code scanning accepts: one rule descriptor per rule in the
// catalogue, one result per finding (suppressed ones carry a suppression,
// and with a baseline every result has a baselineState) and the
// diagnostics as tool execution notifications. Locations are relative to
// %SRCROOT%, the working directory (see Getwd).
func WriteSARIF(w io.Writer, r *Report) error {
	root, err := Getwd()
	if err != nil {
		root = ""
	}
	s := sarifBuilder{root: root}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "bulwark",
			Version:        r.Tool.Version,
			InformationURI: toolInformationURI,
		}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
	}
	descriptors, index := sarifDescriptors(r)
	run.Tool.Driver.Rules = descriptors
	run.AutomationDetails = &sarifAutomationDetails{ID: automationID(r)}
	findings, left := capFindings(r.Findings, SARIFMaxResults)
	outside := 0
	for _, f := range findings {
		res := s.result(f, index[f.RuleID], r.Baseline != "")
		if len(res.Locations) > 0 && res.Locations[0].PhysicalLocation != nil &&
			res.Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID == "" && strings.HasPrefix(res.Locations[0].PhysicalLocation.ArtifactLocation.URI, "file:") {
			outside++
		}
		run.Results = append(run.Results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, d := range r.Diagnostics {
		if d.Severity == scanners.SeverityError {
			inv.ExecutionSuccessful = false
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, s.notification(d))
	}
	if left > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "warning",
			Message: sarifText{Text: fmt.Sprintf("%d of %d results were left out: GitHub code scanning accepts at most %d results in a run; "+
				"these are the most severe, and the JSON report has them all", left, len(r.Findings), SARIFMaxResults)}})
	}
	if outside > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "warning",
			Message: sarifText{Text: fmt.Sprintf("%d results are in files outside the working directory (%%SRCROOT%%), located by absolute file:// URIs "+
				"that GitHub code scanning cannot map to the repository: run bulwark from the repository root", outside)}})
	}
	run.Invocations = []sarifInvocation{inv}
	if root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{srcRoot: {URI: rootURI(root)}}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// sarifDescriptors lists one descriptor per rule, sorted by id: the
// catalogue's rules plus any rule a finding names that the catalogue lacks.
// index maps a rule id to its position.
func sarifDescriptors(r *Report) ([]sarifDescriptor, map[string]int) {
	byID := map[string]*finding.Rule{}
	for _, rule := range r.Rules {
		if rule != nil && rule.ID != "" && byID[rule.ID] == nil {
			byID[rule.ID] = rule
		}
	}
	for _, f := range r.Findings {
		if byID[f.RuleID] == nil {
			byID[f.RuleID] = &finding.Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Concern: f.Concern,
				WellArchitected: f.WellArchitected, Remediation: f.Remediation}
		}
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]sarifDescriptor, 0, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		index[id] = i
		out = append(out, sarifDescriptorOf(byID[id]))
	}
	return out, index
}

func sarifDescriptorOf(rule *finding.Rule) sarifDescriptor {
	title := coalesce(rule.Title, rule.ID)
	name := pascalCase(rule.Title)
	if name == "" {
		name = pascalCase(rule.ID)
	}
	tags := []string{}
	for _, t := range append(append([]string{rule.Concern}, rule.WellArchitected...), "reliability") {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	remediation := coalesce(rule.Remediation, title)
	help := sarifHelp{Text: remediation, Markdown: "**Remediation:** " + remediation}
	if len(rule.WellArchitected) > 0 {
		wa := strings.Join(rule.WellArchitected, ", ")
		help.Text += "\n\nAWS Well-Architected: " + wa
		help.Markdown += "\n\n**AWS Well-Architected:** " + wa
	}
	return sarifDescriptor{
		ID:                   rule.ID,
		Name:                 name,
		ShortDescription:     sarifText{Text: title},
		FullDescription:      sarifText{Text: coalesce(rule.Description, title)},
		Help:                 help,
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
		Properties:           sarifRuleProperties{Tags: tags, Precision: "high"},
	}
}

type sarifBuilder struct{ root string }

func (s sarifBuilder) result(f finding.Finding, ruleIndex int, withBaseline bool) sarifResult {
	res := sarifResult{
		RuleID:    f.RuleID,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f.Severity),
		Message:   sarifText{Text: coalesce(f.Message, f.Title, f.RuleID)},
		PartialFingerprints: map[string]string{
			fingerprintKey: coalesce(f.Fingerprint, finding.FingerprintOf(f.RuleID, f.File, f.Resource, f.Property)),
		},
		Properties: sarifResultProperty{
			Severity:        f.Severity,
			Concern:         f.Concern,
			WellArchitected: f.WellArchitected,
			Resource:        f.Resource,
			ResourceType:    f.ResourceType,
			Property:        f.Property,
			Status:          f.Status,
			ConstructPath:   f.ConstructPath,
		},
	}
	if res.Properties.WellArchitected == nil {
		res.Properties.WellArchitected = []string{}
	}
	loc := sarifLocation{PhysicalLocation: s.physical(f.File, f.Line, f.Column)}
	if f.Resource != "" {
		fqn := f.Resource
		if f.ResourceType != "" {
			fqn = f.ResourceType + "/" + f.Resource
		}
		loc.LogicalLocations = []sarifLogicalLocation{{Name: f.Resource, FullyQualifiedName: fqn, Kind: logicalKindResource}}
	}
	if f.ConstructPath != "" {
		loc.LogicalLocations = append(loc.LogicalLocations, sarifLogicalLocation{
			Name: f.ConstructPath, FullyQualifiedName: f.ConstructPath, Kind: logicalKindConstruct})
	}
	if loc.PhysicalLocation != nil || loc.LogicalLocations != nil {
		res.Locations = []sarifLocation{loc}
	}
	if f.Status == finding.StatusSuppressed {
		res.Suppressions = []sarifSuppression{sarifSuppressionOf(f.Suppression)}
	}
	if withBaseline {
		res.BaselineState = "new"
		if f.Status == finding.StatusBaselined {
			res.BaselineState = "unchanged"
		}
	}
	return res
}

func sarifSuppressionOf(sup *finding.Suppression) sarifSuppression {
	out := sarifSuppression{Kind: "external", Status: "accepted"}
	if sup == nil {
		return out
	}
	if sup.Kind == "template" {
		out.Kind = "inSource"
	}
	out.Justification = suppressionJustification(sup)
	if sup.ADR != "" || sup.Expires != "" {
		out.Properties = &sarifSuppressionProperty{ADR: sup.ADR, Expires: sup.Expires}
	}
	return out
}

// justification is a suppression's reason with its ADR, if any.
func suppressionJustification(sup *finding.Suppression) string {
	if sup == nil {
		return ""
	}
	if sup.ADR == "" {
		return sup.Reason
	}
	if sup.Reason == "" {
		return sup.ADR
	}
	return sup.Reason + " (" + sup.ADR + ")"
}

func (s sarifBuilder) notification(d scanners.Diagnostic) sarifNotification {
	n := sarifNotification{Level: "warning", Message: sarifText{Text: coalesce(d.Message, d.Severity)}}
	switch d.Severity {
	case scanners.SeverityError:
		n.Level = "error"
	case scanners.SeverityInfo:
		n.Level = "note"
	}
	if pl := s.physical(d.File, d.Line, d.Column); pl != nil {
		n.Locations = []sarifLocation{{PhysicalLocation: pl}}
	}
	return n
}

// physical locates a file position; nil when there is no file. A zero line
// (the file as a whole) still gets a region at line 1, as GitHub expects.
func (s sarifBuilder) physical(file string, line, col int) *sarifPhysicalLocation {
	uri, rel := artifactURI(file, s.root)
	if uri == "" || uri == "." {
		return nil
	}
	pl := &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uri}}
	if rel {
		pl.ArtifactLocation.URIBaseID = srcRoot
	}
	pl.Region = &sarifRegion{StartLine: max(line, 1)}
	if line > 0 && col > 0 {
		pl.Region.StartColumn = col
	}
	return pl
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(severity string) string {
	switch severity {
	case "critical", "high":
		return "error"
	case "low", "info":
		return "note"
	}
	return "warning"
}

// pascalCase joins the words of s (runs of letters and digits), each
// starting with an upper-case letter: "EFS One Zone file system" becomes
// "EFSOneZoneFileSystem".
func pascalCase(s string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r, size := utf8.DecodeRuneInString(word)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(word[size:])
	}
	return b.String()
}

func coalesce(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// SARIFMaxResults is the most results one run carries: GitHub code scanning
// rejects a run with more (its documented upload limit).
var SARIFMaxResults = 25_000

// capFindings keeps the limit most severe findings, in their report order,
// and says how many were left out.
func capFindings(findings []finding.Finding, limit int) ([]finding.Finding, int) {
	if len(findings) <= limit {
		return findings, 0
	}
	order := make([]int, len(findings))
	for i := range order {
		order[i] = i
	}
	// Failing before suppressed or baselined, then by severity; stable, so
	// equal findings keep the report's order.
	rank := func(f finding.Finding) int {
		r := finding.SeverityRank(f.Severity)
		if r < 0 {
			r = len(finding.Severities)
		}
		if f.Status != "" && f.Status != finding.StatusFail {
			r += 10
		}
		return r
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rank(findings[a]), rank(findings[b])) })
	keep := order[:limit]
	slices.Sort(keep)
	out := make([]finding.Finding, 0, limit)
	for _, i := range keep {
		out = append(out, findings[i])
	}
	return out, len(findings) - limit
}

// automationID names the analysis for GitHub: "bulwark/scan/" for
// templates, "bulwark/audit/" for live accounts, so uploading both keeps
// two sets of alerts instead of one replacing the other.
func automationID(r *Report) string {
	for _, s := range r.Sources {
		if strings.HasPrefix(s, "aws://") {
			return "bulwark/audit/"
		}
	}
	return "bulwark/scan/"
}
