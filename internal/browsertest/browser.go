// Package browsertest drives a real headless Chromium against a running loket, for tests of the journeys
// people make (resident site, staff console, chat). It starts the app on a real listener, opens a tab, runs
// axe-core on a page and keeps a screenshot of the page when a test fails.
package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"loket/internal/app"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/store/storetest"
)

// SkipEnv is the environment variable that skips the browser tests on a machine without Chromium.
const SkipEnv = "LOKET_SKIP_BROWSER"

// ArtifactsEnv names a directory for the screenshots of failed tests; CI can upload it. Without it they go
// to a new directory under the system temporary directory, which outlives the test (t.TempDir does not).
const ArtifactsEnv = "LOKET_BROWSER_ARTIFACTS"

// Site is a running loket with the demo knowledge base, served on a real TCP listener.
type Site struct {
	URL string // base URL, without a trailing slash
	App *app.App
}

// StartDemo imports the demo knowledge base into a fresh store of the given dialect and serves loket on a
// free port on 127.0.0.1 until the test ends.
func StartDemo(t testing.TB, dialect string, settings ...func(*config.Config)) *Site {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, dialect)
	articles, err := demo.Articles()
	if err != nil {
		t.Fatalf("decode demo knowledge base: %v", err)
	}
	if _, err := st.ImportArticles(ctx, articles, "browsertest"); err != nil {
		t.Fatalf("import demo knowledge base: %v", err)
	}
	if err := demo.SaveMunicipality(ctx, st); err != nil {
		t.Fatalf("demo municipality settings: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	cfg := config.Config{DB: st.DSN(), Addr: ln.Addr().String(), DataDir: t.TempDir(), LogLevel: "warn"}
	for _, set := range settings {
		set(&cfg)
	}
	if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
		t.Fatalf("config: %v", err)
	}
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		ln.Close()
		t.Fatalf("open app: %v", err)
	}
	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.ServeListener(serveCtx, ln) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if err := a.Close(); err != nil {
			t.Errorf("close app: %v", err)
		}
	})
	return &Site{URL: cfg.BaseURL, App: a}
}

// NewTab starts a fresh headless Chromium for the test and returns the context of one tab in it, which
// ends after timeout. When the test ends the browser stops; a failed test first gets a screenshot and the
// HTML of the page, and any uncaught JavaScript exception or browser console error fails the test.
//
// Without Chromium the test fails, unless LOKET_SKIP_BROWSER=1 asks to skip the browser tests.
func NewTab(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	chromium := chromiumPath(t)
	var output lockedBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// A click lands where the element was when it started: a scroll still animating from the typing
		// before it moved the button away between mouse down and up, so the form was never sent.
		chromedp.Flag("disable-smooth-scrolling", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&output),
	)
	allocCtx, stopBrowser := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(stopBrowser)
	tabCtx, closeTab := chromedp.NewContext(allocCtx)
	t.Cleanup(closeTab)
	// The first Run starts the browser; it must not have a deadline, or the deadline stops the browser.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start %s: %v\n%s", chromium, err, output.String())
	}
	console, err := watchConsole(tabCtx)
	if err != nil {
		t.Fatalf("watch the browser console: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, timeout)
	t.Cleanup(func() {
		cancel()
		for _, m := range console.errors() {
			t.Errorf("browser console: %s", m)
		}
		if t.Failed() {
			keepEvidence(t, tabCtx)
		}
	})
	return ctx
}

func chromiumPath(t testing.TB) string {
	t.Helper()
	if os.Getenv(SkipEnv) == "1" {
		t.Skipf("%s=1: browser tests skipped", SkipEnv)
	}
	for _, name := range []string{"chromium", "/usr/bin/chromium"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Fatalf("Chromium is not installed: the browser tests need it (Debian: apt-get install chromium). "+
		"Set %s=1 to skip them on purpose.", SkipEnv)
	return ""
}

// consoleLog collects what the page reports as broken: uncaught exceptions, console errors (a script
// error, a Content-Security-Policy violation) and failed loads of stylesheets, scripts, images, fonts and
// fetches. The status of the page itself is for the test to check: a form with an error answers 422 on
// purpose, and the browser's own request for /favicon.ico is no part of the page.
type consoleLog struct {
	mu   sync.Mutex
	msgs []string
}

func watchConsole(ctx context.Context) (*consoleLog, error) {
	c := &consoleLog{}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError && m.Source != "network" {
				c.add(fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
			}
		}
	}()
	err := chromedp.Listen(ctx, func(ev any) {
		if r, ok := ev.(*network.EventResponseReceived); ok && r.Response.Status >= 400 && subresource[r.Type] {
			c.add(fmt.Sprintf("%s %s: status %d", r.Type, r.Response.URL, r.Response.Status))
		}
	})
	return c, err
}

var subresource = map[network.ResourceType]bool{
	network.ResourceTypeStylesheet: true, network.ResourceTypeScript: true, network.ResourceTypeImage: true,
	network.ResourceTypeFont: true, network.ResourceTypeFetch: true, network.ResourceTypeXHR: true,
}

func (c *consoleLog) add(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, msg)
}

func (c *consoleLog) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.msgs...)
}

// keepEvidence saves a screenshot and the HTML of the page a failed test ended on, and logs where.
func keepEvidence(t testing.TB, tabCtx context.Context) {
	ctx, cancel := context.WithTimeout(tabCtx, 5*time.Second)
	defer cancel()
	dir := os.Getenv(ArtifactsEnv)
	var err error
	if dir == "" {
		dir, err = os.MkdirTemp("", "loket-browsertest-")
	} else {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	base := filepath.Join(dir, unsafeFileChars.ReplaceAllString(t.Name(), "_"))
	location, _ := chromedp.Run(ctx, chromedp.Location())
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(base+".png", png, 0o644)
	}
	if err != nil {
		t.Logf("no screenshot of %s: %v", location, err)
		return
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); err == nil {
		os.WriteFile(base+".html", []byte(html), 0o644)
	}
	t.Logf("the page at failure (%s): %s.png and %s.html", location, base, base)
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// lockedBuffer collects the browser's output, which arrives on another goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Violation is an axe-core rule that the page breaks, with the elements that break it.
type Violation struct {
	Rule    string          `json:"id"`
	Impact  string          `json:"impact"`
	Help    string          `json:"help"`
	HelpURL string          `json:"helpUrl"`
	Nodes   []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that breaks a rule.
type ViolationNode struct {
	Target  string `json:"target"` // CSS selector
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// axeScript runs axe-core on the whole document and returns its violations in the shape of Violation.
const axeScript = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({
		target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : String(t)).join(", "),
		html: n.html, summary: n.failureSummary || ""
	}))
})))`

// SeriousViolations injects axe-core into the current page and returns the violations with impact
// "serious" or "critical". axe-core is never part of the pages loket serves.
func SeriousViolations(ctx context.Context) ([]Violation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+"\n;typeof axe === 'object'")); err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](axeScript, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var serious []Violation
	for _, v := range all {
		if v.Impact == "serious" || v.Impact == "critical" {
			serious = append(serious, v)
		}
	}
	return serious, nil
}

// CheckAccessibility fails the test, naming the rules and elements, when axe-core finds a serious or
// critical violation on the current page; page says which page it is in the message.
func CheckAccessibility(t testing.TB, ctx context.Context, page string) {
	t.Helper()
	violations, err := SeriousViolations(ctx)
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	if len(violations) > 0 {
		t.Errorf("%s: %d serious or critical accessibility violations:\n%s", page, len(violations), FormatViolations(violations))
	}
}

// FormatViolations lists violations with their elements, one per line, for a failure message.
func FormatViolations(violations []Violation) string {
	var b strings.Builder
	for _, v := range violations {
		fmt.Fprintf(&b, "- %s (%s): %s <%s>\n", v.Rule, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    %s: %s\n      %s\n", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
	}
	return b.String()
}

// axeSource is the vendored axe-core, read once from the source tree next to this package.
var axeSource = sync.OnceValues(func() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("find axe-core: no source path for package browsertest")
	}
	path := filepath.Join(filepath.Dir(file), "..", "web", "render", "static", "vendor", "axe-core", "axe.min.js")
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read axe-core: %w", err)
	}
	return string(b), nil
})
