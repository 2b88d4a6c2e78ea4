package adr

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
)

// recordFiles lists the record files of a folder (names starting with a
// number and ending in .md), sorted by number then name. Only regular
// files (or links to them) are listed: a pipe or a device is never opened
// (see specialFiles).
func recordFiles(dir string) ([]string, error) {
	names, _, err := listRecords(dir)
	return names, err
}

// specialFiles are the problems of the entries with a record's name that
// are not regular files: they are skipped, and lint says so.
func specialFiles(dir string) []Problem {
	_, special, _ := listRecords(dir)
	return special
}

func listRecords(dir string) ([]string, []Problem, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("ADR folder: %w", err)
	}
	type file struct {
		n    int
		name string
	}
	var files []file
	var special []Problem
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		n, _, _, ok := parseFileName(e.Name())
		if !ok {
			continue
		}
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := os.Stat(filepath.Join(dir, e.Name()))
			if err != nil {
				continue // a dangling link: lint's links check names what is missing
			}
			mode = info.Mode()
		}
		if k := safeio.Kind(mode); k != "" {
			special = append(special, Problem{filepath.Join(dir, e.Name()), 1, fmt.Sprintf("not a regular file (%s): skipped", k), false})
			continue
		}
		files = append(files, file{n, e.Name()})
	}
	sort.Slice(files, func(i, j int) bool {
		if files[i].n != files[j].n {
			return files[i].n < files[j].n
		}
		return files[i].name < files[j].name
	})
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return names, special, nil
}

// loadParsed parses every record of a folder.
func loadParsed(dir string) ([]*parsed, error) {
	names, err := recordFiles(dir)
	if err != nil {
		return nil, err
	}
	var out []*parsed
	for _, name := range names {
		path := filepath.Join(dir, name)
		raw, err := readFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, unwrapPath(err))
		}
		out = append(out, parse(path, raw))
	}
	return out, nil
}

// Load parses every record of an ADR folder and checks them (what `adr
// lint` reports). The error is for a folder that cannot be read; problems
// with the records are in the problems, sorted by file and line.
func Load(dir string) ([]Record, []Problem, error) {
	ps, err := loadParsed(dir)
	if err != nil {
		return nil, nil, err
	}
	records := make([]Record, len(ps))
	for i, p := range ps {
		records[i] = *p.rec
	}
	problems := append(specialFiles(dir), lint(dir, ps)...)
	sortProblems(problems)
	return records, problems, nil
}

// Lint returns the problems of every record in dir (see Load).
func Lint(dir string) ([]Problem, error) {
	_, problems, err := Load(dir)
	return problems, err
}

// Find returns the record with number n. More than one file with that
// number (a lint problem) gives the first by name.
func Find(dir string, n int) (*Record, error) {
	p, err := findParsed(dir, n)
	if err != nil {
		return nil, err
	}
	return p.rec, nil
}

func findParsed(dir string, n int) (*parsed, error) {
	names, err := recordFiles(dir)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if m, _, _, _ := parseFileName(name); m == n {
			path := filepath.Join(dir, name)
			raw, err := readFile(path)
			if err != nil {
				return nil, fmt.Errorf("reading %s: %w", path, unwrapPath(err))
			}
			return parse(path, raw), nil
		}
	}
	return nil, fmt.Errorf("no %s in %s", FormatID(n), dir)
}

// Status tells whether record id ("ADR-0007", "7") exists in dir and what
// its status is (Accepted, Superseded, ...; "" when the record states none
// that is known). It is what a suppression citing an ADR is checked with.
func Status(dir, id string) (status string, exists bool) {
	n, err := ParseID(id)
	if err != nil {
		return "", false
	}
	r, err := Find(dir, n)
	if err != nil {
		return "", false
	}
	return r.Status, true
}

// linkTarget resolves a link of a record to a local path, or "" for links
// that do not point at a file next to it (URLs, anchors, absolute paths).
func linkTarget(recordFile, dest string) string {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, `\`) {
		return ""
	}
	if u, err := url.Parse(dest); err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	target, _, _ := strings.Cut(dest, "#")
	target, _, _ = strings.Cut(target, "?")
	if t, err := url.PathUnescape(target); err == nil {
		target = t
	}
	if target == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(recordFile), filepath.FromSlash(target))
}
