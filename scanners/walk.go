package scanners

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// skipDirs are folders that never hold a workload's templates but can be
// large (dependencies, VCS data, build output).
var skipDirs = map[string]bool{".git": true, "node_modules": true, ".aws-sam": true, "vendor": true, "cdk.out": true}

// Discover expands paths (files or directories, searched recursively) into
// the sorted list of candidate template files. A path that does not exist
// is a diagnostic. Symbolic links to directories are not followed, so a
// link loop cannot make the walk run forever.
func Discover(paths []string) ([]string, []Diagnostic) {
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
		if !info.IsDir() {
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
				if p != root && skipDirs[d.Name()] {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if fi, err := os.Stat(p); err != nil || fi.IsDir() {
					return nil
				}
			}
			if IsTemplateFile(p) {
				add(p)
			}
			return nil
		})
		if err != nil {
			diags = append(diags, Diagnostic{File: root, Severity: SeverityError, Message: err.Error()})
		}
	}
	sort.Strings(files)
	return files, diags
}
