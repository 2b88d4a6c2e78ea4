package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzConfig: no config file content makes Load or Parse panic; it returns
// a config or an error that names the file.
func FuzzConfig(f *testing.F) {
	entries, _ := os.ReadDir("../../testdata/fuzz/config")
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join("../../testdata/fuzz/config", e.Name())); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("fail_on: high\nsuppressions:\n  - {rule: BW-PITR-001, reason: r, expires: 2027-01-31}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const p = "fuzz/.bulwark.yaml"
		c, err := Parse(p, data)
		if err == nil && c == nil {
			t.Fatal("nil config without an error")
		}
		if err != nil && !strings.Contains(err.Error(), p) {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
