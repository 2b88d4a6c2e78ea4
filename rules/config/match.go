package config

import (
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Covers reports whether the suppression's resource, file and construct
// globs cover a finding on resource in file, of the CDK construct
// constructPath ("" when none); the caller compares the rule id.
func (s Suppression) Covers(resource, file, constructPath string) bool {
	return ResourceGlobMatch(s.Resource, resource) && FileGlobMatch(s.File, file) && ConstructGlobMatch(s.Construct, constructPath)
}

// FileGlobMatch reports whether a config suppression's file glob covers a
// finding's file, with doublestar's semantics: "*" and "?" never cross
// "/", "**" as a whole segment spans zero or more folders, "{a,b}" and
// "[ab]" choose. The file is compared slash-separated and clean (an audit's
// aws:// address as is); a leading "./" in the glob is ignored, and a glob
// without "/" also matches the file's base name. An empty glob matches
// every file.
func FileGlobMatch(glob, file string) bool {
	if glob == "" {
		return true
	}
	glob = strings.TrimPrefix(glob, "./")
	f := findingFile(file)
	return globMatch(glob, f) || (!strings.Contains(glob, "/") && globMatch(glob, path.Base(f)))
}

// ResourceGlobMatch reports whether a config suppression's resource glob
// covers a logical id (or an audit's id such as loadbalancer/web, where "*"
// stays within a segment like in a path). An empty glob matches every id.
func ResourceGlobMatch(glob, id string) bool {
	return glob == "" || globMatch(glob, id)
}

// globMatch matches a glob validated at config load (validGlob); an
// invalid one matches nothing.
func globMatch(glob, s string) bool {
	ok, err := doublestar.Match(glob, s)
	return ok && err == nil
}

// validGlob is the check config load runs on a resource or file glob.
func validGlob(glob string) bool {
	return doublestar.ValidatePattern(strings.TrimPrefix(glob, "./"))
}

// findingFile is the form of a finding's file that "file" globs match:
// slash-separated and clean, except an audit's aws:// address, kept as is.
func findingFile(f string) string {
	if strings.HasPrefix(f, "aws://") {
		return f
	}
	return strings.TrimPrefix(path.Clean(toSlash(f)), "./")
}

func toSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

// ConstructGlobMatch reports whether a config suppression's construct glob
// covers a finding's CDK construct path (MyStack/Orders/Resource), with
// doublestar's semantics as for files: "MyStack/Orders/**" covers every
// construct under Orders. A leading "/" (the form of the manifest's
// metadata keys) is ignored. An empty glob matches every finding; a set
// one never matches a finding without a construct path.
func ConstructGlobMatch(glob, constructPath string) bool {
	if glob == "" {
		return true
	}
	return constructPath != "" && globMatch(strings.TrimPrefix(glob, "/"), strings.TrimPrefix(constructPath, "/"))
}
