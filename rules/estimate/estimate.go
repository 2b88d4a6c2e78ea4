package estimate

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// estimatesYAML is the estimation table: see the comment at its top.
//
//go:embed estimates.yaml
var estimatesYAML []byte

// Mechanism is one row of the estimation table (estimates.yaml): what a
// recovery mechanism gives, and where the figure comes from.
type Mechanism struct {
	Kind    string `yaml:"kind" json:"kind"` // rpo or rto
	Seconds int64  `yaml:"seconds" json:"seconds,omitempty"`
	Scope   string `yaml:"scope" json:"scope"` // region or cross-region
	Note    string `yaml:"note" json:"note"`
	Source  string `yaml:"source" json:"source"`
}

// Mechanisms is the estimation table, loaded from the embedded data file.
var Mechanisms = mustLoadMechanisms()

func mustLoadMechanisms() map[string]Mechanism {
	var doc struct {
		Mechanisms map[string]Mechanism `yaml:"mechanisms"`
	}
	if err := yaml.Unmarshal(estimatesYAML, &doc); err != nil {
		panic("rules/estimate/estimates.yaml: " + err.Error()) // embedded data; a test loads it
	}
	return doc.Mechanisms
}

// Scenarios the tiers are judged against.
const (
	ScenarioRegion = "region"            // tiers 1-2: multi-region strategies
	ScenarioAZ     = "availability-zone" // tiers 3-4: single-region strategies
)

// ScenarioOf is the disruption a tier's strategy must withstand.
func ScenarioOf(tier int) string {
	if tier == 1 || tier == 2 {
		return ScenarioRegion
	}
	return ScenarioAZ
}

// Estimate is an achievable RPO or RTO and the evidence behind it.
// Seconds nil with Unknown and NotApplicable false means no mechanism at
// all (unbounded).
//
// Unknown marks an estimate that unresolved values could change: for a
// resource's best mechanism it may be better than Seconds; for a
// workload's worst component (AtLeast) it may be worse.
type Estimate struct {
	Seconds  *int64   `json:"seconds"`
	Text     string   `json:"text"`
	Unknown  bool     `json:"unknown,omitempty"`
	AtLeast  bool     `json:"at_least,omitempty"`
	Evidence []string `json:"evidence"`

	// NotApplicable marks a workload objective with no component to judge
	// (no data store: no data to lose). It meets any target: a verdict
	// must rest on what the template has, never on what it lacks.
	NotApplicable bool `json:"not_applicable,omitempty"`
}

// ResourceEstimate is what one resource can achieve.
type ResourceEstimate struct {
	Resource string    `json:"resource"`
	Type     string    `json:"type"`
	Tier     int       `json:"tier,omitempty"`
	Scenario string    `json:"scenario"`
	RPO      *Estimate `json:"rpo,omitempty"` // data stores only
	RTO      *Estimate `json:"rto,omitempty"`
	// Compliant is nil when the tier is not set or the verdict is unknown.
	Compliant *bool `json:"compliant"`
}

// Workload is one template's tier verdict: the tier, its targets, the
// estimates of each resource and the worst of them.
type Workload struct {
	Name       string             `json:"name"`
	File       string             `json:"file"`
	Tier       int                `json:"tier"`
	TierSource string             `json:"tier_source"`
	Targets    *Tier              `json:"targets,omitempty"`
	Scenario   string             `json:"scenario"`
	RPO        Estimate           `json:"rpo"`
	RTO        Estimate           `json:"rto"`
	Resources  []ResourceEstimate `json:"resources"`
	Compliant  *bool              `json:"compliant"`
}

// est builders.
func secs(n int64, evidence ...string) Estimate {
	return Estimate{Seconds: &n, Text: FormatSeconds(n), Evidence: evidence}
}

func unbounded(evidence ...string) Estimate {
	return Estimate{Text: "unbounded", Evidence: evidence}
}

// notApplicable is a workload objective with nothing to judge.
func notApplicable(text string) Estimate {
	return Estimate{Text: text, NotApplicable: true, Evidence: []string{}}
}

func unknownEst(evidence ...string) Estimate {
	return Estimate{Unknown: true, Text: "unknown", Evidence: evidence}
}

// mech is a mechanism's figure from the table; the evidence names the
// table row so a reader can look up its note and source.
func mech(name string, extra ...string) Estimate {
	m := Mechanisms[name]
	if len(extra) == 0 {
		return secs(m.Seconds, fmt.Sprintf("%s (%s)", m.Note, name))
	}
	return secs(m.Seconds, fmt.Sprintf("%s: %s %s", strings.Join(extra, "; "), name, FormatSeconds(m.Seconds)))
}

// best keeps the shortest known estimate among alternatives; an unknown
// alternative is remembered (it might be better) unless a known one is 0.
func best(alts ...Estimate) Estimate {
	var out *Estimate
	unknown := false
	var unknownEv []string
	for i := range alts {
		a := alts[i]
		if a.Unknown {
			unknown = true
			unknownEv = append(unknownEv, a.Evidence...)
			continue
		}
		if a.Seconds == nil {
			continue
		}
		if out == nil || *a.Seconds < *out.Seconds {
			out = &a
		}
	}
	switch {
	case out != nil:
		r := *out
		if unknown && *r.Seconds > 0 {
			r.Unknown, r.Evidence = true, append(append([]string{}, r.Evidence...), unknownEv...)
		}
		return r
	case unknown:
		return unknownEst(unknownEv...)
	}
	var ev []string
	for _, a := range alts {
		ev = append(ev, a.Evidence...)
	}
	return unbounded(ev...)
}

// FormatSeconds renders a duration the way the tier table speaks.
func FormatSeconds(s int64) string {
	switch {
	case s == 0:
		return "0 s"
	case s%86400 == 0:
		return fmt.Sprintf("%d d", s/86400)
	case s%3600 == 0:
		return fmt.Sprintf("%d h", s/3600)
	case s >= 3600:
		return fmt.Sprintf("%.1f h", float64(s)/3600)
	case s%60 == 0:
		return fmt.Sprintf("%d min", s/60)
	case s >= 120:
		return fmt.Sprintf("%.1f min", float64(s)/60)
	}
	return fmt.Sprintf("%d s", s)
}

// within reports whether an estimate meets a target: true, false, or nil
// when it cannot be known. A known estimate equal to the target meets it
// (a daily backup meets "< 24 h").
func within(e *Estimate, target int64) *bool {
	switch {
	case e == nil, e.NotApplicable:
		return boolp(true)
	case e.AtLeast: // the truth is this or worse
		if e.Seconds != nil && *e.Seconds > target {
			return boolp(false)
		}
		return nil
	case e.Seconds != nil && *e.Seconds <= target:
		return boolp(true)
	case e.Unknown: // the truth is this or better
		return nil
	}
	return boolp(false)
}

func boolp(b bool) *bool { return &b }

// both combines verdicts: false wins, then unknown.
func both(a, b *bool) *bool {
	if (a != nil && !*a) || (b != nil && !*b) {
		return boolp(false)
	}
	if a == nil || b == nil {
		return nil
	}
	return boolp(true)
}

// worst keeps the longest estimate across components: unbounded beats any
// number; an unknown component makes a passing total unknown. With no
// component, the objective does not apply: none says why, in words.
func worst(none Estimate, parts ...Estimate) Estimate {
	if len(parts) == 0 {
		return none
	}
	var out *Estimate
	unknown := false
	var unknownEv []string
	for i := range parts {
		p := parts[i]
		if p.Unknown && p.Seconds == nil {
			unknown = true
			for _, ev := range p.Evidence {
				if !slices.Contains(unknownEv, ev) {
					unknownEv = append(unknownEv, ev)
				}
			}
			continue
		}
		if p.Seconds == nil {
			return p // unbounded
		}
		if out == nil || *p.Seconds > *out.Seconds {
			out = &p
		}
		unknown = unknown || p.Unknown
	}
	if out == nil {
		return unknownEst(unknownEv...)
	}
	r := *out
	if unknown {
		r.Unknown, r.AtLeast = true, true
		r.Text = "at least " + r.Text
	}
	return r
}
