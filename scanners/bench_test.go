package scanners

import (
	"fmt"
	"os"
	"strings"
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

// benchLoad measures loading one generated template (parse, resolve,
// locate every resource).
func benchLoad(b *testing.B, name string, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res := Load(name, data, Options{})
		if res.Template == nil {
			b.Fatal(res.Diagnostics)
		}
		for _, r := range res.Template.Resources {
			res.Template.Locate(r.ID, []any{"Properties", "QueueName"})
		}
	}
}

func resourcesYAML(n int) []byte {
	var s strings.Builder
	s.WriteString("Resources:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&s, "  Q%d:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: q%d\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt D%d.Arn\n", i, i, i)
	}
	return []byte(s.String())
}

func functionsJSONLine(n int) []byte {
	var s strings.Builder
	s.WriteString(`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			s.WriteString(",")
		}
		fmt.Fprintf(&s, `"Fn%05d":{"Type":"AWS::Lambda::Function","Properties":{"FunctionName":"fn-%05d","Runtime":"python3.12","Handler":"index.handler","MemorySize":128,"Timeout":30,"Role":{"Fn::GetAtt":["Role","Arn"]},"Code":{"S3Bucket":"b","S3Key":"k.zip"}}}`, i, i)
	}
	s.WriteString("}}")
	return []byte(s.String())
}

func BenchmarkLoad5000Resources(b *testing.B)  { benchLoad(b, "t.yaml", resourcesYAML(5000)) }
func BenchmarkLoad20000Resources(b *testing.B) { benchLoad(b, "t.yaml", resourcesYAML(20000)) }

// BenchmarkLoadSingleLineJSON: 20,000 functions on one line (4.8 MB).
func BenchmarkLoadSingleLineJSON(b *testing.B) { benchLoad(b, "t.json", functionsJSONLine(20000)) }

// BenchmarkBudgetBombs: each of TestResolutionBudget's templates, stopped
// by the budget.
func BenchmarkBudgetBombs(b *testing.B) {
	for _, bomb := range budgetBombs() {
		b.Run(bomb.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if res := Load("t.yaml", []byte(bomb.src), Options{}); res.Template != nil {
					b.Fatal("the budget did not stop it")
				}
			}
		})
	}
}
