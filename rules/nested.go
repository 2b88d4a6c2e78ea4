package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners"
)

// nesting is how a nested stack's template was reached from its root
// template, for its findings and its share of the root's workload.
type nesting struct {
	parent StackRef
	chain  string // every stack from the root, in fingerprints
	stacks string // the stacks' logical ids from the root, "Outer/Inner"
}

func nestingOf(src *scanners.Source) *nesting {
	n := &nesting{parent: StackRef{File: src.Parent.Template.File, Resource: src.Stack}}
	var chain, stacks []string
	for s := src; s.Parent != nil; s = s.Parent {
		chain = append([]string{filepath.ToSlash(s.Parent.Template.File) + "\x00" + s.Stack}, chain...)
		stacks = append([]string{s.Stack}, stacks...)
	}
	n.chain, n.stacks = strings.Join(chain, "\x00"), strings.Join(stacks, "/")
	return n
}

// annotate marks a finding of the nested template: which stack deploys
// it (in the message too, so every format says it), and a fingerprint of
// its own per parent, so a baseline tells one parent's finding from
// another's.
func (n *nesting) annotate(f *Finding) {
	ref := n.parent
	f.Parent = &ref
	f.Message += fmt.Sprintf(" (nested stack %s of %s)", ref.Resource, ref.File)
	h := sha256.Sum256([]byte(f.Fingerprint + "\x00nested\x00" + n.chain))
	f.Fingerprint = hex.EncodeToString(h[:16])
}

// inheritedTier is the tier a nested template takes from the stack that
// deploys it, unless it declares its own: the parent's own or inherited
// one (not --tier or the configured default, which apply to every
// template anyway), and where it came from.
func (env Env) inheritedTier(parent *scanners.Source) (int, string) {
	penv := env
	penv.Tier, penv.DefaultTier = 0, 0
	level, from := penv.tierOf(parent)
	if level == 0 {
		return 0, ""
	}
	return level, fmt.Sprintf("parent %s (%s)", parent.Template.File, from)
}
