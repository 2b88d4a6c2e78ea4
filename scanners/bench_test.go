package scanners

import (
	"os"
	"testing"
)

// BenchmarkLoadCorpus measures parsing and resolving the real-world corpus
// (no rule evaluation), in templates per second.
func BenchmarkLoadCorpus(b *testing.B) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skip("corpus not present")
	}
	files, _ := Discover([]string{corpusDir})
	data := make([][]byte, len(files))
	for i, f := range files {
		data[i], _ = os.ReadFile(f)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for j, f := range files {
			if Load(f, data[j], Options{}).Template != nil {
				n++
			}
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "templates/s")
}
