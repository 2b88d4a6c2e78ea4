package adr

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: no record content makes the parser or the linter panic, and
// every problem found names the file and a line within it.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"../testdata/fuzz/adr", "../docs/adr"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("---\nstatus: Accepted\n---\n# ADR-0001: T\n\n## Status\n\nAccepted\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "0001-fuzz.md"
		p := parse(file, data)
		if p == nil {
			t.Fatal("parse returned nil")
		}
		for _, pr := range lint("", []*parsed{p}) {
			if pr.File == "" || pr.Line < 0 {
				t.Fatalf("problem without a file or with a bad line: %+v", pr)
			}
		}
	})
}
