package cmd

import (
	"fmt"
	"runtime/debug"
)

// Commit and Date are set by release builds with -ldflags -X (see
// .goreleaser.yaml); otherwise they come from the build information Go
// records, so `go install github.com/bulwarkhq/bulwark@vX` says vX too.
var (
	Commit = ""
	Date   = ""
)

// devVersion is Version's value when no -ldflags set it.
const devVersion = "0.1.0-dev"

// versionString is what `bulwark --version` prints after "bulwark version".
func versionString() string {
	info, _ := debug.ReadBuildInfo()
	return describeVersion(Version, Commit, Date, info)
}

// describeVersion prefers what -ldflags set, then the module version of a
// `go install …@vX` build, then the VCS stamp of a build from a checkout.
func describeVersion(version, commit, date string, info *debug.BuildInfo) string {
	modified := false
	if info != nil {
		if version == devVersion && info.Main.Version != "" && info.Main.Version != "(devel)" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if commit == "" {
					commit = s.Value
				}
			case "vcs.time":
				if date == "" {
					date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	out := version
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		if modified {
			commit += "-dirty"
		}
		out += fmt.Sprintf(" (commit %s", commit)
		if date != "" {
			out += ", built " + date
		}
		out += ")"
	} else if date != "" {
		out += fmt.Sprintf(" (built %s)", date)
	}
	return out
}
