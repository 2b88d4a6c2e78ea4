package report

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Getwd returns the directory that SARIF locations are relative to (the
// %SRCROOT% of the run). It is a variable so tests can pin it and produce
// the same output on every machine.
var Getwd = os.Getwd

// srcRoot is the %SRCROOT% uriBaseId every relative artifact URI refers to.
const srcRoot = "%SRCROOT%"

// artifactURI turns a path as bulwark reports it into a SARIF artifact URI.
// A path inside root becomes a relative, slash-separated URI reference (no
// leading "./") and rel is true; a path outside it becomes an absolute
// file:// URI. With no root (the working directory is unknown) every
// relative path stays relative. An empty path gives an empty URI.
func artifactURI(path, root string) (uri string, rel bool) {
	if path == "" {
		return "", false
	}
	if strings.Contains(path, "://") {
		return path, false // already a URI: a live resource (aws://account/region/stack)
	}
	p := filepath.Clean(path)
	if !filepath.IsAbs(p) {
		if root == "" || !pathEscapesRoot(p) {
			return relativeURI(p), true
		}
		p = filepath.Join(root, p)
	}
	if root != "" {
		if r, err := filepath.Rel(root, p); err == nil && !pathEscapesRoot(r) {
			return relativeURI(r), true
		}
	}
	return fileURI(p), false
}

// escapes reports whether a clean relative path leaves its base directory.
func pathEscapesRoot(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel)
}

// relativeURI percent-encodes a clean relative path as a URI reference.
func relativeURI(p string) string {
	u := url.URL{Path: filepath.ToSlash(p)}
	return u.String()
}

// fileURI makes an absolute path a file:// URI (file:///C:/x on Windows).
func fileURI(abs string) string {
	s := filepath.ToSlash(abs)
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	u := url.URL{Scheme: "file", Path: s}
	if strings.HasPrefix(s, "//") {
		// A UNC path (//server/share/x): the server is the URI's host.
		host, rest, _ := strings.Cut(s[2:], "/")
		u = url.URL{Scheme: "file", Host: host, Path: "/" + rest}
	}
	return u.String()
}

// rootURI is the file:// URI of a directory, with the trailing slash SARIF
// requires of a uriBaseId's base.
func rootURI(dir string) string {
	u := fileURI(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}
