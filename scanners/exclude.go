package scanners

import (
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// DiscoverOptions say which files of the given paths Discover returns.
//
// Patterns are doublestar globs over slash-separated paths: "*" and "?"
// stay within a name, "**" as a whole segment spans any number of
// folders, "{a,b}" and "[ab]" choose; a leading "./" is ignored. A pattern
// without "/" also matches a file's or folder's own name at any depth
// ("testdata" skips every folder so named). A folder that matches is not
// walked at all.
type DiscoverOptions struct {
	// Skip (--skip-path) are matched against the path relative to the
	// PATH it was found under; a PATH itself, against the path as written.
	Skip []string
	// Exclude (the config's exclude:) are matched against the path
	// relative to ExcludeBase, the config's folder; a path outside that
	// folder only against its name.
	Exclude     []string
	ExcludeBase string
	// NoDefaultSkips also walks the folders skipped by default
	// (DefaultSkipDirs).
	NoDefaultSkips bool
	// Excluded, when set, is told each template-named file or folder
	// that a pattern left out (for --verbose).
	Excluded func(path string)
}

// DefaultSkipDirs are the folders not walked unless NoDefaultSkips is
// set, sorted.
func DefaultSkipDirs() []string {
	names := make([]string, 0, len(skipDirs))
	for n := range skipDirs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// skipDir reports whether the walk under root leaves out folder p.
func (o *DiscoverOptions) skipDir(root, p, name string) bool {
	return !o.NoDefaultSkips && skipDirs[name] || o.excluded(root, p)
}

// excluded reports whether a pattern leaves out p, found under root.
func (o *DiscoverOptions) excluded(root, p string) bool {
	if len(o.Skip) == 0 && len(o.Exclude) == 0 {
		return false
	}
	rel := filepath.Clean(p)
	if p != root {
		if r, err := filepath.Rel(root, p); err == nil {
			rel = r
		}
	}
	out := matchAny(o.Skip, filepath.ToSlash(rel))
	if !out && len(o.Exclude) > 0 {
		if rel, inside := o.relToBase(p); inside {
			out = matchAny(o.Exclude, rel)
		} else {
			out = matchAny(namePatterns(o.Exclude), filepath.Base(p))
		}
	}
	if out && o.Excluded != nil {
		o.Excluded(p)
	}
	return out
}

// relToBase is p relative to ExcludeBase, slash-separated, and whether p
// is inside that folder at all.
func (o *DiscoverOptions) relToBase(p string) (string, bool) {
	base, err1 := filepath.Abs(o.ExcludeBase)
	abs, err2 := filepath.Abs(p)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(base, abs); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel), true
		}
	}
	return "", false
}

// namePatterns are the patterns without "/": those that match a name
// wherever it is, even outside the folder the others are relative to.
func namePatterns(patterns []string) []string {
	var out []string
	for _, g := range patterns {
		if !strings.Contains(strings.TrimPrefix(g, "./"), "/") {
			out = append(out, g)
		}
	}
	return out
}

// matchAny reports whether a pattern matches the slash path rel (or its
// last name, for a pattern without "/").
func matchAny(patterns []string, rel string) bool {
	rel = strings.TrimPrefix(rel, "./")
	for _, g := range patterns {
		g = strings.TrimPrefix(g, "./")
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
		if !strings.Contains(g, "/") {
			if ok, _ := doublestar.Match(g, path.Base(rel)); ok {
				return true
			}
		}
	}
	return false
}
