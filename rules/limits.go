package rules

// Size limits of what the rules package reads. A config file and a rule
// file come from the repository under review, which may be hostile: a
// file above its limit (or a pipe, or a device) is an error naming it,
// never an endless read. Real ones are a few KiB.
const (
	// MaxRuleFileSize bounds one .rego file of a --rules folder.
	MaxRuleFileSize = 5 << 20
)
