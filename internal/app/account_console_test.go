package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestAccountLifeCycleInTheConsole: an administrator blocks an agent (the agent's open session and token
// stop at once), unblocks them, changes their role, gives a new password and revokes their token; the
// agent changes their own password and stays signed in; a read-only token cannot change anything.
func TestAccountLifeCycleInTheConsole(t *testing.T) {
	srv, a := startWith(t, storetest.Open(t, store.SQLite), func(*config.Config) {})
	adminPW, _ := addStaff(t, a, "beheer@voorbeeld.nl", auth.RoleAdmin)
	agentPW, agentToken := addStaff(t, a, "kcc@voorbeeld.nl", auth.RoleAgent)
	admin := login(t, srv, "beheer@voorbeeld.nl", adminPW)
	agent := login(t, srv, "kcc@voorbeeld.nl", agentPW)
	u, _ := a.Store.StaffUserByEmail(t.Context(), "kcc@voorbeeld.nl")
	id := strconv.FormatInt(u.ID, 10)
	post := func(c *http.Client, path string, form url.Values) (int, string) {
		resp, err := c.PostForm(srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, bodyOf(t, resp)
	}
	api := func(token, method, path string) int {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(`{"state":"done"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	if code, page := post(admin, "/beheer/gebruikers/"+id+"/blokkeren", nil); code != 200 || !strings.Contains(page, "Alle sessies en tokens zijn beëindigd") {
		t.Fatalf("block: %d", code)
	}
	if resp, err := agent.Get(srv.URL + "/beheer"); err != nil || resp.Request.URL.Path != "/beheer/inloggen" {
		t.Fatalf("the blocked agent's session still works (%v)", err)
	}
	if code := api(agentToken, "GET", "/api/v1/me"); code != 401 {
		t.Fatalf("the blocked agent's token: %d, want 401", code)
	}
	if code, _ := post(admin, "/beheer/gebruikers/"+id+"/deblokkeren", nil); code != 200 {
		t.Fatalf("unblock: %d", code)
	}
	if code, page := post(admin, "/beheer/gebruikers/"+id+"/rol", url.Values{"rol": {"manager"}}); code != 200 || !strings.Contains(page, "De rol is veranderd") {
		t.Fatalf("role: %d", code)
	}
	self, _ := a.Store.StaffUserByEmail(t.Context(), "beheer@voorbeeld.nl")
	if code, page := post(admin, "/beheer/gebruikers/"+strconv.FormatInt(self.ID, 10)+"/blokkeren", nil); code != 409 || !strings.Contains(page, "eigen account") {
		t.Fatalf("blocking oneself: %d", code)
	}
	code, page := post(admin, "/beheer/gebruikers/"+id+"/wachtwoord", nil)
	if code != 200 || !strings.Contains(page, "heeft een nieuw wachtwoord") {
		t.Fatalf("reset: %d", code)
	}
	start := strings.Index(page, `id="nieuw-wachtwoord">`) + len(`id="nieuw-wachtwoord">`)
	newPW := page[start : start+strings.Index(page[start:], "<")]

	// The agent, signed in with the new password, changes it; the session stays, a wrong current one is refused.
	agent = login(t, srv, "kcc@voorbeeld.nl", newPW)
	if code, page := post(agent, "/beheer/wachtwoord", url.Values{"huidig": {"fout"}, "nieuw": {"lange nieuwe zin van mij"}, "herhaal": {"lange nieuwe zin van mij"}}); code != 422 || !strings.Contains(page, "huidige wachtwoord klopt niet") {
		t.Fatalf("wrong current password: %d", code)
	}
	if code, page := post(agent, "/beheer/wachtwoord", url.Values{"huidig": {newPW}, "nieuw": {"aaaaaaaaaaaa"}, "herhaal": {"aaaaaaaaaaaa"}}); code != 422 || !strings.Contains(page, "te makkelijk te raden") {
		t.Fatalf("weak new password: %d", code)
	}
	if code, page := post(agent, "/beheer/wachtwoord", url.Values{"huidig": {newPW}, "nieuw": {"lange nieuwe zin van mij"}, "herhaal": {"lange nieuwe zin van mij"}}); code != 200 || !strings.Contains(page, "U blijft hier ingelogd") {
		t.Fatalf("change: %d", code)
	}
	if code, _ := getPage(t, agent, srv.URL+"/beheer"); code != 200 {
		t.Fatalf("the agent's own session ended: %d", code)
	}

	// Tokens: a read-only token reads but changes nothing; the administrator revokes the agent's token.
	accounts := auth.NewAccounts(a.Store.Accounts(), nil, 0)
	readToken, tok, err := accounts.CreateToken(t.Context(), "test", u.ID, "dashboard", auth.ScopeRead, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if code := api(readToken, "GET", "/api/v1/me"); code != 200 {
		t.Fatalf("read token GET: %d", code)
	}
	if code := api(readToken, "POST", "/api/v1/tasks/1/state"); code != 403 {
		t.Fatalf("read token POST: %d, want 403", code)
	}
	if code, page := getPage(t, admin, srv.URL+"/beheer/gebruikers/"+id+"/tokens"); code != 200 || !strings.Contains(page, "dashboard") || !strings.Contains(page, "alleen lezen") {
		t.Fatalf("the agent's tokens for the administrator: %d", code)
	}
	if code, _ := post(admin, "/beheer/tokens/"+strconv.FormatInt(tok.ID, 10)+"/intrekken", nil); code != 200 {
		t.Fatalf("revoke: %d", code)
	}
	if code := api(readToken, "GET", "/api/v1/me"); code != 401 {
		t.Fatalf("revoked token: %d, want 401", code)
	}
}
