package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// wellArchitectedYAML is the Reliability pillar's questions and best
// practices: see the comment at its top.
//
//go:embed wellarchitected.yaml
var wellArchitectedYAML []byte

// WAArea groups the pillar's questions as AWS does (Foundations, Workload
// architecture, Change management, Failure management).
type WAArea struct {
	Name      string       `yaml:"name"`
	Questions []WAQuestion `yaml:"questions"`
}

// WAQuestion is one question of the pillar, REL01 to REL13.
type WAQuestion struct {
	ID        string       `yaml:"id"` // REL01
	Title     string       `yaml:"title"`
	Practices []WAPractice `yaml:"practices"`
}

// Label is the question's id as AWS writes it in prose: "REL 1".
func (q WAQuestion) Label() string {
	return "REL " + strings.TrimLeft(strings.TrimPrefix(q.ID, "REL"), "0")
}

// Anchor is the question's id in the HTML report.
func (q WAQuestion) Anchor() string { return strings.ToLower(q.ID) }

// WAPractice is one best practice, e.g. REL09-BP01.
type WAPractice struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
}

// URL is the practice's page in the framework's documentation.
func (p WAPractice) URL() string {
	return "https://docs.aws.amazon.com/wellarchitected/latest/framework/" + strings.ToLower(p.ID) + ".html"
}

// WACatalogue is the Reliability pillar, loaded from the embedded data file.
var WACatalogue = mustLoadWACatalogue()

func mustLoadWACatalogue() []WAArea {
	areas, err := parseWACatalogue(wellArchitectedYAML)
	if err != nil {
		panic("report/wellarchitected.yaml: " + err.Error()) // embedded data; a test loads it
	}
	return areas
}

func parseWACatalogue(data []byte) ([]WAArea, error) {
	var doc struct {
		Areas []WAArea `yaml:"areas"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, a := range doc.Areas {
		for _, q := range a.Questions {
			for _, p := range q.Practices {
				if !strings.HasPrefix(p.ID, q.ID+"-BP") || p.Title == "" {
					return nil, fmt.Errorf("practice %q (%q) does not belong to question %s or has no title", p.ID, p.Title, q.ID)
				}
				if seen[p.ID] {
					return nil, fmt.Errorf("practice %s listed twice", p.ID)
				}
				seen[p.ID] = true
			}
		}
	}
	return doc.Areas, nil
}

// WAPracticeByID finds a best practice and its question in the catalogue.
func WAPracticeByID(id string) (WAPractice, WAQuestion, bool) {
	for _, a := range WACatalogue {
		for _, q := range a.Questions {
			for _, p := range q.Practices {
				if p.ID == id {
					return p, q, true
				}
			}
		}
	}
	return WAPractice{}, WAQuestion{}, false
}
