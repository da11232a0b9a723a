package browsertest

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
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

// TestRequiredSecondFactorIsEnrolledAtSignIn: with --staff-totp required, an account without a second
// factor gets no session after its password, but the enrolment; the first right code signs it in.
func TestRequiredSecondFactorIsEnrolledAtSignIn(t *testing.T) {
	site := StartDemo(t, store.SQLite, func(c *config.Config) { c.IdentityKey = identitytest.Key; c.Set("staff-totp", "required") })
	password := auth.GeneratePassword()
	hash, _ := auth.HashPassword(password)
	if _, err := site.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: "eva@voorbeeld.nl", Name: "Eva", Role: auth.RoleEditor}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, _ := postForm(t, c, site.URL+"/beheer/inloggen", url.Values{"email": {"eva@voorbeeld.nl"}, "wachtwoord": {password}, "terug": {"/beheer/artikelen"}})
	if resp.Header.Get("Location") != "/beheer/inloggen/tweede-stap" {
		t.Fatalf("password of an account without a second factor led to %q, want the enrolment", resp.Header.Get("Location"))
	}
	if status, _ := getBody(t, c, site.URL+"/beheer/artikelen"); status == http.StatusOK {
		t.Fatal("a session before the second factor is on")
	}
	status, page := getBody(t, c, site.URL+"/beheer/inloggen/tweede-stap")
	m := regexp.MustCompile(`class="totp-secret">([A-Z2-7]+)<`).FindStringSubmatch(page)
	if status != http.StatusOK || m == nil {
		t.Fatalf("enrolment page: %d, no secret", status)
	}
	code, _ := totp.GenerateCode(m[1], time.Now())
	resp, _ = postForm(t, c, site.URL+"/beheer/inloggen/tweede-stap", url.Values{"code": {code}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/beheer/artikelen" {
		t.Fatalf("first code: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if status, _ := getBody(t, c, site.URL+"/beheer/artikelen"); status != http.StatusOK {
		t.Fatalf("after enrolling: %d", status)
	}
}
