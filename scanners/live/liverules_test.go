package live

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/bulwarkhq/bulwark/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryLiveRuleHasACollector: a rule that declares it runs in live
// audits (inputs: account) reads at least one resource type some
// collector writes, so "runs live" in the README's rule table is never a
// claim about a rule that can only ever pass. The fixture Region holds one
// resource of every kind the collectors write.
func TestEveryLiveRuleHasACollector(t *testing.T) {
	f := newFront(t)
	serveFixtures(f, fixtureRegion)
	// The fixture Region's table is a global table; a plain one comes
	// from kumo, in the primary Region.
	_, err := dynamodb.NewFromConfig(f.Config(f.Primary)).CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName: aws.String("liverules-plain"), BillingMode: ddbtypes.BillingModeProvisioned,
		AttributeDefinitions:  []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:             []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}},
		ProvisionedThroughput: &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)}})
	require.NoError(t, err)
	o := options(f, fixtureRegion, f.Primary)
	o.Services = []string{"dynamodb"}
	// Without the cloudformation collector no resource belongs to a stack:
	// every resource a collector writes is in a Region's live source.
	all := options(f, fixtureRegion)
	all.Services = slices.DeleteFunc(Services(), func(s string) bool { return s == "cloudformation" })
	inv := audit(t, all)
	inv.Sources = append(inv.Sources, audit(t, o).Sources...)
	written := map[string]bool{}
	for _, src := range inv.Sources {
		if src.Live() {
			for _, r := range src.Template.Resources {
				written[r.Type] = true
			}
		}
	}
	e, err := rules.New(rules.Options{})
	require.NoError(t, err)
	live := 0
	for _, r := range e.Rules() {
		if !r.AppliesTo("account") || len(r.ResourceTypes) == 0 {
			continue // governance rules read the source, not a resource type
		}
		live++
		assert.True(t, slices.ContainsFunc(r.ResourceTypes, func(typ string) bool { return written[typ] }),
			"%s declares inputs: account, but no collector writes any of %v", r.ID, r.ResourceTypes)
	}
	assert.Greater(t, live, 40, "most rules run live")
}
