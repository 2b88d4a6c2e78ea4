package scanners

// The kinds of rule input a Source is: a rule runs only on the kinds its
// METADATA `inputs` lists.
const (
	// KindTemplate is a template: a file, or a deployed stack's template
	// with its live state.
	KindTemplate = "template"
	// KindAccount is a Region's resources outside any stack, read live.
	KindAccount = "account"
)

// Source is one thing the rules evaluate. Loading files and auditing
// accounts both produce sources; the engine evaluates them the same way.
type Source struct {
	Template *Template
	// Kind is KindTemplate or KindAccount.
	Kind string
	// Settings are facts the loader read about the account (its real
	// Lambda concurrency limit), overriding the defaults.
	Settings map[string]any
	// Unchecked rule ids (-> why) whose evidence the loader did not read
	// for this source: their findings would be guesses, so they are not
	// reported here.
	Unchecked map[string]string
	// TierHint is a tier the loader knows from outside the template (a
	// stack's reliability-tier tag), used when the template declares none,
	// and TierHintSource says where it came from.
	TierHint       any
	TierHintSource string

	// Parent is the source whose template deploys this one as a nested
	// stack (AWS::CloudFormation::Stack, AWS::Serverless::Application),
	// and Stack the logical id of that resource there; nil for a template
	// deployed on its own. A nested template is evaluated with the values
	// its parent passes, as part of its root's workload.
	Parent *Source
	Stack  string

	// Profile is written once, by the engine's enrich step, before any
	// rule runs; loaders leave it empty.
	Profile Profile
}

// Profile is what the enrich step decides about a source: the workload it
// belongs to and the reliability tier it is held to. Every later stage
// (estimates, rule input, the rule set chosen, reports) reads these fields
// instead of deciding again.
type Profile struct {
	Workload string
	// Tier is 1-4, 0 when none is set; TierSource says where it came from
	// ("--tier", "template Metadata.bulwark.tier", a stack tag, "config
	// default").
	Tier       int
	TierSource string
	// Parent is the source whose template deploys this one as a nested
	// stack (AWS::CloudFormation::Stack, AWS::Serverless::Application),
	// and Stack the logical id of that resource there; nil for a template
	// deployed on its own. A nested template is evaluated with the values
	// its parent passes, as part of its root's workload.
	Parent *Source
	Stack  string
}

// Root is the template deployed on its own that src is part of: src
// itself unless it is nested.
func (src *Source) Root() *Source {
	for src.Parent != nil {
		src = src.Parent
	}
	return src
}
