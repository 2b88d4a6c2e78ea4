package live

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// PolicyDocument is the least-privilege IAM policy an audit needs: exactly
// the read-only calls the collectors make. docs/iam-policy.json is the same
// file (a test keeps them identical); it lives here too because go:embed
// cannot reach outside the package.
//
//go:embed iam-policy.json
var PolicyDocument []byte

// PolicyActions lists the actions the policy allows ("dynamodb:ListTables").
func PolicyActions() ([]string, error) {
	var doc struct {
		Version   string
		Statement []struct {
			Effect   string
			Action   []string
			Resource any
		}
	}
	if err := json.Unmarshal(PolicyDocument, &doc); err != nil {
		return nil, fmt.Errorf("iam-policy.json: %w", err)
	}
	var out []string
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			continue
		}
		out = append(out, s.Action...)
	}
	return out, nil
}

// IsReadOnlyAction reports whether an IAM action only reads: a Describe,
// List or Get call, and no wildcard that could grant more. API Gateway's
// management actions are HTTP methods: apigateway:GET only reads.
func IsReadOnlyAction(action string) bool {
	prefix, op, ok := strings.Cut(action, ":")
	if !ok || strings.ContainsAny(op, "*?") {
		return false
	}
	if prefix == "apigateway" {
		return op == "GET"
	}
	for _, verb := range []string{"Describe", "List", "Get"} {
		if strings.HasPrefix(op, verb) {
			return true
		}
	}
	return false
}
