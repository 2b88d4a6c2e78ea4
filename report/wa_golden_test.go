package report

import (
	"bytes"
	"context"
	"fmt"
	"github.com/bulwarkhq/bulwark/rules/config"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/rules"
	"github.com/bulwarkhq/bulwark/scanners"
)

// The examples report is stamped like `bulwark scan testdata/examples
// --format json` in the cmd tests (version, clock), so rendering that JSON
// with `bulwark report` gives the same golden files.
const (
	examplesVersion = "0.1.0-dev"
	examplesSource  = "testdata/examples"
)

var examplesTime = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// examplesReport scans the bundled examples in-process, from the
// repository root so paths read as a user would type them.
func examplesReport(t *testing.T) *Report {
	t.Helper()
	t.Chdir("..")
	engine, err := rules.New(rules.Options{})
	require.NoError(t, err)
	found := scanners.DiscoverAll([]string{examplesSource})
	files, diags := found.Files, found.Diagnostics
	res := engine.Scan(context.Background(), files, rules.ScanOptions{Load: scanners.Options{Stacks: found.Stacks}, EvalOptions: rules.EvalOptions{
		Env: rules.Env{Tiers: (&config.Config{}).TierTable(), Today: examplesTime,
			Settings: map[string]any{"account_concurrency_limit": int64(1000)}},
	}})
	res.Diagnostics = append(diags, res.Diagnostics...)
	r := Build(examplesVersion, []string{examplesSource}, res, examplesTime)
	r.Rules = engine.Rules()
	return r
}

// checkWAGolden compares output with testdata/golden/wa/<name>, or
// rewrites it when the tests run with -update.
func checkWAGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(waGoldenDir(t), name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -update to create it")
	if d := firstDifference(string(want), string(got)); d != "" {
		t.Errorf("output differs from %s (go test ./report -update rewrites it)\n%s", path, d)
	}
}

// firstDifference shows the first line where two texts differ, with a
// little context, or "" when they are equal: a whole report in a failure
// message helps nobody.
func firstDifference(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	context := func(lines []string) string {
		lo, hi := max(0, i-2), min(len(lines), i+3)
		return strings.Join(lines[lo:hi], "\n")
	}
	return fmt.Sprintf("first difference at line %d (want %d lines, got %d)\n--- want\n%s\n+++ got\n%s",
		i+1, len(w), len(g), context(w), context(g))
}

// waGoldenDir is testdata/golden/wa, whatever the working directory.
func waGoldenDir(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	require.NoError(t, err)
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "golden", "wa")
		}
		require.NotEqual(t, dir, filepath.Dir(dir), "no go.mod above %s", wd)
	}
}

func TestWAGoldenExamples(t *testing.T) {
	r := examplesReport(t)
	var html, md bytes.Buffer
	require.NoError(t, WriteHTML(&html, r))
	require.NoError(t, WriteReportMarkdown(&md, r))
	checkWAGolden(t, "examples.html", html.Bytes())
	checkWAGolden(t, "examples.md", md.Bytes())
}

// The fixture has what the examples lack: suppressed and baselined
// findings, diagnostics, a rule the catalogue lacks and a fixed entry.
func TestWAGoldenFixture(t *testing.T) {
	var md bytes.Buffer
	require.NoError(t, WriteReportMarkdown(&md, fixtureReport()))
	checkWAGolden(t, "fixture.md", md.Bytes())
}
