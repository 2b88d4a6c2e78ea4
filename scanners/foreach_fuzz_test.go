package scanners

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// forEachProgram turns fuzz bytes into a template with Fn::ForEach loops:
// each byte picks the next choice (identifiers, reused or not; collections
// that are lists, parameters known or not, Fn::Split, Fn::FindInMap keyed
// by an outer identifier, scalars, nested lists; keys with ${}, &{} or
// none; nested loops past CloudFormation's depth; loops in properties,
// Conditions and Outputs; anchors and aliases). item is put in collections
// as a quoted string, so any text reaches substitution.
func forEachProgram(data []byte, item string) string {
	pos := 0
	next := func(n int) int {
		if pos >= len(data) {
			return 0
		}
		pos++
		return int(data[pos-1]) % n
	}
	quoted := strconv.Quote(item)
	var b strings.Builder
	b.WriteString("Transform: AWS::LanguageExtensions\nParameters:\n" +
		"  P: {Type: CommaDelimitedList, Default: 'a,b-c,d'}\n  U: {Type: CommaDelimitedList}\n  S: {Type: String, Default: 'x,y'}\n" +
		"Mappings:\n  M: {k: {v: [m1, m2]}, a: {v: [n1]}, x: {v: [o1, o2, o3]}}\n")
	anchors := 0
	collection := func(outer []string) string {
		switch next(11) {
		case 0:
			return "!Ref P"
		case 1:
			return "!Ref U"
		case 2:
			return "!Split [',', !Ref S]"
		case 3:
			return "!FindInMap [M, k, v]"
		case 4:
			if len(outer) > 0 {
				return "!FindInMap [M, !Ref " + outer[next(len(outer))] + ", v, {DefaultValue: [d1, d2]}]"
			}
			return "[]"
		case 5:
			return "scalar"
		case 6:
			return "[[x]]"
		case 7:
			return "[" + quoted + ", " + quoted + "]"
		case 8:
			if len(outer) > 0 {
				return "!Ref " + outer[next(len(outer))]
			}
		}
		items := []string{"x", "y", "'1'", "my-q", "'10.0.0.0/24'", quoted, "'${a}'", "!Ref U"}
		n := next(5)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = items[next(len(items))]
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	key := func(id string, outer []string) string {
		switch next(5) {
		case 0:
			return "'Q&{" + id + "}'"
		case 1:
			return "Q"
		case 2:
			if len(outer) > 0 {
				return "'Q${" + id + "}${" + outer[0] + "}'"
			}
		case 3:
			return "'${" + id + "}'"
		}
		return "'Q${" + id + "}'"
	}
	var loop func(ind string, outer []string, inProps bool)
	loop = func(ind string, outer []string, inProps bool) {
		ids := []string{"a", "b", "c", "a", "d", "e", "f"}
		id := ids[next(len(ids))]
		fmt.Fprintf(&b, "%sFn::ForEach::L%d:\n%s  - %s\n%s  - %s\n%s  - ", ind, pos, ind, id, ind, collection(outer), ind)
		inner := append(slices.Clone(outer), id)
		body := ind + "    "
		if next(4) == 0 && len(inner) < 7 {
			b.WriteString("\n")
			loop(body, inner, inProps)
			return
		}
		k := key(id, outer)
		body += "  " // under the key, which is after "- "
		if inProps {
			fmt.Fprintf(&b, "%s: !Sub '${%s}-v'\n", k, id)
			return
		}
		fmt.Fprintf(&b, "%s:\n%sType: AWS::SQS::Queue\n%sProperties:\n", k, body, body)
		fmt.Fprintf(&b, "%s  Name: !Sub '${%s}-${!Literal}-${AWS::Region}'\n%s  Ref: !Ref %s\n", body, id, body, id)
		switch next(3) {
		case 0:
			anchors++
			fmt.Fprintf(&b, "%s  A: &x%d {Ref: %s}\n%s  B: [*x%d, *x%d]\n", body, anchors, id, body, anchors, anchors)
		case 1:
			fmt.Fprintf(&b, "%s  Tags:\n", body)
			loop(body+"    ", inner, true)
		}
	}
	if next(3) == 0 {
		b.WriteString("Conditions:\n")
		loop("  ", nil, true)
	}
	b.WriteString("Resources:\n  Fixed:\n    Type: AWS::SQS::Queue\n")
	for n := next(4) + 1; n > 0 && pos < len(data); n-- {
		loop("  ", nil, false)
	}
	if next(3) == 0 {
		b.WriteString("Outputs:\n")
		loop("  ", nil, true)
	}
	return b.String()
}

// FuzzForEach: whatever loops the bytes build, loading returns without a
// panic and within its budget; every diagnostic names the file; a loaded
// template's resources are all expanded (no loop left as a resource), each
// at a line of the file, and loading is deterministic.
func FuzzForEach(f *testing.F) {
	f.Add([]byte{0}, "x")
	f.Add([]byte{7, 7, 1, 1, 1, 0, 2}, "a b")
	f.Add([]byte{1, 3, 4, 0, 3, 0, 0, 0, 0, 0, 4}, "10.0.0.0/24")
	f.Add([]byte{2, 9, 9, 9, 0, 9, 0, 9, 0, 9, 0, 9, 0, 9, 0, 9, 0}, "${a}&{b}")
	f.Add([]byte{0, 3, 10, 2, 4, 1, 4, 1, 0, 2, 1, 1, 1, 2, 0, 5, 3}, "q")
	f.Fuzz(func(t *testing.T, data []byte, item string) {
		if len(data) > 64 || len(item) > 64 {
			return
		}
		src := forEachProgram(data, item)
		lines := strings.Count(src, "\n") + 1
		opts := Options{budgetValues: 50_000, budgetBytes: 1 << 20}
		res := Load("t.yaml", []byte(src), opts)
		for _, d := range res.Diagnostics {
			if d.File != "t.yaml" || d.Message == "" || d.Line > lines {
				t.Fatalf("diagnostic without file, message or a line of the file: %+v\n%s", d, src)
			}
		}
		if b := res.budget; b != nil {
			if b.values > b.maxValues || b.bytes > b.maxBytes {
				t.Fatalf("drew %d values / %d bytes from a budget of %d / %d", b.values, b.bytes, b.maxValues, b.maxBytes)
			}
			if b.exceeded && res.Template != nil {
				t.Fatalf("a template whose budget ran out was returned")
			}
		}
		if res.Template == nil {
			return
		}
		var got []string
		for _, r := range res.Template.Resources {
			if strings.HasPrefix(r.ID, forEachPrefix) {
				t.Fatalf("a loop was evaluated as resource %s\n%s", r.ID, src)
			}
			if r.Location.Line < 1 || r.Location.Line > lines {
				t.Fatalf("resource %s at line %d of a %d-line file\n%s", r.ID, r.Location.Line, lines, src)
			}
			if loc := res.Template.Locate(r.ID, []any{"Properties", "Name"}); loc.File != "t.yaml" || loc.Line < r.Location.Line {
				t.Fatalf("Properties.Name of %s located at %v, before its resource (line %d)\n%s", r.ID, loc, r.Location.Line, src)
			}
			got = append(got, r.ID)
		}
		again := Load("t.yaml", []byte(src), opts)
		if again.Template == nil || !slices.Equal(got, ids(again.Template)) {
			t.Fatalf("loading twice gave different resources")
		}
	})
}
