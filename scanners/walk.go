package scanners

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
)

// skipDirs are folders that never hold a workload's templates but can be
// large (dependencies, VCS data, build output). A CDK cloud assembly
// (cdk.out) is read through its manifest instead (cdk.go).
var skipDirs = map[string]bool{".git": true, "node_modules": true, ".aws-sam": true, "vendor": true}

// Discovery is what Discover found in the paths it was given.
type Discovery struct {
	Files       []string // candidate template files, sorted
	Diagnostics []Diagnostic
	// Stacks names the CDK stack each template of a cloud assembly is
	// (file -> stack name); pass it on as Options.Stacks.
	Stacks map[string]string
	// Notes are what --verbose tells about folders not read (a cdk.out
	// without a manifest).
	Notes []string

	seen map[string]bool
}

func (d *Discovery) add(p string) {
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	if !d.seen[p] {
		d.seen[p] = true
		d.Files = append(d.Files, p)
	}
}

// Discover expands paths (files or directories, searched recursively) into
// the sorted list of candidate template files. A path that does not exist
// is a diagnostic. Symbolic links to directories are not followed, so a
// link loop cannot make the walk run forever. In a folder, a file with a
// template's name that is not a regular file (a named pipe, a socket, a
// device, or a link to one) is a warning and is never opened: opening a
// pipe can block and a device such as /dev/zero never ends. Named
// explicitly, it is an error. opts (at most one) leave out files and
// folders by pattern, and can walk the folders skipped by default.
func Discover(paths []string, opts ...DiscoverOptions) ([]string, []Diagnostic) {
	d := DiscoverAll(paths, opts...)
	return d.Files, d.Diagnostics
}

// DiscoverAll is Discover, reading CDK cloud assemblies through their
// manifests: only their stacks' templates, each once, named.
func DiscoverAll(paths []string, opts ...DiscoverOptions) Discovery {
	var o DiscoverOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	var found Discovery
	var diags []Diagnostic
	add := found.add
	assemblies := newAssemblyReader(&found)
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			diags = append(diags, Diagnostic{File: root, Severity: SeverityError, Message: fmt.Sprintf("cannot read: %v", safeio.Cause(err))})
			continue
		}
		if o.excluded(root, root) {
			continue // named, but excluded by a pattern the user wrote
		}
		if !info.IsDir() {
			if k := safeio.Kind(info.Mode()); k != "" {
				diags = append(diags, Diagnostic{File: root, Severity: SeverityError, Message: notRegular(k)})
				continue
			}
			add(filepath.Clean(root)) // named explicitly: read whatever its extension
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				diags = append(diags, Diagnostic{File: p, Severity: SeverityError, Message: fmt.Sprintf("cannot read: %v", safeio.Cause(err))})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && o.excluded(root, p) {
					return fs.SkipDir
				}
				if isAssemblyDir(p) {
					assemblies.read(p, false, 0)
					return fs.SkipDir
				}
				if p != root && o.skipDir(root, p, d.Name()) {
					return fs.SkipDir
				}
				return nil
			}
			if !IsTemplateFile(p) || o.excluded(root, p) {
				return nil
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				fi, err := os.Stat(p)
				if err != nil || fi.IsDir() {
					return nil
				}
				mode = fi.Mode()
			}
			if k := safeio.Kind(mode); k != "" {
				diags = append(diags, Diagnostic{File: p, Severity: SeverityWarning, Message: notRegular(k) + ": skipped"})
				return nil
			}
			add(p)
			return nil
		})
		if err != nil {
			diags = append(diags, Diagnostic{File: root, Severity: SeverityError, Message: err.Error()})
		}
	}
	sort.Strings(found.Files)
	found.Diagnostics = append(diags, found.Diagnostics...)
	return found
}

// notRegular says what a path that cannot be read as a template is.
func notRegular(kind string) string {
	return fmt.Sprintf("not a regular file (%s)", kind)
}
