package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const queueRule = `# METADATA
# title: Queues must have a name
# custom:
#   id: ACME-001
#   severity: low
#   concern: backup
#   well_architected: [REL09-BP01]
#   remediation: Name the queue.
package bulwark.rules.acme.queue_name

import data.bulwark.lib

deny contains lib.finding(id, ["Properties"], "queue has no QueueName") if {
	some id, r in lib.resources(["AWS::SQS::Queue"])
	not r.Properties.QueueName
}
`

const queueTestHead = `package bulwark.rules.acme.queue_name_test

import data.bulwark.rules.acme.queue_name
import data.bulwark.testing

unnamed := testing.template({"Q": {"Type": "AWS::SQS::Queue", "Properties": {}}})
`

const queueTestsPassing = `
test_fails_unnamed if count(queue_name.deny) == 1 with input as unnamed

test_passes_named if {
	count(queue_name.deny) == 0 with input as testing.template({"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "q"}}})
}
`

// testFolder writes a rule folder of the given files.
func testFolder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	return dir
}

func TestRulesTest(t *testing.T) {
	passing := testFolder(t, map[string]string{"queue.rego": queueRule, "queue_test.rego": queueTestHead + queueTestsPassing})
	failing := testFolder(t, map[string]string{"queue.rego": queueRule, "queue_test.rego": queueTestHead + queueTestsPassing +
		"\ntest_wrong if count(queue_name.deny) == 2 with input as unnamed\n"})
	erring := testFolder(t, map[string]string{"queue.rego": queueRule, "queue_test.rego": queueTestHead +
		"\ntest_errs if to_number(\"not a number\") == 1\n"})
	network := testFolder(t, map[string]string{"queue.rego": queueRule, "queue_test.rego": queueTestHead +
		"\ntest_posts if http.send({\"method\": \"GET\", \"url\": \"http://127.0.0.1:9\"}).status_code == 200\n"})
	rename := func(src string) string {
		return strings.NewReplacer("ACME-001", "ACME-002", "queue_name", "queue_other").Replace(src)
	}
	other := testFolder(t, map[string]string{"queue.rego": rename(queueRule), "queue_test.rego": rename(queueTestHead + queueTestsPassing)})
	noTests := testFolder(t, map[string]string{"queue.rego": queueRule})
	badRule := testFolder(t, map[string]string{"queue.rego": "package bulwark.rules.acme.x\n\ndeny contains 1 if true\n", "x_test.rego": "package x_test\n\ntest_a if true\n"})
	unparsable := testFolder(t, map[string]string{"queue.rego": queueRule, "queue_test.rego": "package p\n\ntest_a if {\n"})
	hostile := testFolder(t, map[string]string{"queue.rego": queueRule, "queue\x1b[2J_test.rego": queueTestHead + queueTestsPassing})
	cases := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr []string
	}{
		{"passing", []string{passing}, 0, []string{
			"PASS  " + filepath.Join(passing, "queue_test.rego") + ":8: bulwark.rules.acme.queue_name_test.test_fails_unnamed\n",
			"PASS  " + filepath.Join(passing, "queue_test.rego") + ":10: bulwark.rules.acme.queue_name_test.test_passes_named\n",
			"2 passed, 0 failed, 0 errors, 0 skipped\n"}, nil},
		{"failing", []string{failing}, 1, []string{"FAIL  " + filepath.Join(failing, "queue_test.rego") + ":14: bulwark.rules.acme.queue_name_test.test_wrong\n",
			"2 passed, 1 failed, 0 errors, 0 skipped\n"}, nil},
		{"two folders", []string{other, failing}, 1, []string{"4 passed, 1 failed"}, nil},
		{"a folder as --rules loads, its tests do not run", []string{failing, "--rules", other}, 1, []string{"2 passed, 1 failed"}, nil},
		{"a builtin error is an ERROR", []string{erring}, 1, []string{"ERROR " + filepath.Join(erring, "queue_test.rego") + ":8:", "0 passed, 0 failed, 1 errors"}, nil},
		{"the sandbox applies", []string{network}, 2, nil, []string{"builtin http.send is not available to bulwark rules"}},
		{"no test", []string{noTests}, 2, nil, []string{"rules folder " + noTests + ": no Rego test"}},
		{"a rule that does not load", []string{badRule}, 2, nil, []string{"has no `# METADATA` block"}},
		{"a test that does not parse", []string{unparsable}, 2, nil, []string{filepath.Join(unparsable, "queue_test.rego") + ":"}},
		{"missing folder", []string{filepath.Join(passing, "nope")}, 2, nil, []string{"no such file or directory"}},
		{"hostile file name is escaped", []string{hostile}, 0, []string{`queue\x1b[2J_test.rego:8:`}, nil},
		{"bad format", []string{passing, "-f", "xml"}, 2, nil, []string{`unknown --format "xml"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, append([]string{"rules", "test"}, tc.args...)...)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, s := range tc.stdout {
				assert.Contains(t, stdout, s)
			}
			for _, s := range tc.stderr {
				assert.Contains(t, stderr, s)
			}
			assert.NotContains(t, stdout, "\x1b")
		})
	}
}

func TestRulesTestJSON(t *testing.T) {
	failing := testFolder(t, map[string]string{"queue.rego": queueRule, "queue_test.rego": queueTestHead + queueTestsPassing +
		"\ntest_wrong if count(queue_name.deny) == 2 with input as unnamed\n"})
	code, stdout, stderr := run(t, "rules", "test", failing, "-f", "json")
	require.Equal(t, 1, code, stderr)
	var results []struct{ Name, Result string }
	require.NoError(t, json.Unmarshal([]byte(stdout), &results))
	assert.Equal(t, []struct{ Name, Result string }{
		{"test_fails_unnamed", "pass"}, {"test_passes_named", "pass"}, {"test_wrong", "fail"},
	}, results)
}
