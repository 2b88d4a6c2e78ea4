package scanners

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeTree writes files (path relative to a new folder -> content) and
// returns the folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

// childWithParams declares parameters of every kind a parent can pass and
// exposes each as a queue property, so the test reads what it resolved to.
const childWithParams = `Parameters:
  Known: {Type: String, Default: child-default}
  Unresolved: {Type: String, Default: child-default}
  NotPassed: {Type: String, Default: child-default}
  Listed: {Type: CommaDelimitedList, Default: "x"}
  Secret: {Type: String, NoEcho: true, Default: hidden}
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      Known: !Ref Known
      Unresolved: !Ref Unresolved
      NotPassed: !Ref NotPassed
      Listed: !Ref Listed
      Secret: !Ref Secret
`

// TestNestedStackParameters: a nested template resolves the values its
// parent passes where the parent resolves them; a value the parent cannot
// resolve is unknown in the child (never the child's default); a
// parameter the parent does not pass takes the child's default.
func TestNestedStackParameters(t *testing.T) {
	tests := []struct {
		name   string
		params string // the stack's Parameters, YAML flow
		want   map[string]any
	}{
		{"values resolved in the parent", `{Known: !Sub "${Env}-orders", Unresolved: !GetAtt Db.Endpoint.Address, Listed: [a, b], Secret: shown}`,
			map[string]any{"Known": "prod-orders", "Unresolved": map[string]any{"Ref": "Unresolved"}, "NotPassed": "child-default",
				"Listed": []any{"a", "b"}, "Secret": map[string]any{"Ref": "Secret"}}},
		{"a parent parameter without a value stays unknown", `{Known: !Ref NoDefault}`,
			map[string]any{"Known": map[string]any{"Ref": "Known"}, "Unresolved": "child-default", "NotPassed": "child-default",
				"Listed": []any{"x"}, "Secret": map[string]any{"Ref": "Secret"}}},
		{"no Parameters: every default", `null`,
			map[string]any{"Known": "child-default", "Unresolved": "child-default", "NotPassed": "child-default",
				"Listed": []any{"x"}, "Secret": map[string]any{"Ref": "Secret"}}},
		{"AWS::NoValue passes nothing", `{Known: !Ref AWS::NoValue}`,
			map[string]any{"Known": "child-default", "Unresolved": "child-default", "NotPassed": "child-default",
				"Listed": []any{"x"}, "Secret": map[string]any{"Ref": "Secret"}}},
		{"Parameters unresolved: all unknown", `!If [Cond, {Known: a}, {Known: b}]`,
			map[string]any{"Known": map[string]any{"Ref": "Known"}, "Unresolved": map[string]any{"Ref": "Unresolved"},
				"NotPassed": map[string]any{"Ref": "NotPassed"}, "Listed": map[string]any{"Ref": "Listed"}, "Secret": map[string]any{"Ref": "Secret"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{
				"parent.yaml": `Parameters:
  Env: {Type: String, Default: prod}
  NoDefault: {Type: String}
  Flag: {Type: String}
Conditions:
  Cond: !Equals [!Ref Flag, "yes"]
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/child.yaml
      Parameters: ` + tc.params + "\n",
				"nested/child.yaml": childWithParams,
			})
			res := LoadFile(filepath.Join(dir, "parent.yaml"), Options{Params: map[string]string{"Known": "from --param"}})
			require.NotNil(t, res.Template, "%v", res.Diagnostics)
			assert.Empty(t, res.Diagnostics)
			require.Len(t, res.Nested, 1)
			child := res.Nested[0]
			assert.Equal(t, filepath.Join(dir, "nested", "child.yaml"), child.Template.File)
			assert.Equal(t, "Child", child.Stack)
			assert.Same(t, res.Template, child.Parent.Template)
			assert.Equal(t, tc.want, child.Template.Resource("Q").Properties)
		})
	}
}

// TestNestedStackReferences: how each form of a nested stack's template
// reference is read, and what is refused. A remote or unresolved template
// is a coverage note; a path that leaves the scanned folder, is not a
// regular file or closes a cycle is an error at the parent's line.
func TestNestedStackReferences(t *testing.T) {
	child := "Resources:\n  T: {Type: AWS::SNS::Topic}\n"
	stack := func(typ, key, value string) string {
		return fmt.Sprintf("Resources:\n  Child:\n    Type: %s\n    Properties:\n      %s: %s\n", typ, key, value)
	}
	tests := []struct {
		name     string
		files    map[string]string
		loaded   []string // nested files loaded, relative
		severity string
		message  string
	}{
		{"CloudFormation stack, relative path", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "./stacks/c.yaml"), "stacks/c.yaml": child},
			[]string{"stacks/c.yaml"}, "", ""},
		{"SAM application, local Location", map[string]string{"p.yaml": "Transform: AWS::Serverless-2016-10-31\n" + stack("AWS::Serverless::Application", "Location", "app/template.yaml"), "app/template.yaml": child},
			[]string{"app/template.yaml"}, "", ""},
		{"https URL", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "https://s3.amazonaws.com/b/c.yaml")},
			nil, SeverityInfo, "nested stack Child: TemplateURL https://s3.amazonaws.com/b/c.yaml is not a local file: its template is not checked"},
		{"s3 URL", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "s3://b/c.yaml")},
			nil, SeverityInfo, "nested stack Child: TemplateURL s3://b/c.yaml is not a local file: its template is not checked"},
		{"unresolved", map[string]string{"p.yaml": "Parameters:\n  U: {Type: String}\n" + stack("AWS::CloudFormation::Stack", "TemplateURL", "!Ref U")},
			nil, SeverityInfo, "nested stack Child: TemplateURL is not resolved: its template is not checked"},
		{"Serverless Application Repository", map[string]string{"p.yaml": stack("AWS::Serverless::Application", "Location", "{ApplicationId: arn:aws:serverlessrepo:us-east-1:1:applications/x, SemanticVersion: 1.0.0}")},
			nil, SeverityInfo, "nested stack Child: an application of the AWS Serverless Application Repository: its template is not checked"},
		{"climbs out", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "../outside.yaml")},
			nil, SeverityError, `nested stack Child: template "../outside.yaml" leaves the scanned folder`},
		{"absolute", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "/etc/hostname")},
			nil, SeverityError, `nested stack Child: template "/etc/hostname" leaves the scanned folder`},
		{"a folder", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "stacks"), "stacks/x.yaml": child},
			nil, SeverityError, "is a directory, not a regular file: not read"},
		{"missing", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "gone.yaml")},
			nil, SeverityError, "cannot be read: no such file or directory"},
		{"cycle", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "b.yaml"), "b.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "p.yaml")},
			[]string{"b.yaml"}, SeverityError, "deploys itself through a cycle"},
		{"passes a parameter the child does not declare", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "c.yaml") + "      Parameters: {Typo: x}\n", "c.yaml": child},
			[]string{"c.yaml"}, SeverityWarning, "nested stack Child: passes parameter Typo, which "},
		{"does not pass a required parameter", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "c.yaml"), "c.yaml": "Parameters:\n  Name: {Type: String}\n  Opt: {Type: String, Default: x}\n" + child},
			[]string{"c.yaml"}, SeverityWarning, "does not pass parameter Name, which "},
		{"unresolved Parameters may pass anything", map[string]string{"p.yaml": "Parameters:\n  P: {Type: String}\nConditions:\n  C: !Equals [!Ref P, x]\n" + stack("AWS::CloudFormation::Stack", "TemplateURL", "c.yaml") + "      Parameters: !If [C, {A: 1}, {B: 2}]\n", "c.yaml": "Parameters:\n  Name: {Type: String}\n" + child},
			[]string{"c.yaml"}, "", ""},
		{"not a template", map[string]string{"p.yaml": stack("AWS::CloudFormation::Stack", "TemplateURL", "c.yaml"), "c.yaml": "just: data\n"},
			[]string{"c.yaml"}, SeverityWarning, "is not a CloudFormation template: not checked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			res := LoadFile(filepath.Join(dir, "p.yaml"), Options{Roots: []string{dir}})
			require.NotNil(t, res.Template, "%v", res.Diagnostics)
			var want []string
			for _, f := range tc.loaded {
				want = append(want, filepath.Join(dir, filepath.FromSlash(f)))
			}
			assert.Equal(t, want, res.NestedFiles)
			if tc.message == "" {
				assert.Empty(t, res.Diagnostics)
				return
			}
			require.NotEmpty(t, res.Diagnostics)
			d := res.Diagnostics[0]
			assert.Equal(t, tc.severity, d.Severity)
			assert.Contains(t, d.Message, tc.message)
			assert.NotZero(t, d.Line, "the diagnostic points at the stack's template property")
		})
	}
}

// TestNestedTemplateMustStayInTheScannedFolder: a symbolic link that leads
// out of the scanned folder is refused like "..", and a file named on its
// own may only nest templates from its own folder.
func TestNestedTemplateMustStayInTheScannedFolder(t *testing.T) {
	outside := writeTree(t, map[string]string{"secret.yaml": "Resources:\n  T: {Type: AWS::SNS::Topic}\n"})
	dir := writeTree(t, map[string]string{
		"stacks/p.yaml": "Resources:\n  Link:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: link.yaml}\n" +
			"  Up:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ../shared/c.yaml}\n",
		"shared/c.yaml": "Resources:\n  T: {Type: AWS::SNS::Topic}\n",
	})
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "stacks", "link.yaml")))
	parent := filepath.Join(dir, "stacks", "p.yaml")

	res := LoadFile(parent, Options{Roots: []string{dir}})
	assert.Equal(t, []string{filepath.Join(dir, "shared", "c.yaml")}, res.NestedFiles, "the folder scanned holds ../shared")
	require.Len(t, res.Diagnostics, 1)
	assert.Contains(t, res.Diagnostics[0].Message, "nested stack Link: template \"link.yaml\" leads through a symbolic link outside the scanned folder")

	res = LoadFile(parent, Options{Roots: []string{parent}})
	assert.Empty(t, res.NestedFiles, "named on its own, the file's folder is the limit")
	require.Len(t, res.Diagnostics, 2)
	assert.Contains(t, res.Diagnostics[1].Message, `nested stack Up: template "../shared/c.yaml" leaves the scanned folder`)
}

// TestNestingIsBounded: a chain deeper than MaxNestingDepth, and a fan-out
// past MaxNestedTemplates (each stack loading the next level twice), stop
// with an error instead of loading without end.
func TestNestingIsBounded(t *testing.T) {
	stack := func(id, url string) string {
		return fmt.Sprintf("  %s:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: %s}\n", id, url)
	}
	files := map[string]string{}
	for i := 0; i <= MaxNestingDepth+1; i++ {
		files[fmt.Sprintf("d%d.yaml", i)] = "Resources:\n" + stack("Next", fmt.Sprintf("d%d.yaml", i+1))
	}
	files[fmt.Sprintf("d%d.yaml", MaxNestingDepth+2)] = "Resources:\n  T: {Type: AWS::SNS::Topic}\n"
	for i := 0; i < 20; i++ {
		files[fmt.Sprintf("f%d.yaml", i)] = "Resources:\n" + stack("A", fmt.Sprintf("f%d.yaml", i+1)) + stack("B", fmt.Sprintf("f%d.yaml", i+1))
	}
	files["f20.yaml"] = "Resources:\n  T: {Type: AWS::SNS::Topic}\n"
	dir := writeTree(t, files)

	res := LoadFile(filepath.Join(dir, "d0.yaml"), Options{})
	assert.Len(t, res.Nested, MaxNestingDepth)
	require.Len(t, res.Diagnostics, 1)
	assert.Equal(t, SeverityError, res.Diagnostics[0].Severity)
	assert.Contains(t, res.Diagnostics[0].Message, fmt.Sprintf("is nested more than %d levels deep: not read", MaxNestingDepth))

	res = LoadFile(filepath.Join(dir, "f0.yaml"), Options{})
	assert.Len(t, res.NestedFiles, MaxNestedTemplates)
	var msgs []string
	for _, d := range res.Diagnostics {
		msgs = append(msgs, d.Message)
	}
	assert.Contains(t, strings.Join(msgs, "\n"), fmt.Sprintf("more than %d nested templates under", MaxNestedTemplates))
}

// TestSAMBuildOutput: `sam build` writes .aws-sam/build/template.yaml with
// each nested application's Location rewritten to its built copy beside
// it; scanning the built template reads them.
func TestSAMBuildOutput(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".aws-sam/build/template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Application
    Properties:
      Location: Orders/template.yaml
      Parameters: {Retention: "3"}
`,
		".aws-sam/build/Orders/template.yaml": `Transform: AWS::Serverless-2016-10-31
Parameters:
  Retention: {Type: Number, Default: 7}
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {BackupRetentionPeriod: !Ref Retention}
`,
	})
	built := filepath.Join(dir, ".aws-sam", "build", "template.yaml")
	res := LoadFile(built, Options{Roots: []string{built}})
	require.Empty(t, res.Diagnostics)
	require.Len(t, res.Nested, 1)
	assert.Equal(t, "3", res.Nested[0].Template.Resource("Db").Properties["BackupRetentionPeriod"])
	assert.Equal(t, "Orders", res.Nested[0].Stack)
}
