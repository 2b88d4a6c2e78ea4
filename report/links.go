package report

import (
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// SourceLinks turns a file and line into a link to the file at the
// scanned commit on the forge the CI job runs for. The zero value (or
// nil) links nothing.
type SourceLinks struct {
	// Base is the repository's web address (https only); Commit the full
	// hex commit id; Style the forge's URL layout.
	Base, Commit, Style string
}

// Forge URL layouts.
const (
	linkGitHub    = "github"
	linkGitLab    = "gitlab"
	linkBitbucket = "bitbucket"
)

var (
	hexCommit = regexp.MustCompile(`^([0-9a-f]{40}|[0-9a-f]{64})$`)
	repoName  = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
)

// SourceLinksFromEnv reads the CI environment through getenv (os.Getenv in
// the CLI, a map in tests): GitHub Actions, GitLab CI or Bitbucket
// Pipelines. BULWARK_COMMIT_SHA replaces the CI's commit: in a GitHub
// pull_request run GITHUB_SHA is the temporary merge commit, and the pull
// request's head sha (github.event.pull_request.head.sha) gives links
// that last. A pull request cannot set these variables, but they are
// checked anyway (an https address without credentials, query or
// fragment; a hex commit id): anything else gives no links, never a
// link elsewhere.
func SourceLinksFromEnv(getenv func(string) string) *SourceLinks {
	var l SourceLinks
	switch {
	case getenv("GITHUB_ACTIONS") == "true" || getenv("GITHUB_REPOSITORY") != "":
		repo := getenv("GITHUB_REPOSITORY")
		if !repoName.MatchString(repo) {
			return nil
		}
		server := strings.TrimSuffix(getenv("GITHUB_SERVER_URL"), "/")
		if server == "" {
			server = "https://github.com"
		}
		l = SourceLinks{Base: server + "/" + repo, Commit: getenv("GITHUB_SHA"), Style: linkGitHub}
	case getenv("GITLAB_CI") == "true" || getenv("CI_PROJECT_URL") != "":
		l = SourceLinks{Base: getenv("CI_PROJECT_URL"), Commit: getenv("CI_COMMIT_SHA"), Style: linkGitLab}
	case getenv("BITBUCKET_GIT_HTTP_ORIGIN") != "":
		l = SourceLinks{Base: getenv("BITBUCKET_GIT_HTTP_ORIGIN"), Commit: getenv("BITBUCKET_COMMIT"), Style: linkBitbucket}
	default:
		return nil
	}
	if sha := getenv("BULWARK_COMMIT_SHA"); sha != "" {
		l.Commit = sha
	}
	l.Base = strings.TrimSuffix(strings.TrimSuffix(l.Base, "/"), ".git")
	l.Commit = strings.ToLower(l.Commit)
	u, err := url.Parse(l.Base)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" ||
		strings.ContainsAny(l.Base, " \t\r\n<>()\"'`\\") || !hexCommit.MatchString(l.Commit) {
		return nil
	}
	return &l
}

// URL links file (relative to the repository's top, as the scan names
// files when run there) at line; "" when there is nothing to link or the
// path is absolute or leaves the repository.
func (l *SourceLinks) URL(file string, line int) string {
	if l == nil || l.Base == "" || file == "" || filepath.IsAbs(file) {
		return ""
	}
	p := path.Clean(filepath.ToSlash(file))
	if p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return ""
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		// PathEscape leaves ( and ), which end a Markdown link.
		segs[i] = strings.NewReplacer("(", "%28", ")", "%29").Replace(url.PathEscape(s))
	}
	esc := strings.Join(segs, "/")
	var u, anchor string
	switch l.Style {
	case linkGitLab:
		u, anchor = l.Base+"/-/blob/"+l.Commit+"/"+esc, "#L"
	case linkBitbucket:
		u, anchor = l.Base+"/src/"+l.Commit+"/"+esc, "#lines-"
	default:
		u, anchor = l.Base+"/blob/"+l.Commit+"/"+esc, "#L"
	}
	if line > 0 {
		u += anchor + strconv.Itoa(line)
	}
	return u
}
