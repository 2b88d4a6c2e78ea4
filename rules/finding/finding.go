// Package finding is the vocabulary every stage after evaluation shares:
// a finding, the rule it comes from, severities and concerns. It imports
// nothing of bulwark, so the engine, the reports and the decision records
// all use these types directly instead of mirroring them.
package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"sort"
)

// Finding statuses.
const (
	StatusFail       = "fail"
	StatusSuppressed = "suppressed"
	StatusBaselined  = "baselined"
)

// Finding is one rule's verdict on one resource, located in its source.
type Finding struct {
	RuleID          string         `json:"rule_id"`
	Title           string         `json:"title"`
	Severity        string         `json:"severity"`
	Concern         string         `json:"concern"`
	Status          string         `json:"status"`
	Resource        string         `json:"resource"`
	ResourceType    string         `json:"resource_type"`
	File            string         `json:"file"`
	Line            int            `json:"line"`
	Column          int            `json:"column"`
	Property        string         `json:"property,omitempty"`
	ConstructPath   string         `json:"construct_path,omitempty"` // CDK construct (aws:cdk:path), e.g. MyStack/Orders/Resource
	Message         string         `json:"message"`
	Remediation     string         `json:"remediation"`
	WellArchitected []string       `json:"well_architected"`
	Details         map[string]any `json:"details,omitempty"`
	// Suppression says why a finding with status "suppressed" does not count.
	Suppression *Suppression `json:"suppression,omitempty"`
	// Fingerprint identifies the finding across runs and unrelated edits:
	// it hashes the rule, file, resource and property, never the line
	// (and, in a nested template, the stacks it was reached through).
	Fingerprint string `json:"fingerprint"`
	// Parent names the stack that deploys the finding's template when it
	// is nested: the template was judged with the values that stack passes.
	Parent *StackRef `json:"parent,omitempty"`
}

// StackRef is a nested stack's resource in its parent template: an
// AWS::CloudFormation::Stack or AWS::Serverless::Application.
type StackRef struct {
	File     string `json:"file"`
	Resource string `json:"resource"`
}

// Suppression is an accepted exception to a rule, recorded in the template
// (Metadata.bulwark.skip on the resource) or in the config file.
type Suppression struct {
	Kind    string `json:"kind"` // "template" or "config"
	Reason  string `json:"reason"`
	ADR     string `json:"adr,omitempty"`
	Expires string `json:"expires,omitempty"`
}

// FingerprintOf computes a finding's stable identity. File paths are
// compared in slash form so a baseline written on one OS matches on another.
func FingerprintOf(ruleID, file, resource, property string) string {
	h := sha256.Sum256([]byte(ruleID + "\x00" + filepath.ToSlash(file) + "\x00" + resource + "\x00" + property))
	return hex.EncodeToString(h[:16])
}

// Sort orders findings by file, line, column, then rule id, so output is
// stable whatever order the workers finished in.
func Sort(f []Finding) {
	sort.SliceStable(f, func(i, j int) bool {
		a, b := f[i], f[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Resource < b.Resource
	})
}
