package inert

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text: a-b_c.yaml", "plain text: a-b_c.yaml"},
		{`C:\templates\a.yaml`, `C:\templates\a.yaml`},
		{"日本語 é ✅", "日本語 é ✅"},
		{"\x1b[2J", `\x1b[2J`},
		{"a\r\n::error file=x::pwned", `a\r\n::error file=x::pwned`},
		{"tab\there", `tab\there`},
		{"nul\x00del\x7f", `nul\x00del\x7f`},
		{"csi\u009b31m", `csi\u009b31m`},
		{"abc\u202edcb", `abc\u202edcb`},
		{"\u2066x\u2069 \u200f \u061c", `\u2066x\u2069 \u200f \u061c`},
		{"line\u2028para\u2029", `line\u2028para\u2029`},
		{"bad\xffutf8", `bad\xffutf8`},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			got := String(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.in == tc.want, Safe(tc.in))
			assert.True(t, Safe(got), "the result is itself inert")
		})
	}
}

func TestLinesKeepsLineFeedsOnly(t *testing.T) {
	in := "a\n\x1b[2Jb\r\n::error::x\u202e\n"
	assert.Equal(t, "a\n\\x1b[2Jb\\r\n::error::x\\u202e\n", Lines(in))
	assert.Equal(t, "a\n\tb\n", Lines("a\n\tb\n"))
	assert.Equal(t, `a\nb`, String("a\nb"))
}
