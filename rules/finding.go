package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
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
	// it hashes the rule, file, resource and property, never the line.
	Fingerprint string `json:"fingerprint"`
}

// Suppression is an accepted exception to a rule, recorded in the template
// (Metadata.bulwark.skip on the resource) or in the config file.
type Suppression struct {
	Kind    string `json:"kind"` // "template" or "config"
	Reason  string `json:"reason"`
	ADR     string `json:"adr,omitempty"`
	Expires string `json:"expires,omitempty"`
}

// rawFinding is what a rule's deny set holds, before location and metadata.
type rawFinding struct {
	File     string
	Resource string
	Path     []any
	Message  string
	Details  map[string]any
}

// FingerprintOf computes a finding's stable identity. File paths are
// compared in slash form so a baseline written on one OS matches on another.
func FingerprintOf(ruleID, file, resource, property string) string {
	h := sha256.Sum256([]byte(ruleID + "\x00" + filepath.ToSlash(file) + "\x00" + resource + "\x00" + property))
	return hex.EncodeToString(h[:16])
}
