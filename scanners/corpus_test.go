package scanners

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is the shared real-world corpus; the test is skipped only when
// it is absent (it lives beside the repository, not in it).
const corpusDir = "../../shared/corpus/aws-cloudformation-templates"

func TestCorpusLoadsWithoutPanic(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not present at %s", corpusDir)
	}
	files, diags := Discover([]string{corpusDir})
	if len(diags) > 0 {
		t.Fatalf("discover: %v", diags)
	}
	if len(files) < 290 {
		t.Fatalf("found %d template files, want the ~298 of the corpus", len(files))
	}
	var loaded, skipped, failed, resources int
	for _, f := range files {
		res := LoadFile(f, Options{})
		switch {
		case res.Template != nil:
			loaded++
			resources += len(res.Template.Resources)
		case res.Skipped:
			skipped++
			t.Logf("skipped (not a template): %s", rel(f))
		default:
			failed++
		}
		for _, d := range res.Diagnostics {
			if d.File == "" || d.Message == "" {
				t.Errorf("diagnostic without file or message: %+v", d)
			}
			t.Logf("%s: %s %s", rel(f), d.Severity, d.Message)
		}
	}
	t.Logf("%d files: %d loaded (%d resources), %d skipped, %d failed", len(files), loaded, resources, skipped, failed)
	if loaded < 280 {
		t.Errorf("only %d of %d corpus files loaded as templates", loaded, len(files))
	}
}

func rel(p string) string {
	r, err := filepath.Rel(corpusDir, p)
	if err != nil {
		return p
	}
	return r
}
