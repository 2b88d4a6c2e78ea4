package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/bulwarkhq/bulwark/scanners"
)

// gap is something the audit could not check. Every gap becomes a
// "not checked:" warning in the report: a denied call, a Region the
// account has not enabled or a service missing from a Region narrows the
// audit but never stops it, and is never silent.
type gap struct {
	account string // id, or the role ARN when the id is unknown
	region  string // "" for the account as a whole
	service string
	op      string // the operation, when one call failed
	what    string // the facts left unknown, for partial gaps
	subject string // the resource a partial gap is about, if one
	count   int    // how many resources the same partial gap hit
	// subjects are the resources named by the partial gaps merged into
	// this one, in the order they came (the first few are shown).
	subjects []string
	err      error
	fatal    bool // the whole collector (or account) failed
}

// shownSubjects is how many resources a merged gap names.
const shownSubjects = 3

// Error kinds, in the words of the report.
const (
	kindDenied      = "access denied"
	kindOptIn       = "the Region is not enabled for this account, or the credentials are not valid there"
	kindUnsupported = "the service is not available in this Region"
	kindThrottled   = "still throttled after every retry"
	kindTimeout     = "timed out"
	kindFailed      = "failed"
)

var deniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
	"AuthorizationError": true, "UnauthorizedException": true, "Forbidden": true,
}

var optInCodes = map[string]bool{
	"UnrecognizedClientException": true, "AuthFailure": true, "InvalidClientTokenId": true,
	"OptInRequired": true, "SubscriptionRequiredException": true,
}

var unsupportedCodes = map[string]bool{
	"UnknownEndpoint": true, "UnsupportedOperation": true, "InvalidAction": true,
	"UnknownOperationException": true,
}

// classify names what went wrong, in words a report reader can act on.
func classify(err error) (kind, detail string) {
	var api smithy.APIError
	var dns *net.DNSError
	switch {
	case errors.As(err, &api):
		detail = api.ErrorCode()
		if m := api.ErrorMessage(); m != "" {
			detail += ": " + m
		}
		code := api.ErrorCode()
		switch {
		case deniedCodes[code]:
			return kindDenied, detail
		case optInCodes[code]:
			return kindOptIn, detail
		case unsupportedCodes[code]:
			return kindUnsupported, detail
		case isThrottle(code):
			return kindThrottled, detail
		}
		return kindFailed, detail
	case errors.As(err, &dns):
		return kindUnsupported, "no endpoint " + dns.Name
	case errors.Is(err, context.DeadlineExceeded):
		return kindTimeout, "no answer within the per-call deadline"
	}
	return kindFailed, rootMessage(err)
}

func isThrottle(code string) bool {
	_, ok := retry.DefaultThrottleErrorCodes[code]
	return ok
}

// rootMessage drops the SDK's "operation error X: https response error"
// wrapping that repeats what the entry already says.
func rootMessage(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func (g gap) file() string {
	if g.region == "" {
		return "aws://" + g.account
	}
	return "aws://" + g.account + "/" + g.region
}

// diagnostic renders the gap as a report warning. Warnings do not change
// the exit code; the report's reader sees exactly what was not checked.
func (g gap) diagnostic() scanners.Diagnostic {
	kind, detail := classify(g.err)
	var where []string
	where = append(where, "account "+g.account)
	if g.region != "" {
		where = append(where, "region "+g.region)
	}
	if g.service != "" {
		where = append(where, "service "+g.service)
	}
	msg := "not checked: " + strings.Join(where, ", ")
	if g.op != "" {
		msg += " (" + g.op + ")"
	}
	msg += ": " + kind
	if g.what != "" {
		if g.count > 1 {
			msg += fmt.Sprintf("; unknown for %d resources: %s", g.count, g.what)
		} else {
			msg += "; unknown: " + g.what
		}
		if n := len(g.subjects); n > 0 {
			shown := g.subjects[:min(n, shownSubjects)]
			msg += ": " + strings.Join(shown, ", ")
			if n > len(shown) {
				msg += fmt.Sprintf(" and %d more", n-len(shown))
			}
		}
	}
	if detail != "" {
		msg += " (" + detail + ")"
	}
	return scanners.Diagnostic{File: g.file(), Severity: scanners.SeverityWarning, Message: msg}
}

// coverage turns gaps into diagnostics: partial gaps of one kind merged
// per operation, a Region the account has not enabled said once instead
// of once per service, in a stable order.
func coverage(gaps []gap) []scanners.Diagnostic {
	type key struct{ account, region, service, op, what, kind string }
	merged := map[key]*gap{}
	var order []key
	optIn := map[[2]string]bool{}
	for _, g := range gaps {
		kind, _ := classify(g.err)
		if kind == kindOptIn && g.region != "" {
			r := [2]string{g.account, g.region}
			if optIn[r] {
				continue
			}
			optIn[r] = true
			g.service, g.op, g.what = "", "", "every service"
		}
		k := key{g.account, g.region, g.service, g.op, g.what, kind}
		if m, ok := merged[k]; ok {
			m.count += max(g.count, 1)
			if g.subject != "" {
				m.subjects = append(m.subjects, g.subject)
			}
			continue
		}
		g.count = max(g.count, 1)
		if g.subject != "" {
			g.subjects = []string{g.subject}
		}
		merged[k] = &g
		order = append(order, k)
	}
	out := make([]scanners.Diagnostic, 0, len(order))
	for _, k := range order {
		out = append(out, merged[k].diagnostic())
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Message < out[j].Message
	})
	return out
}

// isNotFound reports an error saying the resource is gone: it was deleted
// between being listed and being described, which is no gap.
func isNotFound(err error) bool {
	var api smithy.APIError
	if err == nil || !errors.As(err, &api) {
		return false
	}
	code := api.ErrorCode()
	return strings.HasSuffix(code, "NotFoundException") || strings.HasSuffix(code, "NotFound") ||
		strings.HasSuffix(code, "NotFoundFault")
}
