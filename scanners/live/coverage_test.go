package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
)

func TestClassify(t *testing.T) {
	api := func(code string) error {
		return &smithy.OperationError{ServiceID: "Lambda", OperationName: "ListFunctions",
			Err: &smithy.GenericAPIError{Code: code, Message: "m"}}
	}
	tests := []struct {
		err        error
		kind, want string
	}{
		{api("AccessDeniedException"), kindDenied, "AccessDeniedException: m"},
		{api("UnauthorizedOperation"), kindDenied, "UnauthorizedOperation: m"},
		{api("UnrecognizedClientException"), kindOptIn, "UnrecognizedClientException: m"},
		{api("AuthFailure"), kindOptIn, "AuthFailure: m"},
		{api("OptInRequired"), kindOptIn, "OptInRequired: m"},
		{api("ThrottlingException"), kindThrottled, "ThrottlingException: m"},
		{api("ValidationException"), kindFailed, "ValidationException: m"},
		{fmt.Errorf("send: %w", &net.DNSError{Name: "backup.ap-east-2.amazonaws.com", Err: "no such host"}), kindUnsupported, "no endpoint backup.ap-east-2.amazonaws.com"},
		{fmt.Errorf("call: %w", context.DeadlineExceeded), kindTimeout, "no answer within the per-call deadline"},
		{fmt.Errorf("wrapped: %w", errors.New("boom")), kindFailed, "boom"},
	}
	for _, tt := range tests {
		kind, detail := classify(tt.err)
		assert.Equal(t, tt.kind, kind, tt.err.Error())
		assert.Equal(t, tt.want, detail, tt.err.Error())
	}
}

func TestCoverageMergesAndOrders(t *testing.T) {
	denied := &smithy.GenericAPIError{Code: "AccessDeniedException"}
	optIn := &smithy.GenericAPIError{Code: "UnrecognizedClientException"}
	got := coverage([]gap{
		{account: "1", region: "us-east-1", service: "lambda", op: "GetFunctionConcurrency", what: "reserved concurrency", err: denied},
		{account: "1", region: "us-east-1", service: "lambda", op: "GetFunctionConcurrency", what: "reserved concurrency", err: denied},
		{account: "1", region: "ap-east-1", service: "dynamodb", err: optIn, fatal: true},
		{account: "1", region: "ap-east-1", service: "lambda", err: optIn, fatal: true},
	})
	assert.Equal(t, []string{
		"not checked: account 1, region ap-east-1: the Region is not enabled for this account, or the credentials are not valid there; unknown: every service (UnrecognizedClientException)",
		"not checked: account 1, region us-east-1, service lambda (GetFunctionConcurrency): access denied; unknown for 2 resources: reserved concurrency (AccessDeniedException)",
	}, []string{got[0].Message, got[1].Message})
	assert.Equal(t, "aws://1/ap-east-1", got[0].File)
	assert.Equal(t, "warning", got[0].Severity, "coverage never changes the exit code")
}

// TestPartialGapsNameTheirResources: the gaps of one operation and kind
// are one line that counts the resources and names the first three, so a
// throttled Region of 750 load balancers is one line, not 750.
func TestPartialGapsNameTheirResources(t *testing.T) {
	denied := &smithy.GenericAPIError{Code: "AccessDenied", Message: "no"}
	var gaps []gap
	for _, lb := range []string{"lb-1", "lb-2", "lb-3", "lb-4", "lb-5"} {
		gaps = append(gaps, gap{account: "1", region: "r", service: "elbv2", op: "DescribeLoadBalancerAttributes",
			what: "load balancer attributes", subject: lb, err: denied})
	}
	gaps = append(gaps, gap{account: "1", region: "r", service: "mq", op: "DescribeBroker", what: "the subnets of brokers", subject: "queue", err: denied})
	got := messages(coverage(gaps))
	assert.Equal(t, []string{
		"warning not checked: account 1, region r, service elbv2 (DescribeLoadBalancerAttributes): access denied; unknown for 5 resources: load balancer attributes: lb-1, lb-2, lb-3 and 2 more (AccessDenied: no)",
		"warning not checked: account 1, region r, service mq (DescribeBroker): access denied; unknown: the subnets of brokers: queue (AccessDenied: no)",
	}, got)
}
