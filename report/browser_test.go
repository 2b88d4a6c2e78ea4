package report

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// screenshots, when set, is the folder where TestHTMLInBrowser saves the
// top of the examples report at a desktop's and a phone's width
// (report-desktop.png, report-phone.png): docs/ holds them, made with
// go test ./report -run TestHTMLInBrowser -screenshots ../docs.
var screenshots = flag.String("screenshots", "", "save screenshots of the examples report to this folder")

// The widths the report is checked at, and the heights of the examples
// report before it was reorganized (every section open, a finding listed
// under each practice it cites): the page must now be far shorter.
const (
	desktopWidth, phoneWidth               = 1400, 390
	desktopHeightBefore, phoneHeightBefore = 52330, 114234
)

// chromium finds the browser. It skips the test when there is none,
// unless CI is set: there a missing browser is a broken CI machine.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed, and CI is set: .ci/run must install it (apt-get install -y chromium)")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium); set CI to make this a failure")
	return ""
}

// browser is headless Chromium driven over the DevTools protocol on a
// pipe (--remote-debugging-pipe: commands on fd 3, replies and events on
// fd 4, each a JSON message ending in a NUL byte): no port, no websocket,
// only the standard library.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      io.WriteCloser
	session string
	stderr  bytes.Buffer

	mu      sync.Mutex
	nextID  int
	waiting map[int]chan cdpMessage
	events  []cdpMessage
	eventCh chan struct{}
}

type cdpMessage struct {
	ID        int                       `json:"id,omitempty"`
	Method    string                    `json:"method,omitempty"`
	Params    json.RawMessage           `json:"params,omitempty"`
	Result    json.RawMessage           `json:"result,omitempty"`
	Error     *struct{ Message string } `json:"error,omitempty"`
	SessionID string                    `json:"sessionId,omitempty"`
}

func startBrowser(t *testing.T, path string) *browser {
	t.Helper()
	cmdR, cmdW, err := os.Pipe()
	require.NoError(t, err)
	resR, resW, err := os.Pipe()
	require.NoError(t, err)
	b := &browser{t: t, in: cmdW, waiting: map[int]chan cdpMessage{}, eventCh: make(chan struct{}, 1)}
	b.cmd = exec.Command(path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--disable-default-apps", "--hide-scrollbars", "--mute-audio",
		"--host-resolver-rules=MAP * ~NOTFOUND", // nothing leaves the machine, even if the page tried
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	b.cmd.ExtraFiles = []*os.File{cmdR, resW} // fd 3, fd 4
	b.cmd.Stderr = &b.stderr
	require.NoError(t, b.cmd.Start())
	cmdR.Close()
	resW.Close()
	go b.read(resR)
	t.Cleanup(func() {
		b.in.Close()
		done := make(chan struct{})
		go func() { b.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			b.cmd.Process.Kill()
			<-done
		}
		resR.Close()
	})

	var target struct{ TargetID string }
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	for _, domain := range []string{"Page", "Network", "Runtime", "Log"} {
		b.call(b.session, domain+".enable", nil, nil)
	}
	return b
}

func (b *browser) read(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if ch, ok := b.waiting[m.ID]; ok && m.ID != 0 {
			delete(b.waiting, m.ID)
			ch <- m
		} else if m.Method != "" {
			b.events = append(b.events, m)
			select {
			case b.eventCh <- struct{}{}:
			default:
			}
		}
		b.mu.Unlock()
	}
}

// call sends a command and decodes its result into out (if not nil).
func (b *browser) call(session, method string, params, out any) {
	b.t.Helper()
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMessage, 1)
	b.waiting[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	require.NoError(b.t, err)
	_, err = b.in.Write(append(data, 0))
	require.NoError(b.t, err, "writing to chromium; its stderr:\n%s", b.stderr.String())
	select {
	case m := <-ch:
		if m.Error != nil {
			b.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if out != nil {
			require.NoError(b.t, json.Unmarshal(m.Result, out), method)
		}
	case <-time.After(30 * time.Second):
		b.t.Fatalf("%s: no reply from chromium in 30 s; its stderr:\n%s", method, b.stderr.String())
	}
}

// mark is the number of events so far, for waitEvent.
func (b *browser) mark() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.events)
}

// waitEvent waits for an event of the page's session after the first
// `from` events.
func (b *browser) waitEvent(method string, from int) {
	b.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		b.mu.Lock()
		for _, e := range b.events[from:] {
			if e.Method == method && e.SessionID == b.session {
				b.mu.Unlock()
				return
			}
		}
		b.mu.Unlock()
		select {
		case <-b.eventCh:
		case <-deadline:
			b.t.Fatalf("no %s event in 30 s", method)
		}
	}
}

// eval runs a JavaScript expression in the page and decodes its value.
func (b *browser) eval(expr string, out any) {
	b.t.Helper()
	var res struct {
		Result           struct{ Value json.RawMessage }
		ExceptionDetails *struct{ Text string }
	}
	b.call(b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res)
	require.Nil(b.t, res.ExceptionDetails, "evaluating %s", expr)
	require.NoError(b.t, json.Unmarshal(res.Result.Value, out), expr)
}

func (b *browser) viewport(width, height int, mobile bool) {
	b.t.Helper()
	b.call(b.session, "Emulation.setDeviceMetricsOverride",
		map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, nil)
}

// problems are the console messages, script errors, failed loads and
// network requests other than the page itself.
func (b *browser) problems(pageURL string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, e := range b.events {
		var p struct {
			Request          struct{ URL string }
			Type             string
			Args             []struct{ Value any }
			Entry            struct{ Level, Text, URL string }
			ExceptionDetails struct {
				Text      string
				Exception struct{ Description string }
			}
			ErrorText string
		}
		_ = json.Unmarshal(e.Params, &p)
		switch e.Method {
		case "Network.requestWillBeSent":
			if p.Request.URL != pageURL {
				out = append(out, "network request: "+p.Request.URL)
			}
		case "Network.loadingFailed":
			out = append(out, "loading failed: "+p.ErrorText)
		case "Runtime.consoleAPICalled":
			out = append(out, fmt.Sprintf("console.%s: %v", p.Type, p.Args))
		case "Runtime.exceptionThrown":
			out = append(out, "uncaught: "+p.ExceptionDetails.Text+" "+p.ExceptionDetails.Exception.Description)
		case "Log.entryAdded":
			if p.Entry.Level == "error" || p.Entry.Level == "warning" {
				out = append(out, fmt.Sprintf("console %s: %s %s", p.Entry.Level, p.Entry.Text, p.Entry.URL))
			}
		}
	}
	return out
}

// pageFacts is what the test asks the rendered page.
type pageFacts struct {
	Lang, Title         string
	Headings            []string // "h2 Executive summary"
	Tables, Captions    int
	HeaderCells, Scoped int
	Charts, Labelled    int
	Scripts, External   int
	ScrollWidth, Width  int
	NavDisplay          string
}

const pageFactsJS = `(() => {
  const q = s => Array.from(document.querySelectorAll(s));
  const ext = q('[src], link[href]').filter(e => /^(https?:)?\/\//.test(e.getAttribute('src') || e.getAttribute('href') || ''));
  return {
    lang: document.documentElement.lang, title: document.title,
    headings: q('h1,h2,h3,h4,h5,h6').map(h => h.tagName.toLowerCase() + ' ' + h.textContent.trim().replace(/\s+/g, ' ')),
    tables: q('table').length, captions: q('table > caption').length,
    headerCells: q('th').length, scoped: q('th[scope]').length,
    charts: q('svg').length, labelled: q('svg[role=img][aria-labelledby]').filter(s => s.querySelector('title') && s.querySelector('desc')).length,
    scripts: q('script').length, external: ext.length,
    scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
    navDisplay: getComputedStyle(document.querySelector('nav')).display,
  };
})()`

func (b *browser) facts() pageFacts {
	b.t.Helper()
	var f pageFacts
	b.eval(pageFactsJS, &f)
	return f
}

// layoutJS measures the page with every <details> open: the widest
// element's right edge, and the texts (captions, summaries, headings,
// header cells, labels) wrapped to about one word per line, which a
// narrow column does to them.
const layoutJS = `(() => {
  const q = s => Array.from(document.querySelectorAll(s));
  const closed = q('details:not([open])');
  closed.forEach(d => d.open = true);
  const right = Math.max(...q('body *').map(e => e.getBoundingClientRect().right));
  const cramped = q('caption, figcaption, summary, h2, h3, h4, thead th:not(.heat-col), .risk-title, .rc-name, .legend, .tile .what')
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > 0; })
    .map(e => {
      const words = e.textContent.trim().split(/\s+/).length;
      const cs = getComputedStyle(e);
      const lh = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.2;
      // The content's height: a table cell's padding is no line of text.
      const pad = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
      const lines = Math.round((e.getBoundingClientRect().height - pad) / lh);
      return {words, lines, width: Math.round(e.getBoundingClientRect().width), text: e.textContent.trim().replace(/\s+/g, ' ').slice(0, 60)};
    })
    .filter(m => m.words >= 4 && m.lines >= 3 && m.words / m.lines < 1.6);
  closed.forEach(d => d.open = false);
  return {right: Math.round(right), cramped};
})()`

type layout struct {
	Right   int
	Cramped []struct {
		Words, Lines, Width int
		Text                string
	}
}

// TestHTMLInBrowser opens the examples report in headless Chromium at a
// desktop's and a phone's width and checks that it renders with no
// console error and no network request, that its structure is
// accessible, that it fits the width with no text squeezed to a word per
// line, that it is far shorter than it was, and that it prints.
func TestHTMLInBrowser(t *testing.T) {
	path := chromium(t)
	shots := ""
	if *screenshots != "" {
		var err error
		shots, err = filepath.Abs(*screenshots) // before examplesReport changes directory
		require.NoError(t, err)
	}
	var html bytes.Buffer
	require.NoError(t, WriteHTML(&html, examplesReport(t)))
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, html.Bytes(), 0o644))
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()

	b := startBrowser(t, path)
	b.viewport(desktopWidth, 900, false)
	from := b.mark()
	b.call(b.session, "Page.navigate", map[string]any{"url": pageURL}, nil)
	b.waitEvent("Page.loadEventFired", from)
	time.Sleep(300 * time.Millisecond) // anything late would show in the events

	f := b.facts()
	assert.Equal(t, "en", f.Lang)
	assert.Contains(t, f.Title, "Reliability report")
	assert.Zero(t, f.Scripts, "the report has no script")
	assert.Zero(t, f.External, "the report loads nothing from elsewhere")
	assert.Equal(t, f.Tables, f.Captions, "every table has a caption")
	assert.Equal(t, f.HeaderCells, f.Scoped, "every header cell has a scope")
	assert.Equal(t, f.Charts, f.Labelled, "every SVG is an image with a title and a description")
	checkHeadings(t, f.Headings)
	for i := 1; i <= 13; i++ {
		assert.Contains(t, strings.Join(f.Headings, "\n"), fmt.Sprintf("h4 REL %d", i))
	}
	var charts struct{ Heat, Recovery int }
	b.eval(`({heat: document.querySelectorAll('table.heat tbody tr').length, recovery: document.querySelectorAll('.rc-rows li').length})`, &charts)
	assert.Positive(t, charts.Heat, "the chart of findings by folder and concern")
	assert.Positive(t, charts.Recovery, "the chart of recovery estimates against targets")

	for _, width := range []int{desktopWidth, phoneWidth} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			b.viewport(width, 900, width == phoneWidth)
			time.Sleep(200 * time.Millisecond)
			var height, scrollWidth int
			b.eval(`document.documentElement.scrollHeight`, &height)
			b.eval(`document.documentElement.scrollWidth`, &scrollWidth)
			before := desktopHeightBefore
			if width == phoneWidth {
				before = phoneHeightBefore
			}
			t.Logf("%d px wide: %d px tall (before: %d)", width, height, before)
			assert.Less(t, height, before/4, "the page is far shorter than it was")
			assert.LessOrEqual(t, scrollWidth, width, "no horizontal scrolling")

			var l layout
			b.eval(layoutJS, &l)
			assert.LessOrEqual(t, l.Right, width, "with every section open, nothing sticks out")
			assert.Empty(t, l.Cramped, "texts wrapped to about a word per line")

			if shots != "" {
				name := map[int]string{desktopWidth: "report-desktop.png", phoneWidth: "report-phone.png"}[width]
				var shot struct{ Data string }
				b.call(b.session, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
					"clip": map[string]any{"x": 0, "y": 0, "width": width, "height": min(height, map[int]int{desktopWidth: 4000, phoneWidth: 2600}[width]), "scale": 1}}, &shot)
				png, err := base64.StdEncoding.DecodeString(shot.Data)
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(filepath.Join(shots, name), png, 0o644))
				t.Logf("wrote %s (%d KB)", name, len(png)/1024)
			}
		})
	}

	b.call(b.session, "Emulation.setEmulatedMedia", map[string]any{"media": "print"}, nil)
	assert.Equal(t, "none", b.facts().NavDisplay, "the print style hides the navigation")
	var pdf struct{ Data string }
	b.call(b.session, "Page.printToPDF", map[string]any{"printBackground": true}, &pdf)
	assert.Greater(t, len(pdf.Data), 10000, "the report prints")

	assert.Empty(t, b.problems(pageURL), "console errors or network requests")
}

// checkHeadings checks there is one h1 and that no level is skipped on
// the way down.
func checkHeadings(t *testing.T, headings []string) {
	t.Helper()
	require.NotEmpty(t, headings)
	assert.True(t, strings.HasPrefix(headings[0], "h1 "), "the first heading is the h1: %s", headings[0])
	prev := 1
	for _, h := range headings[1:] {
		level := int(h[1] - '0')
		assert.NotEqual(t, 1, level, "one h1 only: %s", h)
		assert.LessOrEqual(t, level, prev+1, "heading level skipped at %q", h)
		prev = level
	}
}
