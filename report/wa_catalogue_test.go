package report

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bulwarkhq/bulwark/rules"
)

func TestWACatalogueHasTheThirteenQuestions(t *testing.T) {
	var ids []string
	practices := 0
	bpID := regexp.MustCompile(`^REL(0[1-9]|1[0-3])-BP[0-9]{2}$`)
	for _, a := range WACatalogue {
		assert.NotEmpty(t, a.Name)
		for _, q := range a.Questions {
			ids = append(ids, q.ID)
			assert.NotEmpty(t, q.Title, q.ID)
			assert.NotEmpty(t, q.Practices, q.ID)
			for i, p := range q.Practices {
				assert.Regexp(t, bpID, p.ID)
				assert.Equal(t, q.ID+"-BP"+twoDigits(i+1), p.ID, "practices are numbered from BP01 without gaps")
				practices++
			}
		}
	}
	assert.Equal(t, []string{"REL01", "REL02", "REL03", "REL04", "REL05", "REL06", "REL07",
		"REL08", "REL09", "REL10", "REL11", "REL12", "REL13"}, ids)
	assert.Len(t, WACatalogue, 4, "Foundations, Workload architecture, Change management, Failure management")
	assert.Equal(t, 65, practices, "the current edition of the pillar has 65 best practices")
	q := WACatalogue[0].Questions[0]
	assert.Equal(t, "REL 1", q.Label())
	assert.Equal(t, "https://docs.aws.amazon.com/wellarchitected/latest/framework/rel01-bp01.html", q.Practices[0].URL())
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// Every best practice a built-in rule cites must be in the catalogue, or
// the report could not place its findings.
func TestEveryRulePracticeIsInTheCatalogue(t *testing.T) {
	engine, err := rules.New(rules.Options{})
	require.NoError(t, err)
	require.NotEmpty(t, engine.Rules())
	for _, rule := range engine.Rules() {
		for _, id := range rule.WellArchitected {
			_, q, ok := WAPracticeByID(id)
			if assert.True(t, ok, "%s cites %s, which report/wellarchitected.yaml lacks", rule.ID, id) {
				assert.Equal(t, id[:5], q.ID)
			}
		}
	}
}

func TestWACatalogueRejectsBadData(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown key":        "areas: [{name: A, questions: [{id: REL01, title: T, nope: 1}]}]",
		"practice elsewhere": "areas: [{name: A, questions: [{id: REL01, title: T, practices: [{id: REL02-BP01, title: X}]}]}]",
		"no title":           "areas: [{name: A, questions: [{id: REL01, title: T, practices: [{id: REL01-BP01}]}]}]",
		"twice":              "areas: [{name: A, questions: [{id: REL01, title: T, practices: [{id: REL01-BP01, title: X}, {id: REL01-BP01, title: Y}]}]}]",
	} {
		_, err := parseWACatalogue([]byte(doc))
		assert.Error(t, err, name)
	}
}
