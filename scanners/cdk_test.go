package scanners

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// examplesDir holds testdata/examples/cdk.out, a cloud assembly written by
// hand for bulwark (no CDK toolchain in the tests): a stack, a stage
// (assembly-Prod) with a stack named by stackName, an asset copy holding a
// template-looking fixture, an asset manifest and the construct tree.
var examplesDir = filepath.Join("..", "testdata", "examples")

// assemblyDump is what the golden file records of a discovery: the files
// read (relative to testdata/examples), the stack each is, and each loaded
// resource's construct path.
type assemblyDump struct {
	Files       []string                     `json:"files"`
	Stacks      map[string]string            `json:"stacks"`
	Constructs  map[string]map[string]string `json:"constructs"` // file -> logical id -> construct path
	Workloads   map[string]string            `json:"template_stack"`
	Diagnostics []Diagnostic                 `json:"diagnostics"`
	Notes       []string                     `json:"notes"`
}

func dumpAssembly(t *testing.T, found Discovery, base string) assemblyDump {
	t.Helper()
	rel := func(p string) string {
		r, err := filepath.Rel(base, p)
		require.NoError(t, err)
		return filepath.ToSlash(r)
	}
	d := assemblyDump{Stacks: map[string]string{}, Constructs: map[string]map[string]string{},
		Workloads: map[string]string{}, Diagnostics: found.Diagnostics, Notes: found.Notes}
	for _, f := range found.Files {
		d.Files = append(d.Files, rel(f))
	}
	for f, name := range found.Stacks {
		d.Stacks[rel(f)] = name
	}
	for _, f := range found.Files {
		res := LoadFile(f, Options{Stacks: found.Stacks})
		if res.Template == nil {
			continue
		}
		require.Empty(t, res.Diagnostics, f)
		d.Workloads[rel(f)] = res.Template.Stack
		c := map[string]string{}
		for _, r := range res.Template.Resources {
			c[r.ID] = r.ConstructPath()
		}
		d.Constructs[rel(f)] = c
	}
	return d
}

// TestCloudAssemblyGolden: the stacks of the example assembly and of its
// stage are read (each once, whichever of the folders are named), named by
// their manifests, with their construct paths; the asset copy's fixture
// and the asset manifest are not read.
func TestCloudAssemblyGolden(t *testing.T) {
	cdkOut := filepath.Join(examplesDir, "cdk.out")
	stage := filepath.Join(cdkOut, "assembly-Prod")
	golden := filepath.Join("..", "testdata", "loader", "cdk.out.golden.json")
	var want []byte
	for _, roots := range [][]string{
		{cdkOut},
		{cdkOut, stage},
		{stage, cdkOut},
		{cdkOut + string(filepath.Separator), cdkOut},
	} {
		t.Run(strings.Join(roots, "+"), func(t *testing.T) {
			got, err := json.MarshalIndent(dumpAssembly(t, DiscoverAll(roots), examplesDir), "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			if want == nil {
				if *update {
					require.NoError(t, os.WriteFile(golden, got, 0o644))
				}
				want, err = os.ReadFile(golden)
				require.NoError(t, err)
			}
			assert.Equal(t, string(want), string(got))
		})
	}
}

// TestCloudAssemblyInAFolder: a walk of the examples reads cdk.out through
// its manifest (its two stacks, nothing else from it) beside the other
// templates.
func TestCloudAssemblyInAFolder(t *testing.T) {
	found := DiscoverAll([]string{examplesDir})
	require.Empty(t, found.Diagnostics)
	var inAssembly []string
	for _, f := range found.Files {
		if strings.Contains(filepath.ToSlash(f), "/cdk.out/") {
			inAssembly = append(inAssembly, filepath.ToSlash(strings.TrimPrefix(f, examplesDir)))
		}
	}
	assert.Equal(t, []string{"/cdk.out/OrdersStack.template.json", "/cdk.out/assembly-Prod/ProdPaymentsD5A1B7E2.template.json"}, inAssembly)
	assert.Greater(t, len(found.Files), len(inAssembly), "the other examples are still found")
	assert.True(t, sort.StringsAreSorted(found.Files))
	assert.Len(t, found.Stacks, 2)
}

const (
	stackTemplate = `{"Resources": {"T": {"Type": "AWS::SNS::Topic", "Metadata": {"aws:cdk:path": "S/T/Resource"}}}}`
	marker        = `{"version":"36.0.0"}`
)

func stackManifest(artifacts string) string {
	return `{"version": "36.0.0", "artifacts": {` + artifacts + `}}`
}

// TestCloudAssemblyEdgeCases: what a manifest written by someone else (a
// pull request) can say. Paths are relative to the temp folder; each case
// lists the files read, stacks found, diagnostics (file:line: severity:
// message fragment) and notes.
func TestCloudAssemblyEdgeCases(t *testing.T) {
	type file struct{ path, content string }
	cases := []struct {
		name  string
		files []file
		links map[string]string // link -> target, relative to the temp folder
		root  string            // what is scanned, relative to the temp folder
		want  []string          // files read
		diags []string          // "file:line: severity: fragment"
		notes []string          // fragments
	}{
		{
			name:  "no manifest: skipped as before, with a note",
			files: []file{{"cdk.out/S.template.json", stackTemplate}, {"app.yaml", stackTemplate}},
			want:  []string{"app.yaml"},
			notes: []string{"cdk.out: no manifest.json, so not read as a CDK cloud assembly: skipped"},
		},
		{
			name:  "malformed manifest: a diagnostic naming the file and line",
			files: []file{{"cdk.out/manifest.json", "{\n  \"artifacts\": {\n    \"S\": \n  }\n}\n"}, {"cdk.out/S.template.json", stackTemplate}},
			diags: []string{"cdk.out/manifest.json:4: error: cloud assembly manifest is not valid JSON"},
		},
		{
			name:  "manifest that is not an object",
			files: []file{{"cdk.out/manifest.json", `["S.template.json"]`}},
			diags: []string{"cdk.out/manifest.json:1: error: cloud assembly manifest: expected an object with an \"artifacts\" object"},
		},
		{
			name:  "artifacts that are not an object",
			files: []file{{"cdk.out/manifest.json", `{"artifacts": "S.template.json"}`}},
			diags: []string{"cdk.out/manifest.json:1: error: cloud assembly manifest: expected an object"},
		},
		{
			name:  "no artifacts: an app without stacks",
			files: []file{{"cdk.out/manifest.json", `{"version": "36.0.0"}`}, {"cdk.out/S.template.json", stackTemplate}},
		},
		{
			name: "templateFile climbing out of the folder is refused",
			files: []file{
				{"cdk.out/manifest.json", stackManifest(`"S": {"type": "aws:cloudformation:stack",
					"properties": {"templateFile": "../outside.template.json"}}`)},
				{"outside.template.json", stackTemplate},
			},
			root:  "cdk.out",
			diags: []string{"cdk.out/manifest.json:2: error: artifact S: templateFile \"../outside.template.json\" leaves the cloud assembly's folder: refused"},
		},
		{
			name: "absolute templateFile is refused",
			files: []file{{"cdk.out/manifest.json", stackManifest(`"S": {"type": "aws:cloudformation:stack",
				"properties": {"templateFile": "/etc/passwd"}}`)}},
			diags: []string{"cdk.out/manifest.json:2: error: artifact S: templateFile \"/etc/passwd\" leaves the cloud assembly's folder: refused"},
		},
		{
			name: "templateFile that is a link out of the folder is refused",
			files: []file{
				{"cdk.out/manifest.json", stackManifest(`"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}}`)},
				{"secret.template.json", stackTemplate},
			},
			links: map[string]string{"cdk.out/S.template.json": "../secret.template.json"},
			root:  "cdk.out",
			diags: []string{"cdk.out/manifest.json:1: error: artifact S: templateFile \"S.template.json\" is a symbolic link out of the cloud assembly's folder: refused"},
		},
		{
			name: "nested assembly climbing out of the folder is refused",
			files: []file{
				{"cdk.out/manifest.json", stackManifest(`"assembly-X": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "../x"}}`)},
				{"x/manifest.json", stackManifest(`"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}}`)},
				{"x/S.template.json", stackTemplate},
			},
			root:  "cdk.out",
			diags: []string{"cdk.out/manifest.json:1: error: artifact assembly-X: directoryName \"../x\" leaves the cloud assembly's folder: refused"},
		},
		{
			name: "stack without templateFile",
			files: []file{{"cdk.out/manifest.json", stackManifest(`
				"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": 7}}`)}},
			diags: []string{"cdk.out/manifest.json:2: error: artifact S has no properties.templateFile: skipped"},
		},
		{
			name:  "template the manifest names is missing",
			files: []file{{"cdk.out/manifest.json", stackManifest(`"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}}`)}},
			diags: []string{"cdk.out/manifest.json:1: error: stack S: template file " + filepath.Join("cdk.out", "S.template.json") + " cannot be read"},
		},
		{
			name:  "listed stage without a manifest",
			files: []file{{"cdk.out/manifest.json", stackManifest(`"assembly-P": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-P"}}`)}, {"cdk.out/assembly-P/P.template.json", stackTemplate}},
			diags: []string{"cdk.out/assembly-P/manifest.json: error: cannot read the cloud assembly manifest"},
		},
		{
			name: "a stage naming its own folder is read once",
			files: []file{
				{"cdk.out/manifest.json", stackManifest(`"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}},
					"self": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "."}},
					"again": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "./"}}`)},
				{"cdk.out/S.template.json", stackTemplate},
			},
			want: []string{"cdk.out/S.template.json"},
		},
		{
			name: "assets, asset manifests and other artifacts are not read",
			files: []file{
				{"cdk.out/manifest.json", stackManifest(`"S.assets": {"type": "cdk:asset-manifest", "properties": {"file": "S.assets.json"}},
					"Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}},
					"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}}`)},
				{"cdk.out/S.template.json", stackTemplate},
				{"cdk.out/S.assets.json", `{"version": "36.0.0", "files": {}}`},
				{"cdk.out/asset.abc/template.yaml", "Resources:\n  X:\n    Type: AWS::SNS::Topic\n"},
			},
			want: []string{"cdk.out/S.template.json"},
		},
		{
			name: "cdk synth --output to another folder: found by its cdk.out marker",
			files: []file{
				{"build/cdk/cdk.out", marker},
				{"build/cdk/manifest.json", stackManifest(`"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json", "stackName": "Named"}}`)},
				{"build/cdk/S.template.json", stackTemplate},
				{"build/cdk/asset.abc/template.yaml", "Resources:\n  X:\n    Type: AWS::SNS::Topic\n"},
			},
			want: []string{"build/cdk/S.template.json"},
		},
		{
			name: "a manifest.json without the marker is any JSON file",
			files: []file{
				{"web/manifest.json", `{"name": "app", "icons": []}`},
				{"web/app.json", stackTemplate},
			},
			want: []string{"web/app.json", "web/manifest.json"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				p := filepath.Join(dir, filepath.FromSlash(f.path))
				require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
				require.NoError(t, os.WriteFile(p, []byte(f.content), 0o644))
			}
			for link, target := range tc.links {
				require.NoError(t, os.Symlink(target, filepath.Join(dir, link)))
			}
			root := filepath.Join(dir, tc.root)
			found := DiscoverAll([]string{root})
			rel := func(p string) string {
				r, err := filepath.Rel(dir, p)
				require.NoError(t, err)
				return filepath.ToSlash(r)
			}
			var files []string
			for _, f := range found.Files {
				files = append(files, rel(f))
			}
			assert.Equal(t, tc.want, files)
			var diags []string
			for _, d := range found.Diagnostics {
				s := rel(d.File)
				if d.Line > 0 {
					s += ":" + itoa(d.Line)
				}
				diags = append(diags, s+": "+d.Severity+": "+strings.ReplaceAll(d.Message, dir+string(filepath.Separator), ""))
			}
			require.Len(t, diags, len(tc.diags), "%q", diags)
			for i, want := range tc.diags {
				assert.Contains(t, diags[i], want)
			}
			require.Len(t, found.Notes, len(tc.notes), "%q", found.Notes)
			for i, want := range tc.notes {
				assert.Contains(t, found.Notes[i], want)
			}
		})
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
