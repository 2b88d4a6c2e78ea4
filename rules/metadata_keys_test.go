package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A misspelt METADATA key used to be ignored: `resource_type` instead of
// `resource_types` made a rule run on every template without a word.
func TestMisspeltMetadataKeyFailsToLoad(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"custom key misspelt", replace(goodUserRule, "#   remediation:", "#   resource_type: [AWS::SQS::Queue]\n#   remediation:"), "unknown key custom.resource_type"},
		{"top-level key misspelt", replace(goodUserRule, "# custom:", "# descripton: queues\n# custom:"), "unknown key descripton"},
		{"custom key at the top level", replace(goodUserRule, "# custom:", "# resource_types: [AWS::SQS::Queue]\n# custom:"), "unknown key resource_types"},
		{"two unknown keys, sorted", replace(goodUserRule, "#   remediation:", "#   zz: 1\n#   aa: 2\n#   remediation:"), "unknown key custom.aa, custom.zz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(Options{RuleDirs: []string{writeRule(t, tc.src)}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "rule.rego:1:", "the error names the file and the METADATA line")
		})
	}
	t.Run("every key bulwark and OPA read is accepted", func(t *testing.T) {
		src := replace(goodUserRule, "# custom:", "# description: d\n# scope: package\n# related_resources: [https://example.com]\n# authors: [me]\n# organizations: [acme]\n# custom:")
		src = replace(src, "#   remediation:", "#   resource_types: [AWS::SQS::Queue]\n#   inputs: [template]\n#   scope: template\n#   tiers: [1, 2]\n#   remediation:")
		_, err := New(Options{RuleDirs: []string{writeRule(t, src)}})
		require.NoError(t, err)
	})
}

func TestEmbeddedPackUsesOnlyKnownMetadataKeys(t *testing.T) {
	// New parses every built-in rule's METADATA with the same check; a
	// misspelt key in the pack would fail every run.
	_, err := New(Options{Strict: true})
	require.NoError(t, err)
}
