package scanners

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// The resolution budget of one template. Resolution multiplies: a YAML
// alias, a Ref to a list parameter, Fn::Split, Fn::Join, a SAM Globals
// list merged into every function each copy what they are given, so a
// small template can ask for gigabytes. Every step that produces values
// (the converter's alias expansion, the resolver's copies and intrinsic
// results, the Globals merge, parameter list splitting) draws from one
// budget per template before it allocates; when it runs out the template
// gets an error diagnostic and is not evaluated.
//
// What is counted is the logical size of what is produced, as everything
// downstream (the rules' input, above all) walks it: values are maps and
// lists plus their entries, bytes are the bytes of strings and keys. A
// loaded template of the largest size accepted (DefaultMaxFileSize, 5 MB,
// at most maxNodes nodes) converts to at most a million values and about
// its own size in bytes, and resolves to about as much again; the budget
// leaves four times that room for SAM Globals and lookups, and still bounds
// the memory a hostile template can take to a few hundred MB.
const (
	defaultBudgetValues = 4 * maxNodes
	defaultBudgetBytes  = 64 << 20
)

// budget counts what one template's loading has produced.
type budget struct {
	maxValues, maxBytes int64
	values, bytes       int64
	exceeded            bool
	fn                  string // what ran out: an intrinsic, "SAM Globals", ...
	site                site   // where it ran out
}

func newBudget(opts Options) *budget {
	b := &budget{maxValues: opts.budgetValues, maxBytes: opts.budgetBytes}
	if b.maxValues <= 0 {
		b.maxValues = defaultBudgetValues
	}
	if b.maxBytes <= 0 {
		b.maxBytes = defaultBudgetBytes
	}
	return b
}

// take draws values and bytes before they are produced; false (and the
// budget marked exceeded, with fn and where as the culprit) when they do
// not fit. Once exceeded, nothing more fits.
func (b *budget) take(values, bytes int64, fn string, where func() site) bool {
	if b.exceeded {
		return false
	}
	if values > b.maxValues-b.values || bytes > b.maxBytes-b.bytes {
		b.exceeded = true
		b.fn = fn
		if where != nil {
			b.site = where()
		}
		return false
	}
	b.values += values
	b.bytes += bytes
	return true
}

// message is the diagnostic's text.
func (b *budget) message() string {
	return fmt.Sprintf("%s: resolution budget exceeded (%d values / %d bytes): the template expands without bound",
		b.fn, b.maxValues, b.maxBytes)
}

// site is a place in the source: a path under a resource (located like a
// finding, Globals included) or under another node of the document.
type site struct {
	resource string     // a resource id, or "" when root is set
	root     *yaml.Node // a node of the document (Conditions, Metadata, ...)
	path     []any
}

// sizeOf is the logical size of v as the budget counts it, or over=true
// once it passes the given room (v may be a large shared value).
func sizeOf(v any, roomValues, roomBytes int64) (values, bytes int64, over bool) {
	var walk func(v any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case map[string]any:
			values += 1 + int64(len(x))
			for k, val := range x {
				bytes += int64(len(k))
				if values > roomValues || bytes > roomBytes || !walk(val) {
					return false
				}
			}
		case []any:
			values += 1 + int64(len(x))
			for _, val := range x {
				if values > roomValues || !walk(val) {
					return false
				}
			}
		case string:
			bytes += int64(len(x))
		}
		return values <= roomValues && bytes <= roomBytes
	}
	over = !walk(v)
	return values, bytes, over
}
