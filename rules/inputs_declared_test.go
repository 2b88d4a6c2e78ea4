package rules

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var metadataInputs = regexp.MustCompile(`(?m)^#\s+inputs:\s*\[[a-z, ]+\]`)

// TestBuiltinRulesDeclareInputs: every rule of the pack says in its
// METADATA whether it runs on templates, live audits or both, rather
// than taking the default; a rule that only a template can decide says
// why next to its inputs. The README's rule table is built from this.
func TestBuiltinRulesDeclareInputs(t *testing.T) {
	n := 0
	err := fs.WalkDir(builtinFS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
			return err
		}
		data, err := fs.ReadFile(builtinFS, path)
		if err != nil {
			return err
		}
		meta, _, _ := strings.Cut(string(data), "\npackage ")
		if !strings.Contains(meta, "# METADATA") || !strings.Contains(meta, "\n#   id: ") {
			return nil // the library and companion files carry no rule
		}
		n++
		assert.Regexp(t, metadataInputs, meta, "%s: declare inputs: [template], [account] or [template, account]", path)
		if m := metadataInputs.FindString(meta); m != "" && !strings.Contains(m, "account") {
			line := meta[strings.Index(meta, m):]
			line, _, _ = strings.Cut(line, "\n")
			assert.Contains(t, line, "# Template only:", "%s: a template-only rule says why beside its inputs", path)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, n, 60, "the pack's rules were found")
}
