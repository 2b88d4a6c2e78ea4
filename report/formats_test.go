package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseOutputs(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   []Output
		err    string
	}{
		{"one", []string{"sarif=a.sarif"}, []Output{{"sarif", "a.sarif"}}, ""},
		{"comma-separated", []string{"sarif=a.sarif,junit=j.xml"}, []Output{{"sarif", "a.sarif"}, {"junit", "j.xml"}}, ""},
		{"repeated", []string{"sarif=a.sarif", "markdown=m.md"}, []Output{{"sarif", "a.sarif"}, {"markdown", "m.md"}}, ""},
		{"space after the comma", []string{"sarif=a.sarif, junit=j.xml"}, []Output{{"sarif", "a.sarif"}, {"junit", "j.xml"}}, ""},
		{"a comma inside a file name", []string{"markdown=/tmp/a,b/c.md"}, []Output{{"markdown", "/tmp/a,b/c.md"}}, ""},
		{"a comma inside the first of two", []string{"markdown=/tmp/a,b/c.md,sarif=s.sarif"}, []Output{{"markdown", "/tmp/a,b/c.md"}, {"sarif", "s.sarif"}}, ""},
		{"a name with a comma and a digit", []string{"json=x,1=z.json"}, []Output{{"json", "x,1=z.json"}}, ""},
		{"trailing comma", []string{"sarif=a.sarif,"}, []Output{{"sarif", "a.sarif"}}, ""},
		{"unknown format", []string{"pdf=x.pdf"}, nil, `unknown format "pdf"`},
		{"unknown format after a known one", []string{"sarif=a.sarif,pdf=x.pdf"}, nil, `unknown format "pdf"`},
		{"no file", []string{"sarif"}, nil, "expected FORMAT=FILE"},
		{"no file after a comma", []string{"sarif=,junit=j.xml"}, nil, "expected FORMAT=FILE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseOutputs(tc.values)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
