package livetest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
)

// Member is one account of the organization the front serves.
type Member struct {
	ID, Name string
	Status   string // ACTIVE, SUSPENDED (the older field)
	State    string // the newer field; "" leaves it out
	// Denied makes AssumeRole into the account fail with AccessDenied.
	Denied bool
}

var assumedKey = regexp.MustCompile(`Credential=ASIA([0-9]{12})/`)

// Organization makes the front answer organizations:ListAccounts with
// members, pageSize a page, and STS per role. kumo cannot: its
// ListAccounts has no suspended accounts and one page, and its
// GetCallerIdentity names one account whatever the role assumed. Here
// AssumeRole returns an access key naming the role's account
// (ASIA<account id>) and GetCallerIdentity answers that account, or caller
// for the default credentials.
func (f *Front) Organization(caller string, pageSize int, members ...Member) {
	denied := map[string]bool{}
	for _, m := range members {
		denied[m.ID] = m.Denied
	}
	f.Handle("*", "organizations", "ListAccounts", func(w http.ResponseWriter, r *Request) {
		var in struct{ NextToken string }
		_ = json.Unmarshal(r.Body, &in)
		start, _ := strconv.Atoi(in.NextToken)
		end := min(start+pageSize, len(members))
		page := []any{}
		for _, m := range members[start:end] {
			a := map[string]any{"Id": m.ID, "Name": m.Name, "Arn": "arn:aws:organizations::" + caller + ":account/o-test/" + m.ID,
				"Email": m.Name + "@example.com", "Status": m.Status}
			if m.State != "" {
				a["State"] = m.State
			}
			page = append(page, a)
		}
		out := map[string]any{"Accounts": page}
		if end < len(members) {
			out["NextToken"] = strconv.Itoa(end)
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(out)
	})
	f.Handle("*", "sts", "AssumeRole", func(w http.ResponseWriter, r *Request) {
		role := r.Form.Get("RoleArn")
		id := roleAccount.FindStringSubmatch(role)
		if id == nil || denied[id[1]] {
			Error(w, r, http.StatusForbidden, "AccessDenied", "not authorized to perform sts:AssumeRole on "+role)
			return
		}
		QueryXML(w, r, `<Credentials><AccessKeyId>ASIA`+id[1]+`</AccessKeyId><SecretAccessKey>s</SecretAccessKey>`+
			`<SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>`+
			`<AssumedRoleUser><Arn>arn:aws:sts::`+id[1]+`:assumed-role/`+X(role)+`/bulwark-audit</Arn><AssumedRoleId>AROA:bulwark-audit</AssumedRoleId></AssumedRoleUser>`)
	})
	f.Handle("*", "sts", "GetCallerIdentity", func(w http.ResponseWriter, r *Request) {
		account, arn := caller, "arn:aws:iam::"+caller+":user/auditor"
		if m := assumedKey.FindStringSubmatch(r.HTTP.Header.Get("Authorization")); m != nil {
			account, arn = m[1], "arn:aws:sts::"+m[1]+":assumed-role/audit/bulwark-audit"
		}
		QueryXML(w, r, `<Account>`+account+`</Account><Arn>`+arn+`</Arn><UserId>AIDA</UserId>`)
	})
}

var roleAccount = regexp.MustCompile(`^arn:[a-z-]+:iam::([0-9]{12}):role/`)

// Organizations speaks awsJson1.1 (kept here, beside its handlers, so
// errors injected with Fail are framed like AWS's).
func init() { protocols["organizations"] = protoJSON }
