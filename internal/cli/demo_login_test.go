package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/identity/identitytest"
)

// syncBuffer is a buffer the demo writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestDemoHasATestLogin: `loket demo` starts a test broker (a real OpenID Connect provider) beside it, so
// a newcomer logs in with test DigiD as Jan Jansen (BSN 999993653) and reaches Mijn loket, and signs in
// to the console through SSO as a test employee whose group gives the handler role; the pages say it is
// a test login, and the parking permit asks for DigiD.
func TestDemoHasATestLogin(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	var out syncBuffer
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runDemo(ctx, env{stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard, getenv: func(string) string { return "" }},
			[]string{"--db", filepath.Join(dir, "demo.db"), "--addr", addr, "--data-dir", filepath.Join(dir, "data"),
				"--smtp-addr", freeAddr(t), "--log-level", "error"})
	}()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("demo ended with %v", err)
		}
	})
	// Wait until the demo answers (it first loads its content); each try is a real request, not a pause.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(base + "/inloggen")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-done:
			t.Fatalf("demo stopped: %v\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the demo did not answer: %v\n%s", err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	issuer := regexp.MustCompile(`test broker (http://[0-9.:]+)\)`).FindStringSubmatch(out.String())
	if issuer == nil || !strings.Contains(out.String(), base+"/inloggen") {
		t.Fatalf("the demo does not say how to log in:\n%s", out.String())
	}

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	page := func(resp *http.Response, err error) (string, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s\n%.400s", resp.Request.URL, resp.Status, b)
		}
		return resp.Request.URL.String(), string(b)
	}
	if _, body := page(c.Get(base + "/inloggen")); !strings.Contains(body, `id="testinlog"`) {
		t.Error("loket's login page does not say it is a test login")
	}
	// Resident: DigiD at the test broker, as Jan Jansen at level Midden.
	at, body := page(c.Get(base + "/inloggen/digid?terug=/mijn-loket"))
	if !strings.HasPrefix(at, issuer[1]+"/inloggen?id=") || !strings.Contains(body, "Testinlog van de demo") ||
		!strings.Contains(body, "Jan Jansen (DigiD) — BSN "+identitytest.ResidentBSN) || !strings.Contains(body, "DigiD Midden") {
		t.Fatalf("broker login page at %s:\n%.1500s", at, body)
	}
	u, _ := url.Parse(at)
	at, body = page(c.PostForm(issuer[1]+"/inloggen", url.Values{"id": {u.Query().Get("id")}, "persoon": {"jan"}, "niveau": {identitytest.ACR("midden")}}))
	if at != base+"/mijn-loket" || !strings.Contains(body, "Jan Jansen") {
		t.Fatalf("after the test DigiD login at %s:\n%.600s", at, body)
	}
	// A product that needs DigiD sends a visitor without login to the login page.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(base + "/producten/parkeervergunning/aanvragen")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/inloggen?") || !strings.Contains(loc, "digid=midden") {
		t.Errorf("parking permit without login: %s to %q, want the DigiD Midden login", resp.Status, loc)
	}

	// Staff: SSO at the same test broker, as Mira Medewerker (group loket-behandelaars: handler).
	staffJar, _ := cookiejar.New(nil)
	s := &http.Client{Jar: staffJar}
	if _, body := page(s.Get(base + "/beheer/inloggen")); !strings.Contains(body, `id="testinlog"`) || !strings.Contains(body, `id="inloggen-sso"`) {
		t.Error("the console's sign-in page does not offer the test SSO")
	}
	at, _ = page(s.Get(base + "/beheer/inloggen/sso?terug=/beheer/aanvragen"))
	u, _ = url.Parse(at)
	at, body = page(s.PostForm(issuer[1]+"/inloggen", url.Values{"id": {u.Query().Get("id")}, "persoon": {"medewerker"}}))
	if at != base+"/beheer/aanvragen" || strings.Contains(body, `id="wachtwoord"`) {
		t.Fatalf("after the test SSO sign-in at %s:\n%.600s", at, body)
	}
}
