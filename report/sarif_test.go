package report

import (
	"bytes"
	"encoding/json"
	"github.com/bulwarkhq/bulwark/rules/finding"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/scanners"
)

// sarifOf writes a report as SARIF from fixtureWorkDir.
func sarifOf(t *testing.T, r *Report) []byte {
	t.Helper()
	pinWorkDir(t, fixtureWorkDir)
	var buf bytes.Buffer
	require.NoError(t, WriteSARIF(&buf, r))
	return buf.Bytes()
}

// decodeSARIF parses SARIF output back into bulwark's own types.
func decodeSARIF(t *testing.T, data []byte) sarifLog {
	t.Helper()
	var log sarifLog
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&log))
	require.Len(t, log.Runs, 1)
	return log
}

// The schemas SARIF output is held to: the official SARIF 2.1.0 schema
// (testdata/sarif/README.md says where it comes from) and a stricter subset
// with what GitHub code scanning relies on beyond the spec (versioned
// fingerprints, an absolute %SRCROOT%, ...).
const (
	officialSARIFSchema = "sarif-2.1.0.schema.json"
	githubSARIFSchema   = "sarif-2.1.0-subset.schema.json"
)

func loadSARIFSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join("..", "testdata", "sarif", name))
	require.NoError(t, err)
	return sch
}

func TestSARIFGolden(t *testing.T) {
	checkReportGolden(t, "fixture.sarif", sarifOf(t, fixtureReport()))
}

// TestSARIFSchema validates the output of several reports against the
// official SARIF 2.1.0 schema and GitHub's stricter subset.
func TestSARIFSchema(t *testing.T) {
	schemas := []*jsonschema.Schema{loadSARIFSchema(t, officialSARIFSchema), loadSARIFSchema(t, githubSARIFSchema)}
	noBaseline := fixtureReport()
	noBaseline.Baseline = ""
	outside := fixtureReport()
	outside.Findings[0].File = "/elsewhere/stack with space.yaml"
	outside.Findings[1].File = "../sibling/app.yaml"
	outside.Findings[2].File = "./infra/orders.yaml"
	outside.Findings[3].Line, outside.Findings[3].Column = 0, 0
	outside.Findings[4].Suppression = nil
	outside.Diagnostics = append(outside.Diagnostics, scanners.Diagnostic{File: "", Severity: "error", Message: "no templates"})
	cases := map[string]*Report{
		"fixture":     fixtureReport(),
		"no baseline": noBaseline,
		"empty":       fixtureEmptyReport(),
		"odd paths":   outside,
		"no catalogue": func() *Report {
			r := fixtureReport()
			r.Rules = nil
			return r
		}(),
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(sarifOf(t, r)))
			require.NoError(t, err)
			for _, sch := range schemas {
				assert.NoError(t, sch.Validate(inst))
			}
		})
	}
}

// TestSARIFSchemaRejects makes sure the schema is not vacuous: each
// mutation of valid output breaks a requirement of the spec.
func TestSARIFSchemaRejects(t *testing.T) {
	official, github := loadSARIFSchema(t, officialSARIFSchema), loadSARIFSchema(t, githubSARIFSchema)
	valid := sarifOf(t, fixtureReport())
	// GitHub-only requirements are rejected by the subset alone; the rest
	// by the official schema too.
	githubOnly := map[string]bool{"unversioned fingerprint": true, "relative uri base": true}
	cases := []struct {
		name   string
		mutate func(log map[string]any)
	}{
		{"wrong version", func(l map[string]any) { l["version"] = "2.0.0" }},
		{"no runs", func(l map[string]any) { delete(l, "runs") }},
		{"no driver name", func(l map[string]any) { delete(sjDriver(l), "name") }},
		{"unknown level", func(l map[string]any) { sjResult(l, 0)["level"] = "fatal" }},
		{"result without message", func(l map[string]any) { delete(sjResult(l, 0), "message") }},
		{"message without text", func(l map[string]any) { sjResult(l, 0)["message"] = map[string]any{} }},
		{"line 0", func(l map[string]any) { sjRegion(l, 0)["startLine"] = 0 }},
		{"column 0", func(l map[string]any) { sjRegion(l, 0)["startColumn"] = 0 }},
		{"misspelt property", func(l map[string]any) { sjResult(l, 0)["ruleID"] = "X" }},
		{"ruleIndex below -1", func(l map[string]any) { sjResult(l, 0)["ruleIndex"] = -2 }},
		{"unknown baselineState", func(l map[string]any) { sjResult(l, 0)["baselineState"] = "old" }},
		{"unknown suppression kind", func(l map[string]any) { sjSuppression(l)["kind"] = "inline" }},
		{"unknown suppression status", func(l map[string]any) { sjSuppression(l)["status"] = "approved" }},
		{"unversioned fingerprint", func(l map[string]any) {
			sjResult(l, 0)["partialFingerprints"] = map[string]any{"bulwark": "x"}
		}},
		{"invocation without executionSuccessful", func(l map[string]any) {
			delete(sjRun(l)["invocations"].([]any)[0].(map[string]any), "executionSuccessful")
		}},
		{"relative uri base", func(l map[string]any) {
			sjRun(l)["originalUriBaseIds"] = map[string]any{"%SRCROOT%": map[string]any{"uri": "src/"}}
		}},
		{"rule without id", func(l map[string]any) {
			delete(sjDriver(l)["rules"].([]any)[0].(map[string]any), "id")
		}},
		{"rule level", func(l map[string]any) {
			sjDriver(l)["rules"].([]any)[0].(map[string]any)["defaultConfiguration"] = map[string]any{"level": "high"}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var log map[string]any
			require.NoError(t, json.Unmarshal(valid, &log))
			tc.mutate(log)
			data, err := json.Marshal(log)
			require.NoError(t, err)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			require.NoError(t, err)
			assert.Error(t, github.Validate(inst), "the GitHub subset")
			if !githubOnly[tc.name] {
				assert.Error(t, official.Validate(inst), "the official schema")
			}
		})
	}
}

func sjRun(l map[string]any) map[string]any { return l["runs"].([]any)[0].(map[string]any) }
func sjDriver(l map[string]any) map[string]any {
	return sjRun(l)["tool"].(map[string]any)["driver"].(map[string]any)
}
func sjResult(l map[string]any, i int) map[string]any {
	return sjRun(l)["results"].([]any)[i].(map[string]any)
}
func sjRegion(l map[string]any, i int) map[string]any {
	loc := sjResult(l, i)["locations"].([]any)[0].(map[string]any)
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}
func sjSuppression(l map[string]any) map[string]any {
	for _, r := range sjRun(l)["results"].([]any) {
		if s, ok := r.(map[string]any)["suppressions"]; ok {
			return s.([]any)[0].(map[string]any)
		}
	}
	panic("no suppressed result")
}

// TestSARIFGitHub checks what GitHub code scanning relies on beyond the
// schema.
func TestSARIFGitHub(t *testing.T) {
	r := fixtureReport()
	log := decodeSARIF(t, sarifOf(t, r))
	assert.Equal(t, "https://json.schemastore.org/sarif-2.1.0.json", log.Schema)
	assert.Equal(t, "2.1.0", log.Version)
	run := log.Runs[0]
	assert.Equal(t, "bulwark", run.Tool.Driver.Name)
	assert.Equal(t, "1.2.3", run.Tool.Driver.Version)
	assert.Equal(t, "file:///work/repo/", run.OriginalURIBaseIDs["%SRCROOT%"].URI)

	t.Run("rules sorted, unique, catalogue plus unknown rules", func(t *testing.T) {
		var ids []string
		for _, d := range run.Tool.Driver.Rules {
			ids = append(ids, d.ID)
		}
		assert.Equal(t, []string{"ACME-TAGS-001", "BW-BACKUP-002", "BW-CONCURRENCY-001", "BW-MULTI-AZ-005",
			"BW-MULTI-AZ-008", "BW-PITR-001"}, ids)
	})
	t.Run("results", func(t *testing.T) {
		require.Len(t, run.Results, len(r.Findings))
		for i, res := range run.Results {
			f := r.Findings[i]
			desc := run.Tool.Driver.Rules[res.RuleIndex]
			assert.Equal(t, res.RuleID, desc.ID, "ruleIndex points at the result's rule")
			assert.Equal(t, f.RuleID, res.RuleID)
			assert.Equal(t, f.Fingerprint, res.PartialFingerprints["bulwarkFingerprint/v1"])
			assert.NotEmpty(t, res.Message.Text)
			require.Len(t, res.Locations, 1)
			al := res.Locations[0].PhysicalLocation.ArtifactLocation
			assert.Equal(t, "%SRCROOT%", al.URIBaseID)
			assert.Equal(t, f.File, al.URI, "uri is the repo-relative path")
			assert.False(t, strings.HasPrefix(al.URI, "/") || strings.HasPrefix(al.URI, "./") || strings.Contains(al.URI, ":"),
				"uri %q is relative", al.URI)
			assert.Equal(t, f.Line, res.Locations[0].PhysicalLocation.Region.StartLine)
			ll := res.Locations[0].LogicalLocations
			require.Len(t, ll, 1)
			assert.Equal(t, sarifLogicalLocation{Name: f.Resource, Kind: "resource",
				FullyQualifiedName: f.ResourceType + "/" + f.Resource}, ll[0])
			assert.Equal(t, f.Status, res.Properties.Status)
			if f.Status == finding.StatusSuppressed {
				require.Len(t, res.Suppressions, 1, "suppressed findings carry a suppression")
				assert.Equal(t, "accepted", res.Suppressions[0].Status)
			} else {
				assert.Empty(t, res.Suppressions)
			}
			want := "new"
			if f.Status == finding.StatusBaselined {
				want = "unchanged"
			}
			assert.Equal(t, want, res.BaselineState)
		}
	})
	t.Run("suppression kinds", func(t *testing.T) {
		got := map[string]sarifSuppression{}
		for _, res := range run.Results {
			for _, s := range res.Suppressions {
				got[res.Properties.Resource] = s
			}
		}
		assert.Equal(t, "inSource", got["OrdersReplica"].Kind)
		assert.Equal(t, "Read replica for reporting; the primary is Multi-AZ (ADR-0007)", got["OrdersReplica"].Justification)
		assert.Equal(t, "external", got["Files"].Kind)
		assert.Equal(t, "Scratch space, rebuilt nightly", got["Files"].Justification)
	})
	t.Run("diagnostics", func(t *testing.T) {
		require.Len(t, run.Invocations, 1)
		inv := run.Invocations[0]
		assert.False(t, inv.ExecutionSuccessful, "an error diagnostic means the run did not fully succeed")
		require.Len(t, inv.ToolExecutionNotifications, 2)
		assert.Equal(t, "error", inv.ToolExecutionNotifications[0].Level)
		assert.Equal(t, "warning", inv.ToolExecutionNotifications[1].Level)
		assert.Equal(t, "infra/broken.yaml", inv.ToolExecutionNotifications[0].Locations[0].PhysicalLocation.ArtifactLocation.URI)
	})
}

// TestSARIFFingerprintIgnoresLines: moving a finding (an edit above it)
// changes its region but not its partial fingerprint, so GitHub keeps
// tracking the same alert.
func TestSARIFFingerprintIgnoresLines(t *testing.T) {
	before := decodeSARIF(t, sarifOf(t, fixtureReport()))
	moved := fixtureReport()
	for i := range moved.Findings {
		moved.Findings[i].Line += 10
		moved.Findings[i].Column++
	}
	after := decodeSARIF(t, sarifOf(t, moved))
	require.Len(t, after.Runs[0].Results, len(before.Runs[0].Results))
	seen := map[string]bool{}
	for i, b := range before.Runs[0].Results {
		a := after.Runs[0].Results[i]
		assert.NotEqual(t, b.Locations[0].PhysicalLocation.Region, a.Locations[0].PhysicalLocation.Region)
		assert.Equal(t, b.PartialFingerprints, a.PartialFingerprints)
		fp := b.PartialFingerprints["bulwarkFingerprint/v1"]
		assert.Len(t, fp, 32)
		assert.False(t, seen[fp], "fingerprints are distinct")
		seen[fp] = true
	}
}

func TestSARIFWithoutBaselineOrDiagnostics(t *testing.T) {
	r := fixtureReport()
	r.Baseline = ""
	r.Diagnostics = nil
	r.Findings[0].Fingerprint = ""
	run := decodeSARIF(t, sarifOf(t, r)).Runs[0]
	for _, res := range run.Results {
		assert.Empty(t, res.BaselineState, "no baselineState without a baseline")
	}
	f := r.Findings[0]
	assert.Equal(t, finding.FingerprintOf(f.RuleID, f.File, f.Resource, f.Property),
		run.Results[0].PartialFingerprints["bulwarkFingerprint/v1"], "a missing fingerprint is computed")
	assert.True(t, run.Invocations[0].ExecutionSuccessful)
	assert.Empty(t, run.Invocations[0].ToolExecutionNotifications)

	empty := decodeSARIF(t, sarifOf(t, fixtureEmptyReport())).Runs[0]
	assert.NotNil(t, empty.Results, "results is an empty array, not absent")
	assert.Len(t, empty.Tool.Driver.Rules, 2)
}

func TestSARIFDescriptor(t *testing.T) {
	d := sarifDescriptorOf(fxRulePITR)
	assert.Equal(t, "DynamoDBTableWithoutPointInTimeRecovery", d.Name)
	assert.Equal(t, fxRulePITR.Title, d.ShortDescription.Text)
	assert.Equal(t, fxRulePITR.Description, d.FullDescription.Text)
	assert.Equal(t, "error", d.DefaultConfiguration.Level)
	assert.Equal(t, []string{"pitr", "REL09-BP01", "REL09-BP03", "reliability"}, d.Properties.Tags)
	assert.Equal(t, "high", d.Properties.Precision)
	assert.Contains(t, d.Help.Text, fxRulePITR.Remediation)
	assert.Contains(t, d.Help.Text, "REL09-BP01, REL09-BP03")
	assert.Contains(t, d.Help.Markdown, fxRulePITR.Remediation)
	assert.Contains(t, d.Help.Markdown, "REL09-BP01, REL09-BP03")

	bare := sarifDescriptorOf(&finding.Rule{ID: "ACME-001"})
	assert.Equal(t, "ACME001", bare.Name)
	assert.Equal(t, "ACME-001", bare.ShortDescription.Text)
	assert.Equal(t, "ACME-001", bare.FullDescription.Text)
	assert.Equal(t, []string{"reliability"}, bare.Properties.Tags)
	assert.Equal(t, "warning", bare.DefaultConfiguration.Level)
}

func TestSARIFLevel(t *testing.T) {
	for sev, want := range map[string]string{
		"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note", "": "warning", "odd": "warning",
	} {
		assert.Equal(t, want, sarifLevel(sev), sev)
	}
}

func TestPascalCase(t *testing.T) {
	for in, want := range map[string]string{
		"EFS One Zone file system":                  "EFSOneZoneFileSystem",
		"Backup rule keeps recovery points forever": "BackupRuleKeepsRecoveryPointsForever",
		"BW-PITR-001":                 "BWPITR001",
		"ASG: ELB health-check (off)": "ASGELBHealthCheckOff",
		"ünicode name":                "ÜnicodeName",
		"":                            "",
	} {
		assert.Equal(t, want, pascalCase(in), in)
	}
}

func TestArtifactURI(t *testing.T) {
	cases := []struct {
		path, root string
		uri        string
		rel        bool
	}{
		{"infra/orders.yaml", "/work/repo", "infra/orders.yaml", true},
		{"./infra/orders.yaml", "/work/repo", "infra/orders.yaml", true},
		{"infra//x/../orders.yaml", "/work/repo", "infra/orders.yaml", true},
		{"/work/repo/infra/orders.yaml", "/work/repo", "infra/orders.yaml", true},
		{"/work/repo/infra/orders.yaml", "/work/repo/", "infra/orders.yaml", true},
		{"/work/repository/orders.yaml", "/work/repo", "file:///work/repository/orders.yaml", false},
		{"/elsewhere/a b#1.yaml", "/work/repo", "file:///elsewhere/a%20b%231.yaml", false},
		{"../sibling/app.yaml", "/work/repo", "file:///work/sibling/app.yaml", false},
		{"..", "/work/repo", "file:///work", false},
		{"..data/x.yaml", "/work/repo", "..data/x.yaml", true},
		{"aws://111122223333/us-east-1/orders", "/work/repo", "aws://111122223333/us-east-1/orders", false},
		{"a b/c%.yaml", "/work/repo", "a%20b/c%25.yaml", true},
		{"c:x.yaml", "/work/repo", "./c:x.yaml", true},
		{"infra/orders.yaml", "", "infra/orders.yaml", true},
		{"/abs/orders.yaml", "", "file:///abs/orders.yaml", false},
		{"", "/work/repo", "", false},
	}
	for _, tc := range cases {
		if runtime.GOOS == "windows" && (strings.HasPrefix(tc.path, "/") || strings.HasPrefix(tc.path, "..") || tc.root == "") {
			continue // POSIX absolute paths are not absolute on Windows
		}
		uri, rel := artifactURI(tc.path, tc.root)
		assert.Equal(t, tc.uri, uri, "%q from %q", tc.path, tc.root)
		assert.Equal(t, tc.rel, rel, "%q from %q", tc.path, tc.root)
	}
	assert.Equal(t, "file:///work/repo/", rootURI("/work/repo"))
	assert.Equal(t, "file:///", rootURI("/"))
}
