package report

import (
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func shardReport(k, n int, fingerprint string) *Report {
	return &Report{Shard: &Shard{Index: k, Count: n, Fingerprint: fingerprint,
		Accounts: []string{"111111111111", "222222222222"}, Regions: []string{"eu-west-1"}, Services: []string{"dynamodb"}}}
}

func TestCheckShards(t *testing.T) {
	other := shardReport(2, 3, "fp-other")
	other.Shard.Accounts = []string{"111111111111"}
	tests := []struct {
		name    string
		reports []*Report
		missing []string
		err     string
	}{
		{"no shards", []*Report{{}, {}}, nil, ""},
		{"complete", []*Report{shardReport(2, 3, "fp"), shardReport(1, 3, "fp"), shardReport(3, 3, "fp")}, nil, ""},
		{"one of one", []*Report{shardReport(1, 1, "fp")}, nil, ""},
		{"one missing", []*Report{shardReport(1, 3, "fp"), shardReport(3, 3, "fp")},
			[]string{"shard 2/3 is missing: the accounts and Regions it audits are not in this report"}, ""},
		{"two missing", []*Report{shardReport(3, 3, "fp")},
			[]string{"shard 1/3 is missing: the accounts and Regions it audits are not in this report",
				"shard 2/3 is missing: the accounts and Regions it audits are not in this report"}, ""},
		{"other audit", []*Report{shardReport(1, 3, "fp"), other}, nil,
			"r0.json (shard 1/3) and r1.json (shard 2/3) are shards of different audits (accounts 111111111111,222222222222 and 111111111111): merge the shards of one run"},
		{"other count", []*Report{shardReport(1, 3, "fp"), shardReport(2, 4, "fp")}, nil,
			"are shards of different audits (3 shards and 4)"},
		{"same definition, other fingerprint", []*Report{shardReport(1, 2, "fp"), shardReport(2, 2, "fp2")}, nil,
			"(fingerprints fp and fp2)"},
		{"twice", []*Report{shardReport(1, 2, "fp"), shardReport(2, 2, "fp"), shardReport(2, 2, "fp")}, nil,
			"shard 2/2 is given twice: r1.json and r2.json"},
		{"not a shard", []*Report{{}, shardReport(1, 2, "fp")}, nil,
			"r1.json is shard 1/2 of a sharded audit, but r0.json is not a shard: merge the shards of one audit on their own"},
		{"out of range", []*Report{shardReport(3, 2, "fp")}, nil, "r0.json: shard 3/2 is not a shard of 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := make([]string, len(tt.reports))
			for i := range names {
				names[i] = "r" + string(rune('0'+i)) + ".json"
			}
			diags, err := CheckShards(names, tt.reports)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			var got []string
			for _, d := range diags {
				assert.Equal(t, scanners.SeverityWarning, d.Severity)
				got = append(got, d.Message)
			}
			assert.Equal(t, tt.missing, got)
		})
	}
}

// TestMergeShardsSaysEachNoteOnce: every shard repeats the
// organization's coverage notes; merged, each is said once. Reports of
// separate scans keep theirs as they are.
func TestMergeShardsSaysEachNoteOnce(t *testing.T) {
	note := scanners.Diagnostic{File: "aws://222222222222", Severity: scanners.SeverityInfo, Message: "account 222222222222 (old) skipped: it is SUSPENDED"}
	own := scanners.Diagnostic{File: "aws://111111111111/eu-west-1", Severity: scanners.SeverityWarning, Message: "not checked: account 111111111111, region eu-west-1, service sqs: access denied"}
	a, b := shardReport(1, 2, "fp"), shardReport(2, 2, "fp")
	a.Diagnostics = []scanners.Diagnostic{note, own}
	b.Diagnostics = []scanners.Diagnostic{note}
	assert.Equal(t, []scanners.Diagnostic{note, own}, Merge(a, b).Diagnostics)

	a.Shard, b.Shard = nil, nil
	assert.Len(t, Merge(a, b).Diagnostics, 3)
}
