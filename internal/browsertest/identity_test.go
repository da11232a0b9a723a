package browsertest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/identity"
	"loket/internal/identity/identitytest"
	"loket/internal/identity/oidctest"
	"loket/internal/payment"
	"loket/internal/payment/mollietest"
	"loket/internal/request"
	"loket/internal/store"
)

// loginSite is the demo loket with the test broker (a real OpenID Connect provider in this process) and
// the local Mollie imitation configured, and request forms where the parking permit needs DigiD Midden
// and costs € 55,00 and the terrace permit needs eHerkenning.
type loginSite struct {
	*Site
	broker *oidctest.Provider
	mollie *mollietest.Server
}

func startLoginSite(t *testing.T) *loginSite {
	t.Helper()
	ls := &loginSite{mollie: mollietest.Start(t)}
	ls.Site = StartDemo(t, store.SQLite, func(c *config.Config) {
		base := "http://" + c.Addr
		ls.broker = identitytest.Broker(t, base+"/inloggen/terug", base+"/uitgelogd", false)
		c.IdentityIssuer, c.IdentityClientID, c.IdentityClientSecret = ls.broker.Issuer, identitytest.ClientID, identitytest.ClientSecret
		c.IdentityKey = identitytest.Key
		c.MollieAPIKey, c.MollieAPIURL = ls.mollie.APIKey, ls.mollie.APIURL()
	})
	forms, err := demo.RequestForms()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forms {
		switch f.Product {
		case "parkeervergunning":
			f.Login = map[string]string{"digid": "midden"}
			f.Fee = &payment.Fee{Label: "Leges parkeervergunning", Cents: 5500}
		case "terrasvergunning":
			f.Login = map[string]string{"eherkenning": "eh2+"}
		}
		if err := ls.App.Store.SaveRequestForm(context.Background(), f, "browsertest"); err != nil {
			t.Fatal(err)
		}
	}
	return ls
}

// brokerLogin picks a test person and level on the broker's login page and waits to be back at loket.
func (ls *loginSite) brokerLogin(t *testing.T, ctx context.Context, person, level string) string {
	t.Helper()
	waitFor(t, ctx, "the broker's login page", `location.href.startsWith("`+ls.broker.Issuer+`/inloggen")`)
	return follow(t, ctx, "log in at the broker", chromedp.SetValue(chromedp.CSS("#persoon"), person),
		chromedp.SetValue(chromedp.CSS("#niveau"), identitytest.ACR(level)), chromedp.Click(chromedp.CSS("#inloggen")))
}

// TestResidentLogsInPaysAndFollowsInMijnLoket: a resident logs in with test DigiD at level Midden,
// requests a parking permit that costs € 55,00, pays, and sees it in Mijn loket with its deadline; then a
// case handler sees the paid request with the BSN masked, and reveals it with a reason that is audited.
func TestResidentLogsInPaysAndFollowsInMijnLoket(t *testing.T) {
	ls := startLoginSite(t)
	ctx := NewTab(t, 3*testTimeout)

	open(t, ctx, ls.URL+"/producten/parkeervergunning")
	if got := follow(t, ctx, "start the request", chromedp.Click(chromedp.CSS(`a[href="/producten/parkeervergunning/aanvragen"]`))); got != "/inloggen" {
		t.Fatalf("a product that needs DigiD led to %s, want the login page", got)
	}
	if got := text(t, ctx, ".login-choice"); !strings.Contains(got, "DigiD Midden") || strings.Contains(got, "eHerkenning") {
		t.Errorf("login page: %q, want only DigiD at Midden", got)
	}
	CheckAccessibility(t, ctx, "login page")
	do(t, ctx, "choose DigiD", chromedp.Click(chromedp.CSS("#inloggen-digid")))
	if got := ls.brokerLogin(t, ctx, "jan", "midden"); got != "/producten/parkeervergunning/aanvragen" {
		t.Fatalf("after login the resident is at %s, want the form", got)
	}
	do(t, ctx, "step 1", chromedp.SendKeys(chromedp.CSS("#veld-kenteken"), "AB-123-C"))
	follow(t, ctx, "to step 2", chromedp.Click(chromedp.CSS(`button[value="volgende"]`)))
	if got := run(t, ctx, "prefilled name", chromedp.Evaluate[string](`document.getElementById("veld-naam").value`)); got != "Jan Jansen" {
		t.Errorf("name field holds %q, want the name from the login", got)
	}
	do(t, ctx, "step 2", chromedp.SendKeys(chromedp.CSS("#veld-email"), "jan@example.nl"),
		chromedp.SendKeys(chromedp.CSS("#veld-adres-postcode"), "1234 AB"), chromedp.SendKeys(chromedp.CSS("#veld-adres-huisnummer"), "5"))
	follow(t, ctx, "to the summary", chromedp.Click(chromedp.CSS(`button[value="volgende"]`)))
	if got := text(t, ctx, ".payment-fee__amount"); got != "€ 55,00" {
		t.Errorf("amount before sending: %q, want € 55,00", got)
	}
	CheckAccessibility(t, ctx, "summary with the fee")
	do(t, ctx, "pay and send", chromedp.Click(chromedp.CSS(`form[action$="/versturen"] button`)))
	waitFor(t, ctx, "the provider's checkout", `location.href.startsWith("`+ls.mollie.URL+`/checkout/")`)
	if n, err := ls.App.Store.RequestQueue(context.Background(), store.QueueFilter{}); err != nil || len(n) != 0 {
		t.Fatalf("a request was sent before payment: %d %v", len(n), err)
	}
	back := follow(t, ctx, "pay", chromedp.Click(chromedp.CSS("#doorgaan")))
	if !strings.HasPrefix(back, "/betalen/terug/") {
		t.Fatalf("after paying the resident is at %s", back)
	}
	ref := text(t, ctx, ".request-reference")
	if !strings.HasPrefix(ref, "VB-") {
		t.Fatalf("return page shows reference %q", ref)
	}
	CheckAccessibility(t, ctx, "payment return")
	follow(t, ctx, "to Mijn loket", chromedp.Click(chromedp.CSS("#naar-mijn-loket")))
	req, err := ls.App.Store.Request(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".mijn-loket__item"); !strings.Contains(got, ref) || !strings.Contains(got, request.DutchDate(req.Deadline)) {
		t.Errorf("Mijn loket: %q, want %s with deadline %s", got, ref, request.DutchDate(req.Deadline))
	}
	CheckAccessibility(t, ctx, "Mijn loket")
	follow(t, ctx, "open the request from Mijn loket", chromedp.Click(chromedp.CSS(".mijn-loket__item a[href$='#berichten']")))
	do(t, ctx, "write", chromedp.SendKeys(chromedp.CSS("#bericht"), "Mijn tweede auto heeft kenteken CD-456-E."))
	follow(t, ctx, "send the message", chromedp.Submit(chromedp.CSS("#bericht")))
	if got := text(t, ctx, ".request-events"); !strings.Contains(got, "CD-456-E") {
		t.Errorf("the message from Mijn loket is not on the request: %q", got)
	}

	// The case handler sees the paid request with the BSN masked, and reveals it with a reason.
	email, password := "behandelaar@voorbeeld.nl", auth.GeneratePassword()
	hash, _ := auth.HashPassword(password)
	staffID, err := ls.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: email, Name: "Bo", Role: auth.RoleHandler},
		PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, ls.URL+"/beheer/inloggen?terug=/beheer/aanvragen/"+ref)
	follow(t, ctx, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))
	if got := text(t, ctx, ".case-bsn"); got != "******653" {
		t.Errorf("the case page shows BSN %q, want it masked as ******653", got)
	}
	if got := text(t, ctx, ".case-payments"); !strings.Contains(got, "€ 55,00") || !strings.Contains(got, "Betaald") {
		t.Errorf("payments on the case page: %q", got)
	}
	CheckAccessibility(t, ctx, "case page with login and payment")
	do(t, ctx, "reason", chromedp.SendKeys(chromedp.CSS("#bsn-reden"), "Controle in de BRP voor de vergunning"))
	follow(t, ctx, "reveal", chromedp.Click(chromedp.CSS("#bsn-tonen")))
	if got := text(t, ctx, ".case-bsn"); got != identitytest.ResidentBSN {
		t.Errorf("revealed BSN %q", got)
	}
	audit, err := ls.App.Store.AuditEntries(context.Background(), store.AuditFilter{Action: "reveal_bsn", ObjectID: ref})
	if err != nil || len(audit) != 1 || audit[0].Actor != email || audit[0].Detail != "Controle in de BRP voor de vergunning" {
		t.Errorf("audit of the reveal: %+v %v", audit, err)
	}

	// The same through the JSON API.
	token := auth.NewToken()
	if _, err := ls.App.Store.AddAPIToken(context.Background(), staffID, "test", auth.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	apiReq, _ := http.NewRequest(http.MethodGet, ls.URL+"/api/v1/requests/"+ref+"/payments", nil)
	apiReq.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(apiReq)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Payments []struct {
			Status string `json:"status"`
			Cents  int64  `json:"amount_cents"`
		} `json:"payments"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 || len(got.Payments) != 1 ||
		got.Payments[0].Status != "paid" || got.Payments[0].Cents != 5500 {
		t.Errorf("API payments of %s: %d %+v %v", ref, resp.StatusCode, got, err)
	}
}

// TestEntrepreneurSeesTheCompanysRequests: a colleague made a request for the bakery while logged in
// with eHerkenning; another employee of the same company logs in and sees it in Mijn loket, and logging
// out ends the session at the broker too.
func TestEntrepreneurSeesTheCompanysRequests(t *testing.T) {
	ls := startLoginSite(t)
	ctx := context.Background()
	ref := submitForCompany(t, ls)

	tab := NewTab(t, 2*testTimeout)
	open(t, tab, ls.URL+"/mijn-loket")
	do(t, tab, "choose eHerkenning", chromedp.Click(chromedp.CSS("#inloggen-eherkenning")))
	if got := ls.brokerLogin(t, tab, "anna", "eh3"); got != "/mijn-loket" {
		t.Fatalf("after login at %s", got)
	}
	if got := text(t, tab, ".mijn-loket"); !strings.Contains(got, "Aanvragen van uw bedrijf") || !strings.Contains(got, ref) || !strings.Contains(got, "Piet Bakker") {
		t.Errorf("Mijn loket of a colleague: %q, want %s made by Piet Bakker", got, ref)
	}
	CheckAccessibility(t, tab, "Mijn loket for a company")
	open(t, tab, ls.URL+"/contact")
	do(t, tab, "ask a question", chromedp.SendKeys(chromedp.CSS("#naam"), "Anna Bakker"), chromedp.SendKeys(chromedp.CSS("#email"), "anna@korst.nl"),
		chromedp.SendKeys(chromedp.CSS("#onderwerp"), "Terras in de winter"),
		chromedp.SendKeys(chromedp.CSS("#vraag"), "Mag ons terras ook in de winter blijven staan als we er een overkapping op zetten?"))
	follow(t, tab, "send the question", chromedp.Click(chromedp.CSS(`form[action="/contact"] button[type="submit"]`)))
	open(t, tab, ls.URL+"/mijn-loket")
	if got := text(t, tab, ".mijn-loket__questions"); !strings.Contains(got, "Terras in de winter") || !strings.Contains(got, "Ontvangen") {
		t.Errorf("the question asked while logged in is not in Mijn loket: %q", got)
	}
	do(t, tab, "log out", chromedp.Click(chromedp.CSS("#uitloggen")))
	waitFor(t, tab, "back from the broker's logout", `location.pathname === "/uitgelogd"`)
	if got := ls.broker.Terminated(); len(got) != 1 || got[0] != "anna" {
		t.Errorf("broker sessions ended: %v, want [anna]", got)
	}
	if got := follow(t, tab, "Mijn loket after logout", chromedp.Navigate(ls.URL+"/mijn-loket")); got != "/inloggen" {
		t.Errorf("after logout Mijn loket is at %s, want the login page", got)
	}
	_ = ctx
}

// submitForCompany sends a terrace permit as Piet of the bakery would (logged in with eHerkenning), through
// the services, and returns its reference.
func submitForCompany(t *testing.T, ls *loginSite) string {
	t.Helper()
	ctx := context.Background()
	f, err := ls.App.Store.RequestForm(ctx, "terrasvergunning")
	if err != nil {
		t.Fatal(err)
	}
	req, err := request.New(f, request.Product{ID: "terrasvergunning", Title: "Terrasvergunning", Team: "Vergunningen"},
		request.Values{"bedrijfsnaam": "Bakkerij De Korst", "naam": "Piet Bakker", "email": "piet@korst.nl"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	token := request.NewToken()
	links := ls.App.Identity.NewLinks(ls.App.Store)
	piet := identity.Person{Means: identity.EHerkenning, Level: "eh3", Subject: "piet", Name: "Piet Bakker", KvK: identitytest.CompanyKvK}
	owner, err := links.OwnerLink(piet, token)
	if err != nil {
		t.Fatal(err)
	}
	if err := ls.App.Store.SubmitRequest(ctx, store.Submission{Request: &req, TokenHash: auth.HashSecret(token), Owner: owner}); err != nil {
		t.Fatal(err)
	}
	return req.Reference
}
