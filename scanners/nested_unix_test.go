//go:build unix

package scanners

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNestedTemplateNeverOpensAPipeOrADevice: a nested stack's template
// that is a named pipe (an open would block) or a link to a device (a read
// would never end) is refused without being opened.
func TestNestedTemplateNeverOpensAPipeOrADevice(t *testing.T) {
	dir := writeTree(t, map[string]string{"p.yaml": "Resources:\n" +
		"  Pipe:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: pipe.yaml}\n" +
		"  Zero:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: zero.yaml}\n"})
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")))
	res := LoadFile(filepath.Join(dir, "p.yaml"), Options{Roots: []string{dir}})
	assert.Empty(t, res.NestedFiles)
	require.Len(t, res.Diagnostics, 2)
	assert.Contains(t, res.Diagnostics[0].Message, "nested stack Pipe: template "+filepath.Join(dir, "pipe.yaml")+" is a named pipe, not a regular file: not read")
	assert.Contains(t, res.Diagnostics[1].Message, `nested stack Zero: template "zero.yaml" leads through a symbolic link outside the scanned folder`)
	for _, d := range res.Diagnostics {
		assert.Equal(t, SeverityError, d.Severity)
	}
}
