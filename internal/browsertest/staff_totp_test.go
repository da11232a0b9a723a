package browsertest

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/identity"
	"loket/internal/identity/identitytest"
	"loket/internal/store"
)

// TestPasswordSignInAsksForTheCode: a local account with TOTP on gets the code page after a right
// password, no session before the code, a wrong code is refused, the right one signs in.
func TestPasswordSignInAsksForTheCode(t *testing.T) {
	site := StartDemo(t, store.SQLite, func(c *config.Config) { c.IdentityKey = identitytest.Key })
	ctx := context.Background()
	password := auth.GeneratePassword()
	hash, _ := auth.HashPassword(password)
	id, err := site.App.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "bo@voorbeeld.nl", Name: "Bo", Role: auth.RoleHandler}, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	tf, err := identity.NewTOTP(site.App.Store, identitytest.Key, "loket", nil)
	if err != nil {
		t.Fatal(err)
	}
	enrol, err := tf.Enrol(ctx, id, "bo@voorbeeld.nl")
	if err != nil {
		t.Fatal(err)
	}
	// The confirming code comes from the step before now, so the sign-in below (now) is a later step.
	first, _ := totp.GenerateCode(enrol.Secret, time.Now().Add(-30*time.Second))
	if err := tf.Confirm(ctx, id, first); err != nil {
		t.Fatal(err)
	}

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		resp, err := client.PostForm(site.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, _ := post("/beheer/inloggen", url.Values{"email": {"bo@voorbeeld.nl"}, "wachtwoord": {password}, "terug": {"/beheer/aanvragen"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/beheer/inloggen/code" {
		t.Fatalf("right password: %d to %q, want the code page", resp.StatusCode, resp.Header.Get("Location"))
	}
	if r, err := client.Get(site.URL + "/beheer/aanvragen"); err != nil || r.StatusCode == http.StatusOK {
		t.Fatalf("a session before the code: %v %v", r.StatusCode, err)
	}
	resp, body := post("/beheer/inloggen/code", url.Values{"code": {"000000"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Deze code klopt niet") {
		t.Errorf("wrong code: %d", resp.StatusCode)
	}
	code, _ := totp.GenerateCode(enrol.Secret, time.Now())
	resp, _ = post("/beheer/inloggen/code", url.Values{"code": {code}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/beheer/aanvragen" {
		t.Fatalf("right code: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if r, err := client.Get(site.URL + "/beheer/aanvragen"); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("after the code: %v %v", r.StatusCode, err)
	}
}
