package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"loket/internal/kb"
	"loket/internal/store"
)

// Checker checks the links of every article and stores the results.
type Checker struct {
	Store   *store.Store
	BaseURL string // links to this host count as links within loket
	Log     *slog.Logger
	// Timeout bounds each request to another site; 10 seconds when zero.
	Timeout time.Duration
	// Concurrency is the number of requests to other sites at the same time; 8 when zero.
	Concurrency int
	// AllowPrivate lets the check reach loopback and private addresses. Off in production, so that a link
	// in an article cannot make loket probe its own network; tests turn it on for a local server.
	AllowPrivate bool
}

// Summary counts what one run found.
type Summary struct {
	Articles, Links, Broken int
}

// ErrRunning is returned when a check of every link is already running (on this or another instance).
var ErrRunning = errors.New("linkcheck: a check of every link is already running")

// progressEvery is how many links a run checks between two progress updates in the store.
const progressEvery = 10

// CheckAll checks the links in every article, draft or published, and replaces the stored results; by
// names who started it ("" for the background job). The run and its progress are recorded, so the
// console shows how far it is; ErrRunning when another run has not finished.
func (c *Checker) CheckAll(ctx context.Context, by string) (Summary, error) {
	articles, err := c.Store.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		return Summary{}, err
	}
	total := 0
	for _, a := range articles {
		total += len(Extract(a.Body))
	}
	started, err := c.Store.StartLinkRun(ctx, by, total)
	if err != nil {
		return Summary{}, err
	}
	if !started {
		return Summary{}, ErrRunning
	}
	sum, results, err := c.check(ctx, articles, true)
	if err != nil {
		return Summary{}, err
	}
	return sum, c.Store.FinishLinkRun(ctx, results)
}

// CheckArticle checks the links of one article now and replaces its stored results, for "Nu controleren"
// in the editor; it takes seconds, not the minutes of a full run.
func (c *Checker) CheckArticle(ctx context.Context, id string) (Summary, error) {
	a, err := c.Store.Article(ctx, id)
	if err != nil {
		return Summary{}, err
	}
	// The concept an editor is writing beside the published text counts too: that is where she just
	// typed a link.
	if draft, pending, err := c.Store.PendingDraft(ctx, id); err != nil {
		return Summary{}, err
	} else if pending {
		a.Body += "\n\n" + draft.Article.Body
	}
	articles, err := c.Store.ListArticles(ctx, store.ArticleFilter{PublishedOnly: true})
	if err != nil {
		return Summary{}, err
	}
	sum, results, err := c.checkLinks(ctx, []kb.Article{a}, articles, false)
	if err != nil {
		return Summary{}, err
	}
	return sum, c.Store.ReplaceArticleLinkResults(ctx, id, results)
}

// check checks the links of all articles; internal links are checked against the published ones.
func (c *Checker) check(ctx context.Context, articles []kb.Article, progress bool) (Summary, []store.LinkResult, error) {
	return c.checkLinks(ctx, articles, articles, progress)
}

// checkLinks checks the links of articles; known holds the articles that internal links may point to.
func (c *Checker) checkLinks(ctx context.Context, articles, known []kb.Article, progress bool) (Summary, []store.LinkResult, error) {
	published := map[string]kb.Article{}
	for _, a := range known {
		if a.Published() {
			published[a.ID] = a
		}
	}
	var results []store.LinkResult
	external := map[string][]int{} // URL -> indexes in results
	for _, a := range articles {
		for _, link := range Extract(a.Body) {
			r := store.LinkResult{ArticleID: a.ID, URL: link, OK: true}
			if path, internal := c.internalPath(link); internal {
				r.Problem = checkInternal(path, published)
				r.OK = r.Problem == ""
			} else {
				external[link] = append(external[link], len(results))
			}
			results = append(results, r)
		}
	}
	var report func(done int)
	if progress {
		internal := len(results) - countLinks(external)
		report = func(done int) {
			if err := c.Store.LinkRunProgress(ctx, internal+done); err != nil {
				c.Log.Warn("link check progress", "err", err)
			}
		}
		report(0)
	}
	c.checkExternal(ctx, external, results, report)
	if ctx.Err() != nil {
		return Summary{}, nil, ctx.Err() // a half-finished run must not replace the last complete one
	}
	sum := Summary{Articles: len(articles), Links: len(results)}
	at := time.Now().UTC()
	for i := range results {
		results[i].CheckedAt = at
		if !results[i].OK {
			sum.Broken++
		}
	}
	return sum, results, nil
}

// countLinks counts the links that use the external URLs.
func countLinks(byURL map[string][]int) int {
	n := 0
	for _, idx := range byURL {
		n += len(idx)
	}
	return n
}

// internalPath reports whether a link points into loket, and its path: relative links and links to
// the configured base URL.
func (c *Checker) internalPath(link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil {
		return "", false
	}
	if u.Scheme == "" && u.Host == "" {
		return u.Path, true
	}
	base, err := url.Parse(c.BaseURL)
	if err == nil && base.Host != "" && strings.EqualFold(u.Host, base.Host) {
		return u.Path, true
	}
	return "", false
}

// checkInternal returns why a link within loket is broken, or "" when it works.
func checkInternal(path string, published map[string]kb.Article) string {
	for _, prefix := range []string{"/producten/", "/vragen/"} {
		if id, ok := strings.CutPrefix(path, prefix); ok {
			if _, exists := published[strings.TrimSuffix(id, "/")]; !exists {
				return "Dit artikel bestaat niet of is niet gepubliceerd."
			}
			return ""
		}
	}
	if !strings.HasPrefix(path, "/") {
		return "Een link binnen de site moet met / beginnen, bijvoorbeeld /producten/paspoort."
	}
	return ""
}

// checkExternal requests every external URL once, a few at a time, and fills in the results that use it;
// report, when set, hears every progressEvery links how many external links are done.
func (c *Checker) checkExternal(ctx context.Context, byURL map[string][]int, results []store.LinkResult, report func(done int)) {
	done := 0
	client := c.client()
	n := c.Concurrency
	if n <= 0 {
		n = 8
	}
	limit := make(chan struct{}, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for link, idx := range byURL {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case limit <- struct{}{}:
			case <-ctx.Done():
				return
			}
			status, problem := c.fetch(ctx, client, link)
			<-limit
			mu.Lock()
			defer mu.Unlock()
			for _, i := range idx {
				results[i].Status, results[i].Problem, results[i].OK = status, problem, problem == ""
			}
			before := done / progressEvery
			done += len(idx)
			if report != nil && done/progressEvery != before {
				report(done)
			}
		}()
	}
	wg.Wait()
}

// fetch asks for a URL with HEAD, and with GET when the server does not answer HEAD properly.
func (c *Checker) fetch(ctx context.Context, client *http.Client, link string) (int, string) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return 0, "Dit is geen geldig webadres (het moet met http:// of https:// beginnen)."
	}
	status, err := c.request(ctx, client, http.MethodHead, link)
	if err != nil || status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented || status == http.StatusForbidden {
		status, err = c.request(ctx, client, http.MethodGet, link)
	}
	switch {
	case errors.Is(err, errPrivate):
		return 0, "Dit adres ligt in een intern netwerk; dat controleren we niet."
	case err != nil && ctx.Err() == nil && isTimeout(err):
		return 0, "De website antwoordt niet op tijd."
	case err != nil:
		return 0, "De website is niet bereikbaar."
	case status == http.StatusNotFound || status == http.StatusGone:
		return status, fmt.Sprintf("De pagina bestaat niet (meer) (status %d).", status)
	case status >= 400:
		return status, fmt.Sprintf("De website geeft een foutmelding (status %d).", status)
	}
	return status, ""
}

func (c *Checker) request(ctx context.Context, client *http.Client, method, link string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, link, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "loket-linkcheck/1 (+"+c.BaseURL+")")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

var errPrivate = errors.New("linkcheck: private address")

// client builds an HTTP client with the timeout and, unless allowed, a dialer that refuses private addresses.
func (c *Checker) client() *http.Client {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	dialer := &net.Dialer{Timeout: timeout}
	if !c.AllowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			ip := net.ParseIP(host)
			if err != nil || ip == nil || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() {
				return errPrivate
			}
			return nil
		}
	}
	transport := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: timeout,
		ResponseHeaderTimeout: timeout, MaxIdleConnsPerHost: 2, Proxy: nil}
	return &http.Client{Timeout: timeout, Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			return nil
		}}
}

// Run checks all links now and then at every interval until ctx ends; an interval of 0 does nothing.
func (c *Checker) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		return
	}
	for {
		start := time.Now()
		sum, err := c.CheckAll(ctx, "")
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, ErrRunning):
			c.Log.Info("link check skipped: another run is busy")
		case err != nil:
			c.Log.Error("link check", "err", err)
		default:
			c.Log.Info("link check done", "articles", sum.Articles, "links", sum.Links, "broken", sum.Broken,
				"ms", time.Since(start).Milliseconds())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
