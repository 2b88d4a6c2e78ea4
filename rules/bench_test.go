package rules

import (
	"context"
	"os"
	"testing"

	"github.com/bulwarkhq/bulwark/scanners"
)

// benchScan measures load + evaluate (the whole scan pipeline, engine
// compiled once outside the loop) and reports templates per second.
func benchScan(b *testing.B, paths []string) {
	files, _ := scanners.Discover(paths)
	if len(files) == 0 {
		b.Skip("no files")
	}
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	templates := 0
	for i := 0; i < b.N; i++ {
		res := e.Scan(ctx, files, ScanOptions{})
		templates += res.Templates
	}
	b.ReportMetric(float64(templates)/b.Elapsed().Seconds(), "templates/s")
}

func BenchmarkScanExamples(b *testing.B) { benchScan(b, []string{"../testdata/examples"}) }

func BenchmarkScanCorpus(b *testing.B) {
	const corpus = "../../shared/corpus/aws-cloudformation-templates"
	if _, err := os.Stat(corpus); err != nil {
		b.Skip("shared corpus not present")
	}
	benchScan(b, []string{corpus})
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
