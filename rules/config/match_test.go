package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFileGlobMatch holds config suppressions' file globs to doublestar's
// semantics. A glob that matched more than it says is a gate bypass: the
// hand-written translation turned "infra/**/prod.yaml" into a regexp that
// also matched infra/a/preprod.yaml.
func TestFileGlobMatch(t *testing.T) {
	tests := []struct {
		glob, file string
		want       bool
	}{
		// ** is zero or more folders, as a whole segment.
		{"infra/**/prod.yaml", "infra/prod.yaml", true},
		{"infra/**/prod.yaml", "infra/a/prod.yaml", true},
		{"infra/**/prod.yaml", "infra/a/b/c/prod.yaml", true},
		{"infra/**/prod.yaml", "infra/a/preprod.yaml", false},
		{"infra/**/prod.yaml", "infra/preprod.yaml", false},
		{"infra/**/prod.yaml", "other/infra/prod.yaml", false},
		{"infra/**", "infra/a/b.yaml", true},
		{"infra/**", "infrastructure/b.yaml", false},
		{"**", "a/b/c.yaml", true},
		{"**/prod.yaml", "prod.yaml", true},
		{"**/prod.yaml", "x/y/prod.yaml", true},
		{"**/prod.yaml", "x/preprod.yaml", false},
		// * and ? never cross a /.
		{"infra/*.yaml", "infra/a.yaml", true},
		{"infra/*.yaml", "infra/dev/a.yaml", false},
		{"infra/*/app.yaml", "infra/dev/app.yaml", true},
		{"infra/*/app.yaml", "infra/dev/x/app.yaml", false},
		{"infra/?.yaml", "infra/a.yaml", true},
		{"infra/?.yaml", "infra/ab.yaml", false},
		{"infra?a.yaml", "infra/a.yaml", false},
		// Alternatives and classes.
		{"infra/{dev,test}/**", "infra/dev/app.yaml", true},
		{"infra/{dev,test}/**", "infra/test/app.yaml", true},
		{"infra/{dev,test}/**", "infra/prod/app.yaml", false},
		{"infra/[ab].yaml", "infra/a.yaml", true},
		{"infra/[ab].yaml", "infra/c.yaml", false},
		{"infra/[!a].yaml", "infra/a.yaml", false},
		// A literal . is not "any character".
		{"a.yaml", "a_yaml", false},
		// A glob without / also matches the base name; with one, it does not.
		{"prod.yaml", "infra/a/prod.yaml", true},
		{"prod.yaml", "infra/a/preprod.yaml", false},
		{"*.json", "infra/a/stack.json", true},
		{"a/prod.yaml", "infra/a/prod.yaml", false},
		// A leading ./ in the glob or the path is ignored; paths are cleaned.
		{"./infra/**", "infra/a.yaml", true},
		{"infra/**", "./infra/a.yaml", true},
		{"infra/prod.yaml", "infra/dev/../prod.yaml", true},
		// Windows separators in a finding's path.
		{"infra/**/prod.yaml", `infra\a\prod.yaml`, true},
		{"infra/**/prod.yaml", `infra\a\preprod.yaml`, false},
		{"infra/*.yaml", `infra\dev\a.yaml`, false},
		// An audit's addresses, aws://ACCOUNT/REGION[/STACK].
		{"aws://*/us-east-1/*", "aws://000000000000/us-east-1/orders", true},
		{"aws://*/us-east-1/*", "aws://000000000000/us-east-1", false},
		{"aws://*/us-east-1/*", "aws://000000000000/eu-west-1/orders", false},
		{"aws://000000000000/us-east-1", "aws://000000000000/us-east-1", true},
		{"aws://*/*/orders-*", "aws://000000000000/us-east-1/orders-prod", true},
		{"aws://*/*/orders-*", "aws://000000000000/us-east-1/payments", false},
		{"aws://**", "aws://000000000000/global", true},
		// An empty glob is every file.
		{"", "anything/at/all.yaml", true},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, FileGlobMatch(tc.glob, tc.file), "%q ~ %q", tc.glob, tc.file)
	}
}

func TestResourceGlobMatch(t *testing.T) {
	tests := []struct {
		glob, id string
		want     bool
	}{
		{"Dev*", "DevTable", true},
		{"Dev*", "ProdTable", false},
		{"Dev?", "DevA", true},
		{"Dev?", "DevAB", false},
		{"{Dev,Test}Table", "TestTable", true},
		{"loadbalancer/*", "loadbalancer/web", true},
		{"*", "loadbalancer/web", false},
		{"", "loadbalancer/web", true},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, ResourceGlobMatch(tc.glob, tc.id), "%q ~ %q", tc.glob, tc.id)
	}
}
