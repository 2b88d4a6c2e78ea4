package adr

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/bulwarkhq/bulwark/scanners/safeio"
	"github.com/bulwarkhq/bulwark/templates"
)

// Ref names another record in a template: {{.ID}} and {{.File}}.
type Ref struct {
	ID   string
	File string
}

// templateData is what a record template is executed with (documented in
// package templates).
type templateData struct {
	Number         int
	ID             string
	Title          string
	Status         string
	Date           string
	Deciders       []string
	Supersedes     []Ref
	Context        string
	Options        string
	Decision       string
	Positive       string
	Negative       string
	Neutral        string
	Implementation string
}

var templateFuncs = template.FuncMap{
	"yamlList": yamlList,
	"yaml":     yamlScalar,
	"refIDs": func(refs []Ref) []string {
		ids := make([]string, len(refs))
		for i, r := range refs {
			ids[i] = r.ID
		}
		return ids
	},
}

var plainYAML = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._@/()+-]*$`)

// yamlScalar writes s as a YAML scalar that reads back as the same string,
// plain when that is safe and double-quoted otherwise.
func yamlScalar(s string) string {
	switch strings.ToLower(s) {
	case "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n":
		return strconv.Quote(s)
	}
	if plainYAML.MatchString(s) && strings.TrimSpace(s) == s {
		return s
	}
	return strconv.Quote(s)
}

// yamlList writes a YAML flow list: [a, "b, c"].
func yamlList(items []string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = yamlScalar(s)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// recordTemplate loads the template a record is made from: --template,
// else DIR/template.md, else the embedded default.
func (o Options) recordTemplate() (*template.Template, error) {
	name, src := "", []byte(nil)
	var err error
	switch {
	case o.Template != "":
		name = o.Template
		src, err = readFile(o.Template)
	default:
		name = filepath.Join(o.dir(), templateName)
		src, err = readFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			name = "embedded " + templates.ADRDefault
			src, err = fs.ReadFile(templates.FS, templates.ADRDefault)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("ADR template: %w", err)
	}
	t, err := template.New(name).Funcs(templateFuncs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("ADR template %w", err)
	}
	return t, nil
}

// render executes the template and checks that the result is a record of
// that number and title.
func render(t *template.Template, d templateData) ([]byte, error) {
	var b bytes.Buffer
	shown := d
	shown.Title = escapeMarkdown(d.Title) // the parser reads it back as d.Title
	if err := t.Execute(&b, shown); err != nil {
		return nil, fmt.Errorf("ADR template %w", err)
	}
	name, err := FileName(d.Number, d.Title)
	if err != nil {
		return nil, err
	}
	p := parse(name, b.Bytes())
	if p.h1Line == 0 || p.rec.Title != d.Title || !h1Pattern.MatchString(p.h1Text) {
		return nil, fmt.Errorf("ADR template %s does not produce a record: it must write the title line \"# {{.ID}}: {{.Title}}\"", t.Name())
	}
	return b.Bytes(), nil
}

// safeJoin is the path of a file directly inside dir. name must be a plain
// file name: no separator, no "..", not absolute.
func safeJoin(dir, name string) (string, error) {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`+"\x00") ||
		filepath.IsAbs(name) || filepath.VolumeName(name) != "" || filepath.Base(name) != name {
		return "", fmt.Errorf("%q is not a file name inside the ADR folder", name)
	}
	p := filepath.Join(dir, name)
	if filepath.Dir(p) != filepath.Clean(dir) {
		return "", fmt.Errorf("%q is not inside the ADR folder %s", name, dir)
	}
	return p, nil
}

// inside checks that path is a file directly inside dir.
func inside(dir, path string) error {
	if filepath.Dir(filepath.Clean(path)) != filepath.Clean(dir) {
		return fmt.Errorf("refusing to write %s: it is not inside the ADR folder %s", path, dir)
	}
	_, err := safeJoin(dir, filepath.Base(path))
	return err
}

// writeAtomic replaces path, a file inside dir, with data: a temp file in
// the same folder, then a rename, so a reader never sees half a file; the
// file keeps its mode. A symbolic link at path is replaced, not followed:
// the folder may be a hostile checkout's, and nothing is written outside it.
func writeAtomic(dir, path string, data []byte) error {
	if err := inside(dir, path); err != nil {
		return err
	}
	if err := safeio.ReplaceFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// staleReservation is how old a number reservation left by a crashed run
// must be before another run takes the number over.
const staleReservation = time.Minute

// createRecord writes a new record with the next free number. The number
// is reserved with an O_CREATE|O_EXCL lock file (.adr-NNNN.lock) held
// while the folder is checked for a record of that number and the record
// itself is created with O_CREATE|O_EXCL; a reservation or a record that
// already exists moves on to the next number. So concurrent runs in one
// folder never produce one number twice, and no file is ever overwritten.
func createRecord(dir, slug string, content func(n int) ([]byte, error)) (string, int, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return "", 0, fmt.Errorf("no ADR folder %s: run bulwark adr init %s", dir, dir)
	}
	n, err := maxNumber(dir)
	if err != nil {
		return "", 0, err
	}
	retried := map[int]bool{}
	for n++; n <= MaxNumber; n++ {
		lock, err := safeJoin(dir, fmt.Sprintf(".adr-%04d.lock", n))
		if err != nil {
			return "", 0, err
		}
		f, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if errors.Is(err, fs.ErrExist) {
			if info, serr := os.Stat(lock); serr == nil && time.Since(info.ModTime()) > staleReservation && !retried[n] && !hasNumber(dir, n) {
				// Left by a run that died: free it and try this number again, once.
				retried[n] = true
				os.Remove(lock)
				n--
			}
			continue
		}
		if err != nil {
			return "", 0, fmt.Errorf("reserving %s in %s: %w", FormatID(n), dir, err)
		}
		f.Close()
		path, done, err := createNumbered(dir, slug, n, content)
		os.Remove(lock)
		if err != nil {
			return "", 0, err
		}
		if done {
			return path, n, nil
		}
	}
	return "", 0, fmt.Errorf("%s is full: record numbers stop at %d", dir, MaxNumber)
}

// createNumbered creates record n while its reservation is held; done is
// false when the number turned out to be taken.
func createNumbered(dir, slug string, n int, content func(int) ([]byte, error)) (string, bool, error) {
	if hasNumber(dir, n) {
		return "", false, nil
	}
	data, err := content(n)
	if err != nil {
		return "", false, err
	}
	path, err := safeJoin(dir, fmt.Sprintf("%04d-%s.md", n, slug))
	if err != nil {
		return "", false, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("creating %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return "", false, fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return "", false, fmt.Errorf("writing %s: %w", path, err)
	}
	return path, true, nil
}

// maxNumber is the highest record number in dir (0 for none).
func maxNumber(dir string) (int, error) {
	names, err := recordFiles(dir)
	if err != nil {
		return 0, err
	}
	max := 0
	for _, name := range names {
		if n, _, _, _ := parseFileName(name); n > max {
			max = n
		}
	}
	return max, nil
}

// hasNumber reports whether dir holds a record numbered n.
func hasNumber(dir string, n int) bool {
	names, _ := recordFiles(dir)
	for _, name := range names {
		if m, _, _, _ := parseFileName(name); m == n {
			return true
		}
	}
	return false
}

// newRecord creates a record from the template with d's content; it fills
// the number, id and date, then calls fill (if any) once the number is
// known, for content that cites the record's own id.
func (o Options) newRecord(d templateData, fill ...func(*templateData)) (string, int, error) {
	d.Title = strings.TrimSpace(d.Title)
	if err := checkTitle(d.Title); err != nil {
		return "", 0, err
	}
	slug, _ := Slug(d.Title)
	status, err := o.status()
	if err != nil {
		return "", 0, err
	}
	if d.Status == "" {
		d.Status = status
	}
	d.Date = o.today()
	for _, who := range o.Deciders {
		if who = strings.TrimSpace(who); who != "" {
			d.Deciders = append(d.Deciders, who)
		}
	}
	t, err := o.recordTemplate()
	if err != nil {
		return "", 0, err
	}
	// Check the template before reserving a number.
	number := func(d templateData, n int) templateData {
		d.Number, d.ID = n, FormatID(n)
		for _, f := range fill {
			f(&d)
		}
		return d
	}
	if _, err := render(t, number(d, 1)); err != nil {
		return "", 0, err
	}
	return createRecord(o.dir(), slug, func(n int) ([]byte, error) {
		return render(t, number(d, n))
	})
}

func (o Options) status() (string, error) {
	if o.Status == "" {
		return StatusProposed, nil
	}
	s := CanonicalStatus(o.Status)
	switch s {
	case "":
		return "", fmt.Errorf("unknown status %q: use %s", o.Status, strings.Join(Statuses[:4], ", "))
	case StatusSuperseded:
		return "", fmt.Errorf("a new record cannot start as Superseded: use bulwark adr supersede")
	}
	return s, nil
}

// New creates the next record of the folder with the given title, from
// the template, with status Proposed (or o.Status) and today's date. It
// returns the new file's path.
func New(o Options, title string) (string, error) {
	path, _, err := o.newRecord(templateData{Title: title})
	if err != nil {
		return "", err
	}
	return path, refreshIndex(o.dir())
}

// Init creates the ADR folder, its README with an index, and record 0001
// "Record architecture decisions" (Accepted) when the folder has no record
// yet. It returns the files it created or updated.
func Init(o Options) ([]string, error) {
	dir := o.dir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	var out []string
	if n, err := maxNumber(dir); err != nil {
		return nil, err
	} else if n == 0 {
		o.Status = StatusAccepted
		path, _, err := o.newRecord(firstRecord())
		if err != nil {
			return nil, err
		}
		out = append(out, path)
	}
	readme, _ := safeJoin(dir, readmeName)
	before, _ := readFile(readme)
	if _, err := Index(dir); err != nil {
		return out, err
	}
	if after, _ := readFile(readme); !bytes.Equal(before, after) {
		out = append(out, readme)
	}
	return out, nil
}

// firstRecord is the content of 0001.
func firstRecord() templateData {
	return templateData{
		Title: "Record architecture decisions",
		Context: "We need to record the architecturally significant decisions of this project: the\n" +
			"choices that shape its structure, its reliability and its cost, and that are\n" +
			"expensive to reverse. Without a record, the reasons are lost when people move\n" +
			"on, decisions are re-argued, and exceptions to policy (a suppressed finding,\n" +
			"a workload run below its tier) have nobody accountable for them.",
		Options: "1. Keep no record: the code and the commit history are the documentation.\n" +
			"2. A wiki page or a shared document per decision, outside the repository.\n" +
			"3. Architecture decision records as Markdown files in the repository, one per\n" +
			"   decision, in the format of this record, checked by `bulwark adr lint`.",
		Decision: "We will record architecture decisions as ADRs in this folder (option 3), one\n" +
			"file per decision named `NNNN-kebab-title.md`, with the sections of this record\n" +
			"and a front matter giving the status, date and deciders. A record is never\n" +
			"renumbered or deleted: a decision that no longer holds is Deprecated or\n" +
			"Superseded by a newer record.",
		Positive: "- Decisions and their reasons live next to the code and are reviewed with it.\n" +
			"- A suppression of a policy finding can cite the decision that accepts the risk.",
		Negative: "- Writing a record takes time at the moment of the decision.",
		Neutral:  "- Records are Markdown; any editor and any code host can show them.",
		Implementation: "- `bulwark adr new \"Title\"` starts a record; `bulwark adr supersede N \"Title\"`\n" +
			"  replaces one.\n" +
			"- `bulwark adr lint` runs in CI; `bulwark adr index` keeps the README's table current.",
	}
}
