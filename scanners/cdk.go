package scanners

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"go.yaml.in/yaml/v3"
)

// An AWS CDK cloud assembly is what `cdk synth` writes (cdk.out/): a
// manifest.json listing its artifacts, one template per stack, nested
// assemblies for stages (assembly-<Stage>/) and copies of the assets
// (asset.<hash>/ folders, *.assets.json). Walking it like any folder would
// read the assets (a bundled Lambda's package.json, a copied test fixture)
// and lose which template is which stack, so the manifest decides what is
// read. The manifest comes from the pull request like every other input:
// its paths never lead out of the assembly's folder.

const (
	assemblyManifest = "manifest.json"
	// assemblyMarker is the file `cdk synth` writes beside manifest.json
	// (holding the schema version); it marks an assembly written with
	// `--output` to a folder with another name.
	assemblyMarker = "cdk.out"
	// MaxManifestSize bounds a cloud assembly's manifest.json. It carries
	// metadata for every construct, so it outgrows a template in large
	// apps, but never by this much.
	MaxManifestSize = 32 << 20
	// maxAssemblyDepth bounds stages within stages. CDK apps nest one or
	// two levels; the visited set already stops a cycle.
	maxAssemblyDepth = 16
)

// Artifact types read from a manifest; the others (asset manifests, the
// construct tree, nested stacks' assets) hold no deployable template.
const (
	artifactStack    = "aws:cloudformation:stack"
	artifactAssembly = "cdk:cloud-assembly"
)

// ConstructPath is the CDK construct path of a resource synthesized by the
// CDK (its aws:cdk:path metadata, e.g. MyStack/Orders/Resource), or "".
func (r *Resource) ConstructPath() string {
	s, _ := r.Metadata["aws:cdk:path"].(string)
	return s
}

// isAssemblyDir reports whether a folder met in a walk is a cloud
// assembly: named cdk.out, or holding the cdk.out marker and a manifest.
func isAssemblyDir(dir string) bool {
	if filepath.Base(filepath.Clean(dir)) == assemblyMarker {
		return true
	}
	fi, err := os.Lstat(filepath.Join(dir, assemblyMarker))
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	_, err = os.Lstat(filepath.Join(dir, assemblyManifest))
	return err == nil
}

// assemblyReader collects the stack templates of the cloud assemblies met
// in one Discover call. visited holds each assembly folder read (resolved),
// so an assembly reached twice (cdk.out and one of its stages named on the
// command line, or a manifest naming a folder twice) is read once.
type assemblyReader struct {
	found   *Discovery
	visited map[string]bool
}

func newAssemblyReader(found *Discovery) *assemblyReader {
	return &assemblyReader{found: found, visited: map[string]bool{}}
}

// read reads the assembly in dir and, through its manifest, its nested
// assemblies. listed is true when a parent manifest names dir: then a
// missing manifest is an error, not a folder that only looks like cdk.out.
func (a *assemblyReader) read(dir string, listed bool, depth int) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		a.diag(dir, 0, SeverityError, "cannot read: %v", safeio.Cause(err))
		return
	}
	if a.visited[real] {
		return
	}
	a.visited[real] = true
	manifest := filepath.Join(dir, assemblyManifest)
	if depth > maxAssemblyDepth {
		a.diag(manifest, 0, SeverityError, "cloud assemblies nested deeper than %d levels: not read", maxAssemblyDepth)
		return
	}
	data, err := safeio.ReadFile(manifest, MaxManifestSize)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !listed:
		a.found.Notes = append(a.found.Notes, fmt.Sprintf(
			"%s: no %s, so not read as a CDK cloud assembly: skipped", dir, assemblyManifest))
		return
	case err != nil:
		a.diag(manifest, 0, SeverityError, "cannot read the cloud assembly manifest: %v", safeio.Cause(err))
		return
	}
	root, err := parseJSON(data)
	if err != nil {
		line, msg := splitLine(err.Error())
		a.diag(manifest, line, SeverityError, "cloud assembly manifest is not valid JSON: %s", msg)
		return
	}
	top := root.Content[0]
	artifacts := mappingValue(top, "artifacts")
	if top.Kind != yaml.MappingNode || (artifacts != nil && artifacts.Kind != yaml.MappingNode) {
		a.diag(manifest, top.Line, SeverityError, "cloud assembly manifest: expected an object with an \"artifacts\" object")
		return
	}
	if artifacts == nil {
		return // an app that synthesized no stack
	}
	for i := 0; i+1 < len(artifacts.Content); i += 2 {
		id, art := artifacts.Content[i].Value, artifacts.Content[i+1]
		props := mappingValue(art, "properties")
		switch stringValue(mappingValue(art, "type")) {
		case artifactStack:
			file, ok := a.local(manifest, real, id, "templateFile", props, art.Line)
			if !ok {
				continue
			}
			if k := fileKind(file); k != "" {
				a.diag(manifest, art.Line, SeverityError, "stack %s: template file %s %s", id, file, k)
				continue
			}
			name := stringValue(mappingValue(props, "stackName"))
			if name == "" {
				name = id
			}
			a.found.add(file)
			if a.found.Stacks == nil {
				a.found.Stacks = map[string]string{}
			}
			a.found.Stacks[file] = name
		case artifactAssembly:
			if sub, ok := a.local(manifest, real, id, "directoryName", props, art.Line); ok {
				a.read(sub, true, depth+1)
			}
		}
	}
}

// local returns the path that properties.<key> of artifact id names,
// joined to the assembly's folder, or reports why it is refused: missing,
// absolute, climbing out with "..", or a symbolic link out of the folder.
func (a *assemblyReader) local(manifest, realDir, id, key string, props *yaml.Node, line int) (string, bool) {
	n := mappingValue(props, key)
	if n != nil {
		line = n.Line
	}
	rel := stringValue(n)
	if rel == "" {
		a.diag(manifest, line, SeverityError, "artifact %s has no properties.%s: skipped", id, key)
		return "", false
	}
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		a.diag(manifest, line, SeverityError, "artifact %s: %s %q leaves the cloud assembly's folder: refused", id, key, rel)
		return "", false
	}
	p := filepath.Join(filepath.Dir(manifest), filepath.FromSlash(rel))
	if resolved, err := filepath.EvalSymlinks(p); err == nil {
		if r, err := filepath.Rel(realDir, resolved); err != nil || !filepath.IsLocal(r) && r != "." {
			a.diag(manifest, line, SeverityError, "artifact %s: %s %q is a symbolic link out of the cloud assembly's folder: refused", id, key, rel)
			return "", false
		}
	}
	return p, true
}

func (a *assemblyReader) diag(file string, line int, severity, format string, args ...any) {
	a.found.Diagnostics = append(a.found.Diagnostics, Diagnostic{File: file, Line: line, Severity: severity,
		Message: fmt.Sprintf(format, args...)})
}

// fileKind says why a stack's template cannot be read ("" when it can):
// it does not exist, is a folder, or is a pipe or a device.
func fileKind(p string) string {
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		return fmt.Sprintf("cannot be read: %v", safeio.Cause(err))
	case fi.IsDir():
		return "is a folder"
	case safeio.Kind(fi.Mode()) != "":
		return "is " + notRegular(safeio.Kind(fi.Mode()))
	}
	return ""
}

// stringValue is a JSON string's value, "" for any other node.
func stringValue(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		return ""
	}
	return n.Value
}

var lineErr = regexp.MustCompile(`^line (\d+): `)

// splitLine takes parseJSON's "line N: " prefix off an error message.
func splitLine(msg string) (int, string) {
	m := lineErr.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, _ := strconv.Atoi(m[1])
	return line, msg[len(m[0]):]
}
