package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

var treeForm = request.Form{Product: "kapvergunning", Kind: request.KindApplication, Title: "Kapvergunning aanvragen",
	Procedure: request.ProcedureEnvironment, Steps: []request.Step{{Title: "Over u", Fields: []request.Field{
		{Name: "naam", Label: "Naam", Type: request.TypeText, Required: true, Purpose: request.PurposeName},
		{Name: "email", Label: "E-mailadres", Type: request.TypeEmail, Required: true, Purpose: request.PurposeEmail},
	}}}}

// TestSuspendedCaseAgesPastItsDate: a felling permit (Omgevingswet, eight weeks) received Monday 2 March
// 2026 is due Tuesday 28 April (27 April is Koningsdag). Information is asked on 10 March with a
// hersteltermijn until 15 May. On Wednesday 29 April, past the original date, the term still stands
// still (11 March–29 April, 50 days: due Tuesday 16 June), and neither the resident's status page nor
// the handler's queue or case page says "te laat". On a phone the banners keep their headings readable.
func TestSuspendedCaseAgesPastItsDate(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	clk := storetest.NewClock(storetest.Amsterdam("2026-03-02 10:00"))
	site.App.Requests.SetClock(clk.Now)
	ctx := context.Background()
	if err := site.App.Store.SaveRequestForm(ctx, treeForm, "browsertest"); err != nil {
		t.Fatal(err)
	}
	token := request.NewToken()
	a := demoArticle(t, "kapvergunning")
	c, errs, err := site.App.Requests.Submit(ctx, request.SubmitInput{Form: treeForm,
		Product: request.Product{ID: a.ID, Title: a.Title, Team: a.Owner}, Values: request.Values{"naam": "An Jansen", "email": "an@example.nl"},
		TokenHash: auth.HashSecret(token), StatusURL: site.URL + "/mijn-aanvraag/" + token})
	if err != nil || len(errs) > 0 {
		t.Fatalf("submit: %v %v", err, errs)
	}
	clk.Set(storetest.Amsterdam("2026-03-10 09:00"))
	handler := request.Staff{Email: "behandelaar@voorbeeld.nl", Name: "Bo de Vries"}
	if _, err := site.App.Requests.Take(ctx, c.Reference, handler); err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Requests.AskInformation(ctx, c.Reference, handler, "Een foto van de boom.", time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	clk.Set(storetest.Amsterdam("2026-04-29 09:00"))

	tab := NewTab(t, 2*testTimeout)
	do(t, tab, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	open(t, tab, site.URL+"/mijn-aanvraag/"+token+"?verstuurd=1")
	if got := text(t, tab, ".request-deadline"); got != "16 juni 2026" {
		t.Errorf("status page shows decision date %q, want 16 juni 2026", got)
	}
	if got := text(t, tab, ".request-repair-until"); got != "15 mei 2026" {
		t.Errorf("status page shows the information due %q, want 15 mei 2026", got)
	}
	if late := run(t, tab, "late banner", chromedp.Evaluate[bool](`document.querySelector(".request-late") !== null`)); late {
		t.Error("the status page says we are late while the term stands still")
	}
	// The heading of the confirmation banner has the width of the phone, not 77 px.
	if w := run(t, tab, "banner heading width", chromedp.Evaluate[float64](`document.querySelector(".utrecht-alert h1").getBoundingClientRect().width`)); w < 250 {
		t.Errorf("the confirmation heading is %.0f px wide on a 390 px phone", w)
	}
	CheckAccessibility(t, tab, "status page of a suspended request")

	email, password := "behandelaar@voorbeeld.nl", auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: email, Name: "Bo de Vries", Role: auth.RoleHandler},
		Team: a.Owner, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	do(t, tab, "desktop", chromedp.EmulateViewport(1280, 900))
	open(t, tab, site.URL+"/beheer/inloggen")
	follow(t, tab, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))
	open(t, tab, site.URL+"/beheer/aanvragen?team=")
	row := `tr[data-reference="` + c.Reference + `"]`
	if got := text(t, tab, row+" .request-deadline"); got != "16 juni 2026" {
		t.Errorf("queue shows %q, want 16 juni 2026", got)
	}
	if got := text(t, tab, "#te-laat + *"); !strings.Contains(got, "Geen aanvragen over de termijn") {
		t.Errorf("the queue lists the suspended request as te laat: %q", got)
	}
	if got := text(t, tab, row+" .request-days-left"); got != "staat stil" {
		t.Errorf("days left %q, want 'staat stil'", got)
	}
	open(t, tab, site.URL+"/beheer/aanvragen/"+c.Reference)
	if got := text(t, tab, ".request-deadline"); got != "16 juni 2026" {
		t.Errorf("case page shows %q, want 16 juni 2026", got)
	}
	if got := text(t, tab, ".request-days-left"); strings.Contains(got, "te laat") {
		t.Errorf("case page says %q", got)
	}
	CheckAccessibility(t, tab, "case page of a suspended request")

	// Once the hersteltermijn has passed unused (16 May), the term runs again from 16 May: suspended
	// 11 March–15 May (66 days), 27 April + 66 = Thursday 2 July 2026.
	clk.Set(storetest.Amsterdam("2026-05-20 09:00"))
	open(t, tab, site.URL+"/beheer/aanvragen/"+c.Reference)
	if got := text(t, tab, ".request-deadline"); got != "2 juli 2026" {
		t.Errorf("after the hersteltermijn the case page shows %q, want 2 juli 2026", got)
	}
	if got := text(t, tab, ".request-lapsed"); !strings.Contains(got, "Awb 4:5") {
		t.Errorf("no prompt to decide not to handle the application: %q", got)
	}

	// On Friday 3 July the term (2 July) has passed: now it is te laat, and the resident can send a
	// notice of default; two weeks later (from 18 July) a penalty would accrue.
	clk.Set(storetest.Amsterdam("2026-07-03 09:00"))
	open(t, tab, site.URL+"/mijn-aanvraag/"+token)
	if got := text(t, tab, ".request-late"); !strings.Contains(got, "We hadden uiterlijk 2 juli 2026 moeten beslissen") {
		t.Errorf("late banner: %q", got)
	}
	CheckAccessibility(t, tab, "status page of a late request")
	follow(t, tab, "send the notice of default", chromedp.Click(chromedp.CSS(`form[action$="/ingebrekestelling"] button`)))
	if got := text(t, tab, ".request-late"); !strings.Contains(got, "op 3 juli 2026 in gebreke gesteld") || !strings.Contains(got, "18 juli 2026") {
		t.Errorf("after the notice: %q", got)
	}
	open(t, tab, site.URL+"/beheer/aanvragen/cijfers")
	// One request received in March, open and late, 66 days stood still (11 March–15 May).
	if got := text(t, tab, ".request-figures"); !strings.Contains(got, "2026-03\tOmgevingsvergunning, reguliere procedure\t"+a.Title) || !strings.Contains(got, "\t1\t66\t") {
		t.Errorf("figures: %q", got)
	}
	CheckAccessibility(t, tab, "figures per procedure")
}
