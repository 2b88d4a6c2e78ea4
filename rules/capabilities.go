package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// bulwark runs as a gate on pull requests, whose authors may add rule
// folders (--rules, or `rules:` in a .bulwark.yaml beside their templates).
// A rule is therefore untrusted code: it may read the templates and the
// settings, and compute. It may not reach the network, read the process
// environment (CI secrets live there), or depend on the clock or chance (a
// gate must give the same answer for the same input). Every built-in
// function of the embedded OPA is decided below; a test fails when an OPA
// upgrade brings one that is not, so a new builtin is never allowed by
// default.

// removedBuiltins are left out of the capabilities every module (embedded
// pack and user rules) is compiled with: calling one is a load error.
var removedBuiltins = map[string]string{
	"crypto.x509.parse_and_verify_certificates":              "nondeterministic: verifies validity against the clock",
	"crypto.x509.parse_and_verify_certificates_with_options": "nondeterministic: verifies validity against the clock unless told a time",
	"http.send":              "network: a rule could post templates or instance-metadata answers anywhere",
	"io.jwt.decode_verify":   "nondeterministic: checks expiry against the clock when no time is given",
	"io.jwt.encode_sign":     "nondeterministic signatures, and signing with keys has no place in a template check",
	"io.jwt.encode_sign_raw": "nondeterministic signatures, and signing with keys has no place in a template check",
	"json.match_schema":      "network: a schema $ref may name a URL, which is fetched",
	"json.verify_schema":     "network: a schema $ref may name a URL, which is fetched",
	"net.lookup_ip_addr":     "network: a DNS lookup carries data out (and its answer changes)",
	"opa.runtime":            "environment: returns the process environment, where CI keeps its secrets",
	"providers.aws.sign_req": "signs requests for http.send, which is removed; no use without the network",
	"rand.intn":              "nondeterministic",
	"time.now_ns":            "nondeterministic: a gate must give the same answer tomorrow; the date a rule needs comes in through input",
	"uuid.rfc4122":           "nondeterministic",
}

// allowedBuiltins compute on the values they are given, in the process,
// the same way every time.
var allowedBuiltins = map[string]string{
	"abs":                                   "arithmetic",
	"all":                                   "deprecated: the rego.v1 compiler rejects it anyway",
	"and":                                   "set operation",
	"any":                                   "deprecated: the rego.v1 compiler rejects it anyway",
	"array.concat":                          "array operation",
	"array.flatten":                         "array operation",
	"array.reverse":                         "array operation",
	"array.slice":                           "array operation",
	"assign":                                "the := operator",
	"base64.decode":                         "encoding or decoding of a value",
	"base64.encode":                         "encoding or decoding of a value",
	"base64.is_valid":                       "encoding or decoding of a value",
	"base64url.decode":                      "encoding or decoding of a value",
	"base64url.encode":                      "encoding or decoding of a value",
	"base64url.encode_no_pad":               "encoding or decoding of a value",
	"bits.and":                              "bitwise arithmetic",
	"bits.lsh":                              "bitwise arithmetic",
	"bits.negate":                           "bitwise arithmetic",
	"bits.or":                               "bitwise arithmetic",
	"bits.rsh":                              "bitwise arithmetic",
	"bits.xor":                              "bitwise arithmetic",
	"cast_array":                            "deprecated: the rego.v1 compiler rejects it anyway",
	"cast_boolean":                          "deprecated: the rego.v1 compiler rejects it anyway",
	"cast_null":                             "deprecated: the rego.v1 compiler rejects it anyway",
	"cast_object":                           "deprecated: the rego.v1 compiler rejects it anyway",
	"cast_set":                              "deprecated: the rego.v1 compiler rejects it anyway",
	"cast_string":                           "deprecated: the rego.v1 compiler rejects it anyway",
	"ceil":                                  "arithmetic",
	"concat":                                "string function",
	"contains":                              "string function",
	"count":                                 "aggregate over a collection",
	"crypto.hmac.equal":                     "hash of a value",
	"crypto.hmac.md5":                       "hash of a value",
	"crypto.hmac.sha1":                      "hash of a value",
	"crypto.hmac.sha256":                    "hash of a value",
	"crypto.hmac.sha512":                    "hash of a value",
	"crypto.md5":                            "hash of a value",
	"crypto.parse_private_keys":             "parses the PEM text given, reads no file",
	"crypto.sha1":                           "hash of a value",
	"crypto.sha256":                         "hash of a value",
	"crypto.x509.parse_certificate_request": "parses the PEM text given, reads no file",
	"crypto.x509.parse_certificates":        "parses the PEM text given, reads no file",
	"crypto.x509.parse_keypair":             "parses the PEM text given, reads no file",
	"crypto.x509.parse_rsa_private_key":     "parses the PEM text given, reads no file",
	"div":                                   "arithmetic",
	"endswith":                              "string function",
	"eq":                                    "the = operator",
	"equal":                                 "comparison",
	"floor":                                 "arithmetic",
	"format_int":                            "string function",
	"glob.match":                            "pattern match",
	"glob.quote_meta":                       "pattern match",
	"graph.reachable":                       "graph walk over a value",
	"graph.reachable_paths":                 "graph walk over a value",
	"graphql.is_valid":                      "parses the text given",
	"graphql.parse":                         "parses the text given",
	"graphql.parse_and_verify":              "parses the text given",
	"graphql.parse_query":                   "parses the text given",
	"graphql.parse_schema":                  "parses the text given",
	"graphql.schema_is_valid":               "parses the text given",
	"gt":                                    "comparison",
	"gte":                                   "comparison",
	"hex.decode":                            "encoding or decoding of a value",
	"hex.encode":                            "encoding or decoding of a value",
	"indexof":                               "string function",
	"indexof_n":                             "string function",
	"internal.member_2":                     "the `in` operator",
	"internal.member_3":                     "the `in` operator",
	"internal.print":                        "print; calls are erased at compile time (print statements disabled), nothing is written",
	"internal.template_string":              "Rego template strings",
	"internal.test_case":                    "used by Rego tests only",
	"intersection":                          "set operation",
	"io.jwt.decode":                         "decodes the token given",
	"io.jwt.verify_eddsa":                   "verifies with the key given, against no clock",
	"io.jwt.verify_es256":                   "verifies with the key given, against no clock",
	"io.jwt.verify_es384":                   "verifies with the key given, against no clock",
	"io.jwt.verify_es512":                   "verifies with the key given, against no clock",
	"io.jwt.verify_hs256":                   "verifies with the key given, against no clock",
	"io.jwt.verify_hs384":                   "verifies with the key given, against no clock",
	"io.jwt.verify_hs512":                   "verifies with the key given, against no clock",
	"io.jwt.verify_ps256":                   "verifies with the key given, against no clock",
	"io.jwt.verify_ps384":                   "verifies with the key given, against no clock",
	"io.jwt.verify_ps512":                   "verifies with the key given, against no clock",
	"io.jwt.verify_rs256":                   "verifies with the key given, against no clock",
	"io.jwt.verify_rs384":                   "verifies with the key given, against no clock",
	"io.jwt.verify_rs512":                   "verifies with the key given, against no clock",
	"is_array":                              "type test",
	"is_boolean":                            "type test",
	"is_null":                               "type test",
	"is_number":                             "type test",
	"is_object":                             "type test",
	"is_set":                                "type test",
	"is_string":                             "type test",
	"json.filter":                           "operation on a value",
	"json.is_valid":                         "operation on a value",
	"json.marshal":                          "operation on a value",
	"json.marshal_with_options":             "operation on a value",
	"json.patch":                            "operation on a value",
	"json.remove":                           "operation on a value",
	"json.unmarshal":                        "operation on a value",
	"lower":                                 "string function",
	"lt":                                    "comparison",
	"lte":                                   "comparison",
	"max":                                   "aggregate over a collection",
	"min":                                   "aggregate over a collection",
	"minus":                                 "set operation",
	"mul":                                   "arithmetic",
	"neq":                                   "comparison",
	"net.cidr_contains":                     "CIDR arithmetic, no lookup",
	"net.cidr_contains_matches":             "CIDR arithmetic, no lookup",
	"net.cidr_expand":                       "CIDR arithmetic, no lookup",
	"net.cidr_intersects":                   "CIDR arithmetic, no lookup",
	"net.cidr_is_valid":                     "CIDR arithmetic, no lookup",
	"net.cidr_merge":                        "CIDR arithmetic, no lookup",
	"net.cidr_overlap":                      "deprecated: the rego.v1 compiler rejects it anyway",
	"numbers.range":                         "a range; cancellable, so the deadline bounds it",
	"numbers.range_step":                    "a range; cancellable, so the deadline bounds it",
	"object.filter":                         "operation on a value",
	"object.get":                            "operation on a value",
	"object.keys":                           "operation on a value",
	"object.remove":                         "operation on a value",
	"object.subset":                         "operation on a value",
	"object.union":                          "operation on a value",
	"object.union_n":                        "operation on a value",
	"or":                                    "set operation",
	"plus":                                  "arithmetic",
	"print":                                 "calls are erased at compile time (print statements disabled): a rule writes nothing",
	"product":                               "aggregate over a collection",
	"re_match":                              "deprecated: the rego.v1 compiler rejects it anyway",
	"regex.find_all_string_submatch_n":      "RE2 match: linear time",
	"regex.find_n":                          "RE2 match: linear time",
	"regex.globs_match":                     "RE2 match: linear time",
	"regex.is_valid":                        "RE2 match: linear time",
	"regex.match":                           "RE2 match: linear time",
	"regex.replace":                         "RE2 match: linear time",
	"regex.split":                           "RE2 match: linear time",
	"regex.template_match":                  "RE2 match: linear time",
	"rego.metadata.chain":                   "reads the rule metadata or parses the text given",
	"rego.metadata.rule":                    "reads the rule metadata or parses the text given",
	"rego.parse_module":                     "reads the rule metadata or parses the text given",
	"rem":                                   "arithmetic",
	"replace":                               "string function",
	"round":                                 "arithmetic",
	"semver.compare":                        "version comparison",
	"semver.is_valid":                       "version comparison",
	"set_diff":                              "deprecated: the rego.v1 compiler rejects it anyway",
	"sort":                                  "aggregate over a collection",
	"split":                                 "string function",
	"sprintf":                               "string function",
	"startswith":                            "string function",
	"strings.any_prefix_match":              "string function",
	"strings.any_suffix_match":              "string function",
	"strings.count":                         "string function",
	"strings.render_template":               "string function",
	"strings.replace_n":                     "string function",
	"strings.reverse":                       "string function",
	"strings.split_n":                       "string function",
	"substring":                             "string function",
	"sum":                                   "aggregate over a collection",
	"time.add_date":                         "date arithmetic on the times given, no clock",
	"time.clock":                            "date arithmetic on the times given, no clock",
	"time.date":                             "date arithmetic on the times given, no clock",
	"time.diff":                             "date arithmetic on the times given, no clock",
	"time.format":                           "date arithmetic on the times given, no clock",
	"time.parse_duration_ns":                "date arithmetic on the times given, no clock",
	"time.parse_ns":                         "date arithmetic on the times given, no clock",
	"time.parse_rfc3339_ns":                 "date arithmetic on the times given, no clock",
	"time.weekday":                          "date arithmetic on the times given, no clock",
	"to_number":                             "conversion",
	"trace":                                 "a no-op: bulwark attaches no tracer",
	"trim":                                  "string function",
	"trim_left":                             "string function",
	"trim_prefix":                           "string function",
	"trim_right":                            "string function",
	"trim_space":                            "string function",
	"trim_suffix":                           "string function",
	"type_name":                             "type test",
	"union":                                 "set operation",
	"units.parse":                           "unit parsing",
	"units.parse_bytes":                     "unit parsing",
	"upper":                                 "string function",
	"uri.is_valid":                          "parses the text given",
	"uri.parse":                             "parses the text given",
	"urlquery.decode":                       "encoding or decoding of a value",
	"urlquery.decode_object":                "encoding or decoding of a value",
	"urlquery.encode":                       "encoding or decoding of a value",
	"urlquery.encode_object":                "encoding or decoding of a value",
	"uuid.parse":                            "parses the text given",
	"walk":                                  "walk over a value",
	"yaml.is_valid":                         "encoding or decoding of a value",
	"yaml.marshal":                          "encoding or decoding of a value",
	"yaml.unmarshal":                        "encoding or decoding of a value",
}

// sandboxCapabilities are OPA's capabilities for this version without the
// removed builtins, and without network access for any builtin that would
// otherwise have it.
func sandboxCapabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if _, removed := removedBuiltins[b.Name]; !removed {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{} // empty, not nil: no host is allowed
	return caps
}

// capabilities is computed once: every compile shares it, read-only.
var capabilities = sandboxCapabilities()

// RemovedBuiltins lists the builtins rules may not call, with the reason,
// sorted by name (for documentation and `rules` tooling).
func RemovedBuiltins() [][2]string {
	out := make([][2]string, 0, len(removedBuiltins))
	for name, why := range removedBuiltins {
		out = append(out, [2]string{name, why})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

var undefinedFunc = regexp.MustCompile(`undefined function (\S+)`)

// explainCompileErrors turns the compiler's "undefined function http.send"
// into a message that says the builtin exists but rules may not call it,
// and why. Each error keeps its file:line.
func explainCompileErrors(errs ast.Errors) string {
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		msg := e.Error()
		if m := undefinedFunc.FindStringSubmatch(e.Message); m != nil {
			if why, ok := removedBuiltins[m[1]]; ok {
				loc := ""
				if e.Location != nil {
					loc = fmt.Sprintf("%s:%d: ", e.Location.File, e.Location.Row)
				}
				msg = fmt.Sprintf("%sbuiltin %s is not available to bulwark rules (%s)", loc, m[1], why)
			}
		}
		msgs = append(msgs, msg)
	}
	return strings.Join(msgs, "\n")
}
