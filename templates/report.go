package templates

import "embed"

// ReportFS holds report/*.tmpl, the templates of `bulwark report`:
// report.html.tmpl (html/template, the self-contained HTML report) and
// report.md.tmpl (text/template, the same in GitHub Markdown). A team
// replaces either with `bulwark report --template FILE`.
//
// Both are executed with a *report.WAView, the report arranged around the
// AWS Well-Architected Reliability pillar:
//
//	.Tool.Name, .Tool.Version, .GeneratedAt (RFC 3339), .Sources []string
//	.Summary      the JSON summary: .Files .Templates .Skipped .Resources
//	              .Findings (failing) .Suppressed .Baselined .Errors
//	.Baseline     the baseline file, if any; .Fixed its entries now gone
//	.Verdict      a Mark: .Class (fail, pass, warn, muted, unknown),
//	              .Icon and .Text; every verdict below is a Mark too
//	.Severities   []{.Name .Fail .Suppressed .Baselined .Total}
//	.Concerns     the same per concern, with .Rules and .Mark
//	.Tiers        .Meets .Misses .Unknown .NotSet (workloads)
//	.Coverage     .Questions .QuestionsChecked .QuestionsFailing
//	              .Practices .PracticesChecked .PracticesFailing
//	.Rules        []*rules.Rule, by id: the catalogue, and a stand-in for
//	              each rule only findings name
//	.Areas        []{.Name .Questions}; a question has .ID (REL09), .Label
//	              ("REL 9"), .Title, .Anchor, .Count, .Checked, .Mark and
//	              .Practices, each {.ID .Title .URL .Rules .Findings (those
//	              whose first practice it is) .ShownFindings
//	              .HiddenFindings .AlsoCited .Count .Mark .Checked}
//	.Workloads    []{estimate.Workload fields, .Index, .Path (the file's path,
//	              or ACCOUNT/REGION/STACK), .Group (folder or aws://ACCOUNT),
//	              .OwnName, .Mark, .RPOTarget, .RTOTarget, .Resources (each
//	              with .Mark), .HasEstimates, .Anchor INDEX}
//	.Findings     []{rules.Finding fields, .N, .Anchor, .Location,
//	              .Practices, .Unknown, .Mark, .Note}
//	.Risks        the top risks, ranked: []{.Kind ("tier", "finding")
//	              .Severity .Title .Detail .Fix .FixRule .Places .More
//	              .Link}; .RisksHidden counts the rest
//	.Groups       folders or accounts, most failing first: []{.Name .Anchor
//	              .Workloads .Tiers .Findings .Count .ConcernCounts
//	              .ShownWorkloads .HiddenWorkloads .ShownFindings
//	              .HiddenFindings}; .WorkloadGroups and .FindingGroups are
//	              those a section lists: {.Shown .Hidden .HiddenFindings
//	              .HiddenWorks}; .HeatGroups, .HeatHidden
//	.Unmapped     findings citing no practice of the pillar (a WACount)
//	.ShownDiagnostics, .HiddenDiagnostics
//	.Diagnostics  []{.File .Line .Column .Severity .Message .Location .Mark}
//	.Gaps         .Errors .Warnings .Skipped .Unmapped .UnknownRules
//	              .UnknownPractices .NotChecked []{.Question .Practices}
//	.AuditCoverage  an audit's coverage, one row per account and Region:
//	              []{.Account .Region ("global", or "" for an account not
//	              reached) .Services (selected: {.Name .Status .Reason
//	              .Mark}) .Problems (those failed or partly read)
//	              .Skipped (not selected) .Failed .Mark}; empty for a scan
//
// Functions: both templates have join, plural (plural N "finding"),
// add, upper, when (formats .GeneratedAt), seconds (estimate.FormatSeconds),
// evidence (an estimate's evidence in one line), plain (an estimate and a
// scenario: "unbounded" in plain words) and thousands (3,912); the HTML
// one adds distributionChart and recoveryChart (taking the view), and the
// older severityChart, concernChart and tierChart; the Markdown one adds
// cell (escapes a table cell), code (a code span) and inline (escapes
// text inside an HTML element such as <summary>).
//
// The other report/*.html.tmpl (*.md.tmpl) files are partials, parsed
// with the report: a {{define "changes"}} in one fills the empty
// {{block "changes" .}} after the top risks, and a {{define
// "audit-coverage"}} the {{block "audit-coverage" .}} of the coverage gaps.
//
//go:embed report/*.tmpl
var ReportFS embed.FS

// Paths of the report templates inside ReportFS.
const (
	ReportHTML     = "report/report.html.tmpl"
	ReportMarkdown = "report/report.md.tmpl"
)
