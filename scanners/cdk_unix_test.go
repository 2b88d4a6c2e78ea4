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

// TestCloudAssemblyPipeTemplate: a manifest naming a named pipe as a
// stack's template gets an error and the pipe is never opened (opening one
// without a writer blocks: the test returning is the proof); a pipe as
// manifest.json is refused the same way.
func TestCloudAssemblyPipeTemplate(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "cdk.out")
	require.NoError(t, os.Mkdir(out, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(out, "manifest.json"), []byte(stackManifest(
		`"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}}`)), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(out, "S.template.json"), 0o644))
	found := DiscoverAll([]string{out})
	assert.Empty(t, found.Files)
	require.Len(t, found.Diagnostics, 1)
	assert.Contains(t, found.Diagnostics[0].Message, "stack S: template file")
	assert.Contains(t, found.Diagnostics[0].Message, "is not a regular file (a named pipe)")

	stage := filepath.Join(dir, "stage")
	require.NoError(t, os.Mkdir(stage, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(stage, "cdk.out"), []byte(marker), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(stage, "manifest.json"), 0o644))
	found = DiscoverAll([]string{stage})
	require.Len(t, found.Diagnostics, 1)
	assert.Equal(t, filepath.Join(stage, "manifest.json"), found.Diagnostics[0].File)
	assert.Contains(t, found.Diagnostics[0].Message, "cannot read the cloud assembly manifest")
}
