package browsertest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"loket/internal/identity/identitytest"
)

// TestRefusedLoginsShowADutchPage walks the login over HTTP (no browser needed) and checks the page
// the resident sees when loket refuses: a replayed return, a return in another browser than the one that
// started the login, and too low a level. The other refusals (issuer, audience, expiry, signature) are
// tested against the same provider in internal/identity.
func TestRefusedLoginsShowADutchPage(t *testing.T) {
	ls := startLoginSite(t)
	start := func(t *testing.T, path, person, level string) (*http.Client, string) {
		t.Helper()
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Get(ls.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		authURL := resp.Header.Get("Location")
		if !strings.HasPrefix(authURL, ls.broker.Issuer) {
			t.Fatalf("%s sent the browser to %q, want the broker", path, authURL)
		}
		back, err := ls.broker.Login(t.Context(), authURL, person, identitytest.ACR(level))
		if err != nil {
			t.Fatal(err)
		}
		return client, back
	}
	get := func(t *testing.T, client *http.Client, u string) (int, string) {
		t.Helper()
		resp, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	t.Run("replayed return", func(t *testing.T) {
		client, back := start(t, "/inloggen/digid?terug=/mijn-loket", "jan", "midden")
		if status, _ := get(t, client, back); status != http.StatusSeeOther {
			t.Fatalf("first return: %d, want a redirect into Mijn loket", status)
		}
		status, body := get(t, client, back)
		if status != http.StatusForbidden || !strings.Contains(body, "Deze inlogpoging is al gebruikt of verlopen.") || !strings.Contains(body, `lang="nl"`) {
			t.Errorf("replay: %d %q", status, excerpt(body))
		}
	})
	t.Run("another browser", func(t *testing.T) {
		_, back := start(t, "/inloggen/digid", "jan", "midden")
		other := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		if status, body := get(t, other, back); status != http.StatusForbidden || !strings.Contains(body, "al gebruikt of verlopen") {
			t.Errorf("return in a browser without the login cookie: %d %q", status, excerpt(body))
		}
	})
	t.Run("level too low", func(t *testing.T) {
		client, back := start(t, "/inloggen/digid?niveau=substantieel", "jan", "midden")
		status, body := get(t, client, back)
		if status != http.StatusForbidden || !strings.Contains(body, "U logde in met DigiD Midden. Voor deze dienst is minimaal DigiD Substantieel nodig.") {
			t.Errorf("too low: %d %q", status, excerpt(body))
		}
	})
	t.Run("unknown means", func(t *testing.T) {
		status, _ := get(t, http.DefaultClient, ls.URL+"/inloggen/irma")
		if status != http.StatusNotFound {
			t.Errorf("unknown means: %d", status)
		}
	})
	t.Run("no open redirect", func(t *testing.T) {
		client, back := start(t, "/inloggen/digid?terug="+url.QueryEscape("https://evil.example/"), "jan", "midden")
		resp, err := client.Get(back)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/mijn-loket" {
			t.Errorf("after login sent to %q, want /mijn-loket", loc)
		}
	})
}

func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	return body[:min(len(body), 600)]
}
