package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const pitrTable = `Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
`

type jsonReport struct {
	Summary struct {
		Findings, Suppressed, Baselined, Errors int
	} `json:"summary"`
	Findings []struct {
		RuleID      string `json:"rule_id"`
		Resource    string `json:"resource"`
		Status      string `json:"status"`
		File        string `json:"file"`
		Line        int    `json:"line"`
		Suppression *struct {
			Kind, Reason, ADR string
		} `json:"suppression"`
		Parent *rules.StackRef `json:"parent"`
	} `json:"findings"`
	Fixed []struct {
		Resource string `json:"resource"`
	} `json:"fixed"`
}

func scanJSON(t *testing.T, args ...string) (int, jsonReport) {
	t.Helper()
	code, out, stderr := run(t, append([]string{"scan", "--format", "json"}, args...)...)
	var rep jsonReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep), "stdout: %s\nstderr: %s", out, stderr)
	return code, rep
}

func TestSuppressedFindingsDoNotFailTheGate(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "t.yaml", `Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Metadata:
      bulwark:
        skip:
          - id: BW-PITR-001
            reason: rebuilt nightly from the event log
            adr: ADR-0001
            expires: 2027-01-31
`)
	adrDir := filepath.Join(dir, "adr")
	require.Equal(t, ExitOK, Execute([]string{"adr", "init", adrDir}, io.Discard, io.Discard))
	code, rep := scanJSON(t, "--adr-dir", adrDir, f)
	assert.Equal(t, ExitOK, code)
	require.Len(t, rep.Findings, 1)
	assert.Equal(t, "suppressed", rep.Findings[0].Status)
	assert.Equal(t, "ADR-0001", rep.Findings[0].Suppression.ADR)
	assert.Equal(t, 1, rep.Summary.Suppressed)
	assert.Equal(t, 0, rep.Summary.Findings)
}

func TestExpiredSuppressionFails(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "t.yaml", `Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Metadata:
      bulwark:
        skip:
          - {id: BW-PITR-001, reason: temporary, expires: 2026-10-01}
`)
	code, rep := scanJSON(t, "--fail-on", "high", f)
	assert.Equal(t, ExitFindings, code, "the PITR finding counts again")
	var rules []string
	for _, f := range rep.Findings {
		rules = append(rules, f.RuleID+":"+f.Status)
	}
	assert.ElementsMatch(t, []string{"BW-PITR-001:fail", "BW-GOV-002:fail"}, rules)
}

func TestConfigFileIsFoundAndApplied(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, ".git"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "infra", "dev"), 0o755))
	writeFile(t, dir, ".bulwark.yaml", `fail_on: critical
severity:
  BW-CONCURRENCY-001: info
suppressions:
  - rule: BW-PITR-001
    file: "infra/dev/**"
    reason: dev data is disposable
`)
	dev := writeFile(t, filepath.Join(dir, "infra", "dev"), "t.yaml", pitrTable)
	prod := writeFile(t, filepath.Join(dir, "infra"), "t.yaml", pitrTable)
	wd, _ := os.Getwd()
	require.NoError(t, os.Chdir(dir))
	defer os.Chdir(wd)

	code, rep := scanJSON(t, "infra")
	assert.Equal(t, ExitOK, code, "fail_on: critical from the config")
	status := map[string]string{}
	for _, f := range rep.Findings {
		status[f.File] = f.Status
	}
	rel := func(p string) string { r, _ := filepath.Rel(dir, p); return r }
	assert.Equal(t, "suppressed", status[rel(dev)])
	assert.Equal(t, "fail", status[rel(prod)])

	code, _ = scanJSON(t, "--fail-on", "high", "infra")
	assert.Equal(t, ExitFindings, code, "the flag overrides the config")
	code, _ = scanJSON(t, "--no-config", "--fail-on", "high", "infra")
	assert.Equal(t, ExitFindings, code)

	writeFile(t, dir, ".bulwark.yaml", "fail_on: high\nfailon: low\n")
	code, _, stderr := run(t, "scan", "infra")
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, `.bulwark.yaml:2: unknown key "failon"`)
}

func TestBaselineGate(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "stack.yaml", pitrTable)
	baseline := filepath.Join(dir, "baseline.json")
	code, _, stderr := run(t, "baseline", "write", baseline, tmpl)
	require.Equal(t, ExitOK, code, stderr)
	assert.Contains(t, stderr, "recorded 1 findings")

	// Unchanged: the old finding is baselined and does not fail the gate.
	code, rep := scanJSON(t, "--baseline", baseline, tmpl)
	assert.Equal(t, ExitOK, code)
	assert.Equal(t, 1, rep.Summary.Baselined)

	// Lines move (an unrelated edit above) and a new table appears.
	writeFile(t, dir, "stack.yaml", "Description: moved\n"+pitrTable+`  Payments:
    Type: AWS::DynamoDB::Table
`)
	code, rep = scanJSON(t, "--baseline", baseline, tmpl)
	assert.Equal(t, ExitFindings, code, "the new finding fails")
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.Resource] = f.Status
	}
	assert.Equal(t, map[string]string{"Orders": "baselined", "Payments": "fail"}, got)

	// The old finding is fixed: it is reported as fixed.
	writeFile(t, dir, "stack.yaml", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
	code, rep = scanJSON(t, "--baseline", baseline, tmpl)
	assert.Equal(t, ExitOK, code)
	require.Len(t, rep.Fixed, 1)
	assert.Equal(t, "Orders", rep.Fixed[0].Resource)

	code, _, stderr = run(t, "scan", "--baseline", filepath.Join(dir, "none.json"), tmpl)
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "none.json")
}

func TestSeveralOutputsInOneRun(t *testing.T) {
	dir := t.TempDir()
	sarif, junit, md := filepath.Join(dir, "b.sarif"), filepath.Join(dir, "j.xml"), filepath.Join(dir, "c.md")
	code, stdout, _ := run(t, "scan", examples+"/orders-service.yaml",
		"--output-format", "sarif="+sarif+",junit="+junit, "--output-format", "markdown="+md)
	assert.Equal(t, ExitFindings, code)
	assert.Contains(t, stdout, "BW-PITR-001", "the primary text output still goes to stdout")
	for _, p := range []string{sarif, junit, md} {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Contains(t, string(data), "BW-PITR-001", p)
	}
	code, _, stderr := run(t, "scan", "--output-format", "pdf=x.pdf", examples)
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, `unknown format "pdf"`)
	code, _, stderr = run(t, "scan", "--output-format", "sarif", examples)
	assert.Equal(t, ExitError, code)
	assert.Contains(t, stderr, "expected FORMAT=FILE")
}

func TestChangedOnly(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	gitRun := gitIn(t, dir)
	gitRun("init", "-q")
	writeFile(t, dir, "old.yaml", pitrTable)
	gitRun("add", ".")
	gitRun("commit", "-qm", "base")
	writeFile(t, dir, "new.yaml", pitrTable)
	gitRun("add", "new.yaml")
	wd, _ := os.Getwd()
	require.NoError(t, os.Chdir(dir))
	defer os.Chdir(wd)
	code, rep := scanJSON(t, "--changed-only", "HEAD", ".")
	assert.Equal(t, ExitFindings, code)
	require.Len(t, rep.Findings, 1)
	assert.Equal(t, "new.yaml", rep.Findings[0].File)
}

// TestChangedOnlyNestedStack: a parent that now turns off a nested
// stack's point-in-time recovery changes the unchanged child's verdict:
// the child's finding is reported.
func TestChangedOnlyNestedStack(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	gitRun := gitIn(t, dir)
	gitRun("init", "-q")
	parent := "Resources:\n  Data:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n      Parameters: {Pitr: %q}\n"
	writeFile(t, dir, "parent.yaml", fmt.Sprintf(parent, "true"))
	writeFile(t, dir, "child.yaml", `Parameters:
  Pitr: {Type: String}
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: !Ref Pitr}
`)
	writeFile(t, dir, "other.yaml", pitrTable)
	gitRun("add", ".")
	gitRun("commit", "-qm", "base")
	writeFile(t, dir, "parent.yaml", fmt.Sprintf(parent, "false"))
	wd, _ := os.Getwd()
	require.NoError(t, os.Chdir(dir))
	defer os.Chdir(wd)
	code, rep := scanJSON(t, "--changed-only", "HEAD", ".")
	assert.Equal(t, ExitFindings, code)
	require.Len(t, rep.Findings, 1, "%+v", rep.Findings)
	assert.Equal(t, "child.yaml", rep.Findings[0].File)
	assert.Equal(t, &rules.StackRef{File: "parent.yaml", Resource: "Data"}, rep.Findings[0].Parent)
}

func TestSuppressionMustCiteAnAcceptedADR(t *testing.T) {
	dir := t.TempDir()
	adrDir := filepath.Join(dir, "decisions")
	code, _, stderr := run(t, "adr", "init", adrDir)
	require.Equal(t, ExitOK, code, stderr)
	code, _, stderr = run(t, "adr", "new", "--dir", adrDir, "Accept losing cache tables")
	require.Equal(t, ExitOK, code, stderr)
	tmpl := writeFile(t, dir, "t.yaml", `Resources:
  Cache:
    Type: AWS::DynamoDB::Table
    Metadata:
      bulwark:
        skip: [{id: BW-PITR-001, reason: rebuilt from the source on loss, adr: ADR-0002}]
`)
	// ADR-0002 is Proposed: the suppression does not take effect.
	code, rep := scanJSON(t, "--adr-dir", adrDir, tmpl)
	assert.Equal(t, ExitFindings, code)
	rules := map[string]string{}
	for _, f := range rep.Findings {
		rules[f.RuleID] = f.Status
	}
	assert.Equal(t, "fail", rules["BW-PITR-001"])
	assert.Equal(t, "fail", rules["BW-GOV-005"])

	// ADR-0001 (created by init) is Accepted: it does.
	writeFile(t, dir, "t.yaml", strings.Replace(string(must(os.ReadFile(tmpl))), "ADR-0002", "ADR-0001", 1))
	code, rep = scanJSON(t, "--adr-dir", adrDir, tmpl)
	assert.Equal(t, ExitOK, code)
	require.NotEmpty(t, rep.Findings)
	assert.Equal(t, "suppressed", rep.Findings[0].Status)
}

func TestScanDraftsADRs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "adr")
	code, _, stderr := run(t, "scan", "--adr-drafts", dir, examples+"/orders-service.yaml")
	assert.Equal(t, ExitError, code, "the ADR folder must exist")
	assert.Contains(t, stderr, "bulwark adr init")
	require.Equal(t, ExitOK, Execute([]string{"adr", "init", dir}, io.Discard, io.Discard))
	code, _, stderr = run(t, "scan", "--adr-drafts", dir, examples+"/orders-service.yaml")
	assert.Equal(t, ExitFindings, code)
	assert.Contains(t, stderr, "drafted "+dir)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// One draft per decision, titled as one.
	assert.Contains(t, strings.Join(names, " "), "0004-protect-orders-service-data-with-point-in-time-recovery.md")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestChangedOnlyReportsEveryChangedName: names git would quote (non-ASCII
// letters, quotes, a line break), a renamed file, a scan from a subfolder
// of the repository and diff.relative in the git config: every changed
// file's findings are reported, the unchanged file's are not.
func TestChangedOnlyReportsEveryChangedName(t *testing.T) {
	dir := t.TempDir()
	gitRun := gitIn(t, dir)
	gitRun("init", "-q")
	gitRun("config", "core.quotePath", "true")
	gitRun("config", "diff.relative", "true")
	infra := filepath.Join(dir, "infra")
	require.NoError(t, os.Mkdir(infra, 0o755))
	writeFile(t, infra, "old.yaml", pitrTable)
	writeFile(t, infra, "moving.yaml", pitrTable)
	gitRun("add", ".")
	gitRun("commit", "-qm", "base")
	changed := []string{`é "q".yaml`, "日本語.yaml", "line\nbreak.yaml", "tab\there.yaml", "moved.yaml"}
	for _, name := range changed[:4] {
		writeFile(t, infra, name, pitrTable)
	}
	gitRun("mv", "infra/moving.yaml", "infra/moved.yaml")
	gitRun("add", ".")

	wd, _ := os.Getwd()
	require.NoError(t, os.Chdir(infra))
	defer os.Chdir(wd)
	code, rep := scanJSON(t, "--changed-only", "HEAD", ".")
	assert.Equal(t, ExitFindings, code)
	var files []string
	for _, f := range rep.Findings {
		files = append(files, f.File)
	}
	assert.ElementsMatch(t, changed, files, "each changed file's finding, and only theirs")
}

// TestConfigSuppressionGlobsAreNoGateBypass: a suppression for the prod.yaml
// files leaves preprod.yaml failing, and a rule id written as a pattern
// suppresses nothing and says so.
func TestConfigSuppressionGlobsAreNoGateBypass(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, ".git"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "infra", "a"), 0o755))
	writeFile(t, dir, ".bulwark.yaml", `suppressions:
  - rule: BW-PITR-001
    file: "infra/**/prod.yaml"
    reason: restored from nightly exports
  - rule: "BW-PITR-*"
    file: "infra/**/preprod.yaml"
    reason: a pattern is not a rule id
`)
	writeFile(t, filepath.Join(dir, "infra", "a"), "prod.yaml", pitrTable)
	writeFile(t, filepath.Join(dir, "infra", "a"), "preprod.yaml", pitrTable)
	wd, _ := os.Getwd()
	require.NoError(t, os.Chdir(dir))
	defer os.Chdir(wd)

	code, rep := scanJSON(t, "infra")
	assert.Equal(t, ExitFindings, code, "preprod.yaml's finding still fails the gate")
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.RuleID+" "+filepath.ToSlash(f.File)+" "+f.Status)
	}
	assert.ElementsMatch(t, []string{
		"BW-PITR-001 infra/a/prod.yaml suppressed",
		"BW-PITR-001 infra/a/preprod.yaml fail",
		"BW-GOV-003 " + filepath.ToSlash(filepath.Join(dir, ".bulwark.yaml")) + " fail",
	}, got)
}

// gitIn runs git commands in dir as a fixed author, failing the test on error.
func gitIn(t *testing.T, dir string) func(args ...string) {
	return func(args ...string) {
		t.Helper()
		c := exec.Command("git", args...)
		c.Dir = dir
		c.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		out, err := c.CombinedOutput()
		require.NoError(t, err, string(out))
	}
}
