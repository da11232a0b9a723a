package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/store"
)

// addStaff creates an account and returns its password and an API token.
func addStaff(t *testing.T, a *app.App, email string, role auth.Role) (string, string) {
	t.Helper()
	ctx := context.Background()
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: email, Role: role}, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken()
	if _, err := a.Store.AddAPIToken(ctx, id, "test", auth.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	return password, token
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestRoleMatrix calls every staff route as every role and as an anonymous visitor.
func TestRoleMatrix(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	tokens := map[auth.Role]string{}
	for _, role := range auth.Roles {
		_, tokens[role] = addStaff(t, a, string(role)+"@voorbeeld.nl", role)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path, token string) int {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	routes := a.StaffRoutes()
	if len(routes) < 5 {
		t.Fatalf("only %d staff routes registered", len(routes))
	}
	for _, r := range routes {
		method, pattern, _ := strings.Cut(r.Pattern, " ")
		// A path value that names nothing: the matrix must not revoke its own tokens on the way.
		path := pathParam.ReplaceAllString(pattern, "999999")
		api := strings.HasPrefix(path, "/api/")
		code := do(method, path, "")
		if (api && code != http.StatusUnauthorized) || (!api && code != http.StatusSeeOther) {
			t.Errorf("%s anonymous: %d", r.Pattern, code)
		}
		if code := do(method, path, "lkt_"+strings.Repeat("x", 43)); code != http.StatusUnauthorized && code != http.StatusSeeOther {
			t.Errorf("%s with a wrong token: %d", r.Pattern, code)
		}
		for _, role := range auth.Roles {
			code := do(method, path, tokens[role])
			allowed := slices.Contains(r.Roles, role)
			if allowed && (code == http.StatusUnauthorized || code == http.StatusForbidden) {
				t.Errorf("%s as %s: %d, want allowed", r.Pattern, role, code)
			}
			if !allowed && code != http.StatusForbidden {
				t.Errorf("%s as %s: %d, want 403", r.Pattern, role, code)
			}
		}
	}
}

func TestLoginLockoutAndLogout(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	password, _ := addStaff(t, a, "eva@voorbeeld.nl", auth.RoleEditor)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	login := func(pw string) (int, string) {
		resp, err := client.PostForm(srv.URL+"/beheer/inloggen", url.Values{"email": {"eva@voorbeeld.nl"}, "wachtwoord": {pw}, "terug": {"/beheer/tokens"}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := login("verkeerd wachtwoord"); code != http.StatusUnauthorized || !strings.Contains(body, "klopt niet") {
		t.Fatalf("wrong password: %d", code)
	}
	if code, body := login(password); code != 200 || !strings.Contains(body, "API-tokens") {
		t.Fatalf("login: %d, want the page asked for", code)
	}
	resp, err := client.Get(srv.URL + "/beheer/gebruikers")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "Uw rol is Webredacteur") {
		t.Fatalf("editor on the users page: %d, want 403 saying why", resp.StatusCode)
	}
	resp, err = client.PostForm(srv.URL+"/beheer/uitloggen", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = client.Get(srv.URL + "/beheer")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/beheer/inloggen" {
		t.Fatalf("after logout /beheer ended on %s, want the login page", resp.Request.URL.Path)
	}
	// Finding 8: no lock-out, but a growing wait that an unknown address gets in the very same words.
	for range 5 {
		login("nog steeds fout")
	}
	code, page := login(password)
	if code != http.StatusTooManyRequests || !strings.Contains(page, "Wacht") || strings.Contains(page, "geblokkeerd") {
		t.Fatalf("after 5 failures the right password got %d, want a short wait, not a lock-out", code)
	}
	unknown := func(pw string) string {
		resp, err := client.PostForm(srv.URL+"/beheer/inloggen", url.Values{"email": {"niemand@voorbeeld.nl"}, "wachtwoord": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return strconv.Itoa(resp.StatusCode) + " " + loginError(string(b))
	}
	if got, want := unknown("x"), "429 "+loginError(page); got != want {
		t.Fatalf("an unknown address got %q where the known one got %q", got, want)
	}
}

// loginError is the error text of the login page.
func loginError(page string) string {
	i := strings.Index(page, "Wacht ")
	if i < 0 {
		i = strings.Index(page, "Het e-mailadres")
	}
	if i < 0 {
		return ""
	}
	end := strings.Index(page[i:], "<")
	return page[i : i+end]
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	srv, _ := startDemo(t, store.SQLite)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/feedback/paspoort", strings.NewReader("nuttig=ja"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", resp.StatusCode)
	}
}
