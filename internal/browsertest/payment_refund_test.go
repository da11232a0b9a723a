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

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/identity/identitytest"
	"loket/internal/request"
	"loket/internal/store"
)

// TestRefundAndFinanceOverHTTP: a resident pays the parking permit (HTTP, no browser), the request is
// withdrawn, a manager refunds € 20,00 from the case page (audited), and the day's CSV and the revenue
// page show the payment.
func TestRefundAndFinanceOverHTTP(t *testing.T) {
	ls := startLoginSite(t)
	ctx := context.Background()
	ref := payParkingPermitOverHTTP(t, ls)

	if _, err := ls.App.Store.UpdateRequest(ctx, ref, func(r *request.Request) (store.Change, error) {
		e, err := r.Decide("bo@voorbeeld.nl", "ingetrokken", "Op verzoek ingetrokken.", time.Now())
		return store.Change{Events: []request.Event{e}}, err
	}); err != nil {
		t.Fatal(err)
	}
	staff := staffClient(t, ls.Site, "manager@voorbeeld.nl", auth.RoleManager)
	resp, body := postForm(t, staff, ls.URL+"/beheer/aanvragen/"+ref+"/terugbetalen", url.Values{"bedrag": {"60,00"}, "reden": {"Aanvraag ingetrokken"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ten hoogste € 55,00") {
		t.Errorf("refund of more than was paid: %d", resp.StatusCode)
	}
	resp, _ = postForm(t, staff, ls.URL+"/beheer/aanvragen/"+ref+"/terugbetalen", url.Values{"bedrag": {"20,00"}, "reden": {"Aanvraag ingetrokken"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("refund: %d", resp.StatusCode)
	}
	audit, err := ls.App.Store.AuditEntries(ctx, store.AuditFilter{Action: "refund", ObjectID: ref})
	if err != nil || len(audit) != 1 || audit[0].Actor != "manager@voorbeeld.nl" || audit[0].Detail != "20.00: Aanvraag ingetrokken" {
		t.Errorf("audit of the refund: %+v %v", audit, err)
	}
	status, csv := getBody(t, staff, ls.URL+"/beheer/betalingen/dag.csv?dag="+time.Now().In(calendar.Amsterdam).Format(time.DateOnly)) // the Amsterdam day
	if status != http.StatusOK || !strings.Contains(csv, ";"+ref+";parkeervergunning;") || !strings.Contains(csv, ";55.00;20.00;ideal;tr_") {
		t.Errorf("daily CSV: %d\n%s", status, csv)
	}
	status, page := getBody(t, staff, ls.URL+"/beheer/betalingen")
	if status != http.StatusOK || !strings.Contains(page, "Parkeervergunning") || !strings.Contains(page, "€ 55,00") {
		t.Errorf("revenue page: %d", status)
	}

	// The same through the JSON API, with a handler's token.
	u, _ := ls.App.Store.StaffUserByEmail(ctx, "manager@voorbeeld.nl")
	token := auth.NewToken()
	if _, err := ls.App.Store.AddAPIToken(ctx, u.ID, "test", auth.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	api := func(path, body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, ls.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := api("/api/v1/requests/"+ref+"/bsn", `{"reason": "kort"}`); status != http.StatusUnprocessableEntity || !strings.Contains(body, `"reason"`) {
		t.Errorf("reveal without a real reason: %d %s", status, body)
	}
	if status, body := api("/api/v1/requests/"+ref+"/bsn", `{"reason": "Controle in de BRP"}`); status != http.StatusOK || !strings.Contains(body, `"bsn":"`+identitytest.ResidentBSN+`"`) {
		t.Errorf("reveal through the API: %d %s", status, body)
	}
	if status, body := api("/api/v1/requests/"+ref+"/refunds", `{"amount_cents": 1000, "reason": "Nog een deel terug"}`); status != http.StatusCreated || !strings.Contains(body, `"refunded_cents":3000`) {
		t.Errorf("refund through the API: %d %s (20,00 + 10,00 refunded)", status, body)
	}
	if status, body := api("/api/v1/requests/"+ref+"/refunds", `{"amount_cents": 2501, "reason": "Te veel"}`); status != http.StatusUnprocessableEntity || !strings.Contains(body, `"amount_cents"`) {
		t.Errorf("refund past what is left (25,00): %d %s", status, body)
	}
}

// payParkingPermitOverHTTP logs in as Jan at DigiD Midden, fills the parking permit and pays it at the
// Mollie imitation; it returns the reference the return page shows.
func payParkingPermitOverHTTP(t *testing.T, ls *loginSite) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, _ := getResp(t, c, ls.URL+"/inloggen/digid?niveau=midden&terug=/producten/parkeervergunning/aanvragen")
	back, err := ls.broker.Login(t.Context(), resp.Header.Get("Location"), "jan", identitytest.ACR("midden"))
	if err != nil {
		t.Fatal(err)
	}
	getResp(t, c, back)
	resp, _ = postForm(t, c, ls.URL+"/producten/parkeervergunning/aanvragen", url.Values{"kenteken": {"AB-123-C"}, "stap": {"1"}, "actie": {"volgende"}})
	draft := resp.Header.Get("Location")
	draft = draft[:strings.Index(draft, "?")]
	postForm(t, c, ls.URL+draft+"?stap=2", url.Values{"naam": {"Jan Jansen"}, "email": {"jan@example.nl"}, "adres-postcode": {"1234 AB"},
		"adres-huisnummer": {"5"}, "stap": {"2"}, "actie": {"volgende"}})
	_, page := postForm(t, c, ls.URL+draft+"/versturen", url.Values{})
	m := regexp.MustCompile(`data-continue="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no checkout link on the payment page: %s", excerpt(page))
	}
	resp, _ = postForm(t, c, strings.ReplaceAll(m[1], "&amp;", "&"), url.Values{"status": {"paid"}})
	_, ret := getBody(t, c, resp.Header.Get("Location"))
	ref := regexp.MustCompile(`request-reference">([^<]+)<`).FindStringSubmatch(ret)
	if ref == nil {
		t.Fatalf("no reference on the return page: %s", excerpt(ret))
	}
	return ref[1]
}

// staffClient signs a new staff member with role in with a password and returns the client with the session.
func staffClient(t *testing.T, site *Site, email string, role auth.Role) *http.Client {
	t.Helper()
	password := auth.GeneratePassword()
	hash, _ := auth.HashPassword(password)
	if _, err := site.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: email, Name: "M", Role: role}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, _ := postForm(t, c, site.URL+"/beheer/inloggen", url.Values{"email": {email}, "wachtwoord": {password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("staff sign-in: %d", resp.StatusCode)
	}
	return c
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func getResp(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func getBody(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, body := getResp(t, c, u)
	return resp.StatusCode, body
}
