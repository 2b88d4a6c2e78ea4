// Package livetest runs the audit's test double: the kumo AWS emulator
// in-process, behind an httptest front that records every request the
// SDK sends, injects latency and failures, answers in AWS's wire format
// what kumo lacks or answers wrongly, and serves every Region other than
// the primary one itself (kumo keeps one Region per process).
package livetest

import (
	"bytes"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sivchari/kumo"
)

var (
	kumoOnce sync.Once
	kumoSrv  *kumo.Server
)

// Kumo is the process's emulator. Its state is global to the process
// (kumo's services are singletons), so there is one, shared: tests give
// their resources unique names.
func Kumo() *kumo.Server {
	kumoOnce.Do(func() { kumoSrv = kumo.NewServer() })
	return kumoSrv
}

// Call is one request as the front saw it.
type Call struct {
	Region, Service, Operation string
	Method                     string // the HTTP method
}

// Action is the IAM action of the call (the signing name is the IAM
// prefix, except CloudWatch's). API Gateway's management actions are its
// HTTP methods (apigateway:GET); a few S3 operations have actions of
// other names.
func (c Call) Action() string {
	prefix := c.Service
	switch prefix {
	case "monitoring":
		prefix = "cloudwatch"
	case "apigateway":
		return prefix + ":" + c.Method
	case "s3":
		if a, ok := s3Actions[c.Operation]; ok {
			return prefix + ":" + a
		}
	}
	return prefix + ":" + c.Operation
}

// s3Actions are the S3 operations whose IAM action is named otherwise.
var s3Actions = map[string]string{
	"ListBuckets":          "ListAllMyBuckets",
	"GetBucketReplication": "GetReplicationConfiguration",
}

// Request is what a handler gets.
type Request struct {
	Call
	HTTP *http.Request
	Body []byte
	Form url.Values // query-protocol form fields, or the URL query for REST calls
}

// Handler answers one operation.
type Handler func(w http.ResponseWriter, r *Request)

type failure struct {
	left   int // -1: always
	status int
	code   string
}

// Front is the test endpoint: give its URL as --endpoint-url.
type Front struct {
	URL     string
	Primary string // the Region proxied to kumo
	Latency time.Duration

	srv   *httptest.Server
	proxy *httputil.ReverseProxy

	mu       sync.Mutex
	calls    []Call
	arrived  []time.Time // when each of calls arrived
	handlers map[string]Handler
	failures map[string]*failure
	fx       *fixtures

	inFlight, maxInFlight map[string]int
	// total and maxTotal count requests in flight across every scope.
	total, maxTotal int

	// throttle answers that fraction of the requests with a
	// ThrottlingException, drawn from throttleRand; throttled counts them.
	throttle     float64
	throttleRand *rand.Rand
	throttled    int
	// quota, when set, is AWS's own throttling: a token bucket per Region
	// and service, a request finding it empty throttled.
	quota      *quota
	quotaOf    map[string]*quota // per signing name, over quota
	quotaState map[string]*quotaBucket
}

type quota struct {
	perSecond float64
	burst     int
}

type quotaBucket struct {
	tokens float64
	last   time.Time
}

// New starts a front before the shared kumo, proxying us-east-1 to it.
func New() *Front {
	target, err := url.Parse(Kumo().URL)
	if err != nil {
		panic(err)
	}
	f := &Front{Primary: "us-east-1", proxy: httputil.NewSingleHostReverseProxy(target),
		handlers: map[string]Handler{}, failures: map[string]*failure{},
		inFlight: map[string]int{}, maxInFlight: map[string]int{}}
	f.builtins()
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.URL = f.srv.URL
	return f
}

// Close stops the front (kumo lives on for the process).
func (f *Front) Close() { f.srv.Close() }

func key(region, service, op string) string { return region + "|" + service + "|" + op }

// Handle answers an operation in a Region ("*": every Region) itself.
// service is the signing name, or "elb" for the Classic Load Balancer API
// (see handlerService).
func (f *Front) Handle(region, service, op string, h Handler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handlers[key(region, service, op)] = h
}

// Fail makes the next times calls of op (or every operation: "*") fail
// with an AWS error; times -1 fails them all. service is as for Handle.
func (f *Front) Fail(region, service, op string, times, status int, code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[key(region, service, op)] = &failure{left: times, status: status, code: code}
}

// Throttle answers a fraction of the requests (0.1: one in ten) with a
// ThrottlingException in the request's protocol, as AWS does when an
// account's request rate is exceeded; which ones is drawn from a random
// sequence of that seed (every n-th request would resonate with a paced
// client and throttle the same call's every retry). STS is left out: the
// audit resolves identities before its own limits and counters apply.
func (f *Front) Throttle(fraction float64, seed uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.throttle = fraction
	f.throttleRand = rand.New(rand.NewPCG(seed, seed))
}

// Quota throttles like AWS: each service in each Region has a bucket of
// burst requests refilled at perSecond, and a request that finds it empty
// is answered with a ThrottlingException (STS left out, as for Throttle).
// perSecond <= 0 removes the quota.
func (f *Front) Quota(perSecond float64, burst int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quota, f.quotaOf, f.quotaState = nil, map[string]*quota{}, map[string]*quotaBucket{}
	if perSecond > 0 {
		f.quota = &quota{perSecond: perSecond, burst: max(1, burst)}
	}
}

// QuotaFor gives one service (by signing name) its own quota, as AWS's
// differ: DynamoDB's control plane takes 2,500 requests a second where
// Lambda's takes 15. Call it after Quota.
func (f *Front) QuotaFor(service string, perSecond float64, burst int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quotaOf[service] = &quota{perSecond: perSecond, burst: max(1, burst)}
}

// overQuota takes a token from the scope's bucket, or reports it empty;
// f.mu is held.
func (f *Front) overQuota(service, scope string, now time.Time) bool {
	q := f.quota
	if sq := f.quotaOf[service]; sq != nil {
		q = sq
	}
	b := f.quotaState[scope]
	if b == nil {
		b = &quotaBucket{tokens: float64(q.burst), last: now}
		f.quotaState[scope] = b
	}
	b.tokens = min(float64(q.burst), b.tokens+now.Sub(b.last).Seconds()*q.perSecond)
	b.last = now
	if b.tokens < 1 {
		return true
	}
	b.tokens--
	return false
}

// Throttled is how many requests were answered with an injected
// ThrottlingException (Throttle or Quota) since the last Reset.
func (f *Front) Throttled() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.throttled
}

// Arrivals are the times the requests to one service in one Region
// arrived, in order, since the last Reset.
func (f *Front) Arrivals(region, service string) []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []time.Time
	for i, c := range f.calls {
		if c.Region == region && c.Service == service {
			out = append(out, f.arrived[i])
		}
	}
	return out
}

// Calls returns every request seen so far.
func (f *Front) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// MaxTotalInFlight is the most requests that were in flight at once,
// whatever their Region and service, since the last Reset.
func (f *Front) MaxTotalInFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxTotal
}

// MaxInFlight is the most requests to one service in one Region the
// front saw at once.
func (f *Front) MaxInFlight(region, service string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxInFlight[region+"|"+service]
}

// Reset forgets the calls seen.
func (f *Front) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls, f.arrived = nil, nil
	f.throttled = 0
	f.maxInFlight = map[string]int{}
	f.maxTotal = f.total
}

var credentialScope = regexp.MustCompile(`Credential=[^/]+/[^/]+/([^/]+)/([^/]+)/aws4_request`)

func (f *Front) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	req := &Request{HTTP: r, Body: body}
	req.Method = r.Method
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		req.Region, req.Service = m[1], m[2]
	}
	req.Operation, req.Form = operation(req.Service, r, body)
	svc := handlerService(req)
	f.mu.Lock()
	f.calls = append(f.calls, req.Call)
	f.arrived = append(f.arrived, time.Now())
	fail := f.failures[key(req.Region, svc, req.Operation)]
	if fail == nil {
		fail = f.failures[key(req.Region, svc, "*")]
	}
	if fail == nil {
		fail = f.failures[key("*", svc, req.Operation)]
	}
	if fail == nil {
		fail = f.failures[key(req.Region, "*", "*")]
	}
	var failing *failure
	if fail != nil && fail.left != 0 {
		if fail.left > 0 {
			fail.left--
		}
		failing = fail
	}
	if failing == nil && req.Service != "sts" &&
		(f.throttle > 0 && f.throttleRand.Float64() < f.throttle || f.quota != nil && f.overQuota(req.Service, req.Region+"|"+req.Service, time.Now())) {
		f.throttled++
		failing = &failure{status: http.StatusBadRequest, code: "ThrottlingException"}
	}
	h := f.handlers[key(req.Region, svc, req.Operation)]
	if h == nil {
		h = f.handlers[key("*", svc, req.Operation)]
	}
	scope := req.Region + "|" + req.Service
	f.inFlight[scope]++
	if f.inFlight[scope] > f.maxInFlight[scope] {
		f.maxInFlight[scope] = f.inFlight[scope]
	}
	f.total++
	f.maxTotal = max(f.maxTotal, f.total)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight[scope]--
		f.total--
		f.mu.Unlock()
	}()
	if f.Latency > 0 {
		time.Sleep(f.Latency)
	}
	// Answers are buffered so DynamoDB's can carry the X-Amz-Crc32
	// checksum real DynamoDB sends (the SDK warns when it is missing).
	rec := httptest.NewRecorder()
	f.answer(rec, r, req, failing, h, body)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if req.Service == "dynamodb" {
		w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(rec.Body.Bytes())), 10))
	}
	out := rec.Body.Bytes()
	if fix := f.rewrite(req); fix != nil && rec.Code == http.StatusOK {
		out = fix(out)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(out)
}

func (f *Front) answer(w http.ResponseWriter, r *http.Request, req *Request, failing *failure, h Handler, body []byte) {
	switch {
	case failing != nil:
		Error(w, req, failing.status, failing.code, "injected by the test front")
	case h != nil:
		h(w, req)
	case req.Region == f.Primary || req.Service == "sts":
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		f.proxy.ServeHTTP(w, r)
	default:
		Empty(w, req)
	}
}

// classicELBVersion is the API version of the Classic Load Balancer API.
// It shares ELBv2's signing name and IAM prefix, "elasticloadbalancing",
// and some operation names (DescribeLoadBalancers): the Version form field
// tells them apart.
const classicELBVersion = "2012-06-01"

// handlerService is the name a request's handlers and failures are
// registered under: its signing name, or "elb" for the Classic Load
// Balancer API, which answers in its own shapes and XML namespace.
func handlerService(r *Request) string {
	if r.Service == "elasticloadbalancing" && r.Form.Get("Version") == classicELBVersion {
		return "elb"
	}
	return r.Service
}

// restRoutes name the REST operations the audit and its tests call.
var restRoutes = []struct {
	service, method string
	path            *regexp.Regexp
	op              string
	query           string // a query parameter the request has (S3's sub-resources), "" for any
}{
	{"lambda", "GET", regexp.MustCompile(`^/2015-03-31/functions/?$`), "ListFunctions", ""},
	{"lambda", "POST", regexp.MustCompile(`^/2015-03-31/functions/?$`), "CreateFunction", ""},
	{"lambda", "GET", regexp.MustCompile(`^/2019-09-30/functions/[^/]+/concurrency$`), "GetFunctionConcurrency", ""},
	{"lambda", "GET", regexp.MustCompile(`^/2019-09-25/functions/[^/]+/event-invoke-config/list$`), "ListFunctionEventInvokeConfigs", ""},
	{"lambda", "GET", regexp.MustCompile(`^/2016-08-19/account-settings/?$`), "GetAccountSettings", ""},
	{"lambda", "GET", regexp.MustCompile(`^/2015-03-31/event-source-mappings/?$`), "ListEventSourceMappings", ""},
	{"lambda", "POST", regexp.MustCompile(`^/2015-03-31/event-source-mappings/?$`), "CreateEventSourceMapping", ""},
	{"backup", "GET", regexp.MustCompile(`^/backup/plans/?$`), "ListBackupPlans", ""},
	{"backup", "PUT", regexp.MustCompile(`^/backup/plans/?$`), "CreateBackupPlan", ""},
	{"backup", "GET", regexp.MustCompile(`^/backup/plans/[^/]+/?$`), "GetBackupPlan", ""},
	{"backup", "GET", regexp.MustCompile(`^/backup/plans/[^/]+/selections/?$`), "ListBackupSelections", ""},
	{"backup", "PUT", regexp.MustCompile(`^/backup/plans/[^/]+/selections/?$`), "CreateBackupSelection", ""},
	{"backup", "GET", regexp.MustCompile(`^/backup/plans/[^/]+/selections/[^/]+/?$`), "GetBackupSelection", ""},
	{"backup", "PUT", regexp.MustCompile(`^/backup-vaults/[^/]+/?$`), "CreateBackupVault", ""},
	{"elasticfilesystem", "GET", regexp.MustCompile(`^/2015-02-01/file-systems/?$`), "DescribeFileSystems", ""},
	{"elasticfilesystem", "GET", regexp.MustCompile(`^/2015-02-01/file-systems/replication-configurations/?$`), "DescribeReplicationConfigurations", ""},
	{"elasticfilesystem", "GET", regexp.MustCompile(`^/2015-02-01/file-systems/[^/]+/backup-policy/?$`), "DescribeBackupPolicy", ""},
	{"route53", "GET", regexp.MustCompile(`^/2013-04-01/healthcheck/?$`), "ListHealthChecks", ""},
	{"route53", "POST", regexp.MustCompile(`^/2013-04-01/healthcheck/?$`), "CreateHealthCheck", ""},
	{"route53", "GET", regexp.MustCompile(`^/2013-04-01/hostedzone/?$`), "ListHostedZones", ""},
	{"route53", "POST", regexp.MustCompile(`^/2013-04-01/hostedzone/?$`), "CreateHostedZone", ""},
	{"route53", "GET", regexp.MustCompile(`^/2013-04-01/hostedzone/[^/]+/rrset/?$`), "ListResourceRecordSets", ""},
	{"route53", "POST", regexp.MustCompile(`^/2013-04-01/hostedzone/[^/]+/rrset/?$`), "ChangeResourceRecordSets", ""},
	{"apigateway", "GET", regexp.MustCompile(`^/restapis/?$`), "GetRestApis", ""},
	{"apigateway", "POST", regexp.MustCompile(`^/restapis/?$`), "CreateRestApi", ""},
	{"apigateway", "GET", regexp.MustCompile(`^/restapis/[^/]+/stages/?$`), "GetStages", ""},
	{"apigateway", "POST", regexp.MustCompile(`^/restapis/[^/]+/stages/?$`), "CreateStage", ""},
	{"apigateway", "GET", regexp.MustCompile(`^/restapis/[^/]+/resources/?$`), "GetResources", ""},
	{"apigateway", "GET", regexp.MustCompile(`^/usageplans/?$`), "GetUsagePlans", ""},
	{"apigateway", "GET", regexp.MustCompile(`^/v2/apis/?$`), "GetApis", ""},
	{"apigateway", "POST", regexp.MustCompile(`^/v2/apis/?$`), "CreateApi", ""},
	{"apigateway", "GET", regexp.MustCompile(`^/v2/apis/[^/]+/stages/?$`), "GetStagesV2", ""},
	{"apigateway", "POST", regexp.MustCompile(`^/v2/apis/[^/]+/stages/?$`), "CreateStageV2", ""},
	{"apigateway", "GET", regexp.MustCompile(`^/v2/apis/[^/]+/integrations/?$`), "GetIntegrations", ""},
	{"apigateway", "POST", regexp.MustCompile(`^/v2/apis/[^/]+/integrations/?$`), "CreateIntegration", ""},
	{"s3", "GET", regexp.MustCompile(`^/$`), "ListBuckets", ""},
	{"s3", "GET", regexp.MustCompile(`^/[^/]+/?$`), "GetBucketVersioning", "versioning"},
	{"s3", "PUT", regexp.MustCompile(`^/[^/]+/?$`), "PutBucketVersioning", "versioning"},
	{"s3", "GET", regexp.MustCompile(`^/[^/]+/?$`), "GetBucketReplication", "replication"},
	{"s3", "PUT", regexp.MustCompile(`^/[^/]+/?$`), "CreateBucket", ""},
	{"cloudfront", "GET", regexp.MustCompile(`^/2020-05-31/distribution/?$`), "ListDistributions", ""},
	{"cloudfront", "POST", regexp.MustCompile(`^/2020-05-31/distribution/?$`), "CreateDistribution", ""},
	{"cloudfront", "GET", regexp.MustCompile(`^/2020-05-31/distribution/[^/]+/config$`), "GetDistributionConfig", ""},
	{"es", "GET", regexp.MustCompile(`^/2021-01-01/domain/?$`), "ListDomainNames", ""},
	{"es", "POST", regexp.MustCompile(`^/2021-01-01/opensearch/domain-info/?$`), "DescribeDomains", ""},
	{"mq", "GET", regexp.MustCompile(`^/v1/brokers/?$`), "ListBrokers", ""},
	{"mq", "POST", regexp.MustCompile(`^/v1/brokers/?$`), "CreateBroker", ""},
	{"mq", "GET", regexp.MustCompile(`^/v1/brokers/[^/]+/?$`), "DescribeBroker", ""},
	{"kafka", "GET", regexp.MustCompile(`^/api/v2/clusters/?$`), "ListClustersV2", ""},
	{"kafka", "POST", regexp.MustCompile(`^/api/v2/clusters/?$`), "CreateClusterV2", ""},
	{"eks", "GET", regexp.MustCompile(`^/clusters/?$`), "ListClusters", ""},
	{"eks", "GET", regexp.MustCompile(`^/clusters/[^/]+/node-groups/?$`), "ListNodegroups", ""},
	{"eks", "POST", regexp.MustCompile(`^/clusters/[^/]+/node-groups/?$`), "CreateNodegroup", ""},
	{"eks", "GET", regexp.MustCompile(`^/clusters/[^/]+/node-groups/[^/]+/?$`), "DescribeNodegroup", ""},
}

var cborPath = regexp.MustCompile(`^/service/[^/]+/operation/([^/]+)$`)

// operation names the operation from the wire: the X-Amz-Target header
// (JSON protocols), the Action form field (query protocols), the CBOR
// path, or the method and path of a REST call. An unknown REST call is
// "?METHOD path", which no policy allows.
func operation(service string, r *http.Request, body []byte) (string, url.Values) {
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		return t[strings.LastIndexByte(t, '.')+1:], nil
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, _ := url.ParseQuery(string(body))
		return form.Get("Action"), form
	}
	if m := cborPath.FindStringSubmatch(r.URL.Path); m != nil {
		return m[1], nil
	}
	for _, rt := range restRoutes {
		if rt.service == service && rt.method == r.Method && rt.path.MatchString(r.URL.Path) &&
			(rt.query == "" || r.URL.Query().Has(rt.query)) {
			return rt.op, r.URL.Query()
		}
	}
	return "?" + r.Method + " " + r.URL.Path, r.URL.Query()
}
