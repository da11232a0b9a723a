package contact_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/channel/email/mailtest"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/store"
)

// site is a loket with the demo knowledge base, its SMTP intake on loopback and a capturing relay.
type site struct {
	URL   string
	App   *app.App
	Relay *mailtest.Relay
	Token string       // an agent's API token
	Agent *http.Client // signed in to the console as that agent
}

// startSite serves loket on st (from storetest.Each) with the demo knowledge base.
func startSite(t *testing.T, st *store.Store) *site {
	t.Helper()
	ctx := context.Background()
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportArticles(ctx, articles, "test"); err != nil {
		t.Fatal(err)
	}
	relay := mailtest.StartRelay(t)
	cfg := config.Config{DB: st.DSN(), Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "warn",
		SMTPAddr: "127.0.0.1:0", SMTPRelay: relay.Addr, SMTPRecipients: []string{"info@voorbeeld.nl"}}
	cfg.Security.SMTPRelayTLS = "off" // the test relay speaks plain SMTP on loopback
	if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	s := &site{URL: srv.URL, App: a, Relay: relay}
	password, token := addAgent(t, a.Store, "kcc@voorbeeld.nl")
	s.Token = token
	jar, _ := cookiejar.New(nil)
	s.Agent = &http.Client{Jar: jar}
	resp, err := s.Agent.PostForm(srv.URL+"/beheer/inloggen", url.Values{"email": {"kcc@voorbeeld.nl"}, "wachtwoord": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("agent login: %d", resp.StatusCode)
	}
	return s
}

func addAgent(t *testing.T, st *store.Store, email string) (string, string) {
	t.Helper()
	ctx := context.Background()
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: email, Name: "Karin", Role: auth.RoleAgent},
		Team: "Team Klantcontact", PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken()
	if _, err := st.AddAPIToken(ctx, id, "test", auth.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	return password, token
}

// api calls the JSON API with the agent's token (or none when token is empty) and decodes the answer.
func (s *site) api(t *testing.T, method, path, token, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode
}

// page fetches a console page as the agent.
func (s *site) page(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := s.Agent.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// mailText builds a plain e-mail as a mail program sends it.
func mailText(headers map[string]string, body string) []byte {
	var b strings.Builder
	for _, k := range []string{"From", "To", "Subject", "Message-ID", "In-Reply-To", "References", "Date"} {
		if v, ok := headers[k]; ok {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	for k, v := range headers {
		switch k {
		case "From", "To", "Subject", "Message-ID", "In-Reply-To", "References", "Date":
		default:
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	if _, ok := headers["Content-Type"]; !ok {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n")
	}
	b.WriteString("\r\n" + strings.ReplaceAll(body, "\n", "\r\n"))
	return []byte(b.String())
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
