package livetest

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
)

// Protocols by signing name: how a service's requests and responses are
// framed on the wire.
const (
	protoJSON     = "json"     // awsJson1.0/1.1: DynamoDB, ECS, SQS, EventBridge, Kinesis, Application Auto Scaling
	protoRESTJSON = "restjson" // Lambda, Backup, EFS, OpenSearch, MQ, MSK, EKS
	protoQuery    = "query"    // ELB (both APIs), Auto Scaling, RDS, ElastiCache, CloudFormation, STS, SNS, Redshift
	protoEC2      = "ec2"
	protoRESTXML  = "restxml" // Route 53, CloudFront
	protoS3       = "s3"      // REST-XML whose errors are a bare <Error> document
	protoCBOR     = "cbor"    // CloudWatch (rpcv2Cbor)
)

var protocols = map[string]string{
	"dynamodb": protoJSON, "ecs": protoJSON, "sqs": protoJSON, "application-autoscaling": protoJSON,
	"events": protoJSON, "kinesis": protoJSON,
	"lambda": protoRESTJSON, "backup": protoRESTJSON, "elasticfilesystem": protoRESTJSON, "es": protoRESTJSON,
	"mq": protoRESTJSON, "kafka": protoRESTJSON, "eks": protoRESTJSON, "apigateway": protoRESTJSON,
	"elasticloadbalancing": protoQuery, "autoscaling": protoQuery, "rds": protoQuery, "elasticache": protoQuery,
	"cloudformation": protoQuery, "sts": protoQuery, "sns": protoQuery, "redshift": protoQuery,
	"ec2":        protoEC2,
	"route53":    protoRESTXML,
	"cloudfront": protoRESTXML,
	"s3":         protoS3,
	"monitoring": protoCBOR,
}

// queryNS are the XML namespaces query-protocol responses carry, by
// handlerService.
var queryNS = map[string]string{
	"elasticloadbalancing": "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
	"elb":                  "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/",
	"autoscaling":          "http://autoscaling.amazonaws.com/doc/2011-01-01/",
	"rds":                  "http://rds.amazonaws.com/doc/2014-10-31/",
	"elasticache":          "http://elasticache.amazonaws.com/doc/2015-02-02/",
	"cloudformation":       "http://cloudformation.amazonaws.com/doc/2010-05-15/",
	"sts":                  "https://sts.amazonaws.com/doc/2011-06-15/",
	"sns":                  "http://sns.amazonaws.com/doc/2010-03-31/",
	"redshift":             "http://redshift.amazonaws.com/doc/2012-12-01/",
}

// Error writes an AWS error in the request's protocol.
func Error(w http.ResponseWriter, r *Request, status int, code, message string) {
	switch protocols[r.Service] {
	case protoJSON, protoRESTJSON:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Errortype", code)
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": message})
	case protoEC2:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>front</RequestID></Response>`,
			html.EscapeString(code), html.EscapeString(message))
	case protoS3:
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>front</RequestId></Error>`,
			html.EscapeString(code), html.EscapeString(message))
	case protoCBOR:
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		w.WriteHeader(status)
		_, _ = w.Write(cborErrorBody(code, message))
	default: // query and REST-XML share the ErrorResponse document
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>front</RequestId></ErrorResponse>`,
			html.EscapeString(code), html.EscapeString(message))
	}
}

// Empty answers with an empty result: a Region where nothing exists.
func Empty(w http.ResponseWriter, r *Request) {
	switch protocols[r.Service] {
	case protoJSON, protoRESTJSON:
		JSON(w, map[string]any{})
	case protoEC2:
		EC2XML(w, r.Operation, "")
	case protoRESTXML, protoS3:
		RestXML(w, r.Operation+"Response", "<IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>")
	case protoCBOR:
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		_, _ = w.Write([]byte{0xa0}) // an empty map
	default:
		QueryXML(w, r, "")
	}
}

// JSON writes a JSON protocol response.
func JSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	_ = json.NewEncoder(w).Encode(v)
}

// QueryXML writes a query-protocol response: <OpResponse><OpResult>inner.
func QueryXML(w http.ResponseWriter, r *Request, inner string) {
	w.Header().Set("Content-Type", "text/xml")
	op := r.Operation
	fmt.Fprintf(w, `<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>front</RequestId></ResponseMetadata></%sResponse>`,
		op, queryNS[handlerService(r)], op, inner, op, op)
}

// EC2XML writes an EC2 response: <OpResponse>inner.
func EC2XML(w http.ResponseWriter, op, inner string) {
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>front</requestId>%s</%sResponse>`, op, inner, op)
}

// RestXML writes a REST-XML (Route 53, CloudFront, S3) response document;
// the SDKs read it whatever its namespace.
func RestXML(w http.ResponseWriter, root, inner string) {
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><%s xmlns="https://route53.amazonaws.com/doc/2013-04-01/">%s</%s>`, root, inner, root)
}

// X escapes a value for an XML body.
func X(s string) string { return html.EscapeString(s) }

// cborErrorBody encodes {"__type": code, "message": message} in CBOR
// (two short text strings keys; values as definite-length text).
func cborErrorBody(code, message string) []byte {
	out := []byte{0xa2}
	for _, s := range []string{"__type", code, "message", message} {
		out = append(out, cborText(s)...)
	}
	return out
}

func cborText(s string) []byte {
	n := len(s)
	switch {
	case n < 24:
		return append([]byte{0x60 | byte(n)}, s...)
	case n < 256:
		return append([]byte{0x78, byte(n)}, s...)
	default:
		return append([]byte{0x79, byte(n >> 8), byte(n)}, s...)
	}
}
