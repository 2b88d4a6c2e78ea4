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
// large (dependencies, VCS data, build output).
var skipDirs = map[string]bool{".git": true, "node_modules": true, ".aws-sam": true, "vendor": true, "cdk.out": true}

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
	var o DiscoverOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	var files []string
	var diags []Diagnostic
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			diags = append(diags, Diagnostic{File: root, Severity: SeverityError, Message: fmt.Sprintf("cannot read: %v", unwrapPathErr(err))})
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
				diags = append(diags, Diagnostic{File: p, Severity: SeverityError, Message: fmt.Sprintf("cannot read: %v", unwrapPathErr(err))})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
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
	sort.Strings(files)
	return files, diags
}

// notRegular says what a path that cannot be read as a template is.
func notRegular(kind string) string {
	return fmt.Sprintf("not a regular file (%s)", kind)
}
