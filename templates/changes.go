package templates

// Paths inside ReportFS of the "changes" partials: what changed since the
// previous report (--previous), parsed with the report templates so that
// {{template "changes" .}} renders it. A --template may define its own
// "changes", which wins.
const (
	ReportChangesHTML     = "report/changes.html.tmpl"
	ReportChangesMarkdown = "report/changes.md.tmpl"
)
