package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// annotationKeys are the top-level keys OPA reads from a `# METADATA`
// block (v1/ast rawAnnotation). OPA ignores any other key without a word,
// so a misspelt one (`resource_type:` beside `custom:`) would silently
// change what a rule does; bulwark refuses it instead.
var annotationKeys = []string{
	"scope", "title", "entrypoint", "description", "organizations", "related_resources",
	"authors", "schemas", "compile", "custom", "labels",
}

// customKeys are the keys bulwark reads under `custom:`.
var customKeys = []string{
	"id", "severity", "concern", "well_architected", "resource_types", "inputs",
	"scope", "tiers", "remediation",
}

// unknownMetadataKeys returns the keys of a METADATA block (its raw text, as
// OPA keeps it in the annotation's location) that neither OPA nor bulwark
// reads, as "key" or "custom.key", sorted. A block that is not YAML is
// left to OPA's own parser, which has already accepted it.
func unknownMetadataKeys(block string) []string {
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		l = strings.TrimPrefix(strings.TrimSpace(l), "#")
		if strings.TrimSpace(l) == "METADATA" {
			continue
		}
		lines = append(lines, strings.TrimPrefix(l, " "))
	}
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(strings.Join(lines, "\n")), &doc); err != nil {
		return nil
	}
	var unknown []string
	for k, v := range doc {
		if !slices.Contains(annotationKeys, k) {
			unknown = append(unknown, k)
			continue
		}
		if custom, ok := v.(map[string]any); ok && k == "custom" {
			for ck := range custom {
				if !slices.Contains(customKeys, ck) {
					unknown = append(unknown, "custom."+ck)
				}
			}
		}
	}
	sort.Strings(unknown)
	return unknown
}

// unknownKeysProblem says which keys are not read and what is, for the
// load error.
func unknownKeysProblem(keys []string) string {
	return fmt.Sprintf("unknown key %s (METADATA keys are %s; under custom: %s)",
		strings.Join(keys, ", "), strings.Join(annotationKeys, ", "), strings.Join(customKeys, ", "))
}
