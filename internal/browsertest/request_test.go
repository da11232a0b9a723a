package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/demo"
	"loket/internal/store"
)

// seedRequestForms stores the demo request forms, as "loket demo" does.
func seedRequestForms(t *testing.T, site *Site) {
	t.Helper()
	forms, err := demo.RequestForms()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forms {
		if err := site.App.Store.SaveRequestForm(context.Background(), f, "browsertest"); err != nil {
			t.Fatal(err)
		}
	}
}

// setValue sets a field's value the way a date picker does, and tells the page it changed.
func setValue(css, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		b, _ := json.Marshal(value)
		_, err := chromedp.Evaluate[bool](`(el => { el.value = `+string(b)+`; el.dispatchEvent(new Event("change", {bubbles: true})); return true })(document.querySelector(`+"`"+css+"`"+`))`)(ctx, tgt)
		return err
	})
}

// TestRequestJourney: a resident requests an event permit with an upload (making and fixing a mistake on
// the way), follows it on the status page, and a case handler takes it, asks for information and decides;
// axe-core checks every page. Then an objection about an event shows up as urgent for the handler.
func TestRequestJourney(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	seedRequestForms(t, site)
	ctx := NewTab(t, 3*testTimeout)

	open(t, ctx, site.URL+"/producten/evenementenvergunning")
	if got := follow(t, ctx, "start the request", chromedp.Click(chromedp.CSS(`a[href="/producten/evenementenvergunning/aanvragen"]`))); got != "/producten/evenementenvergunning/aanvragen" {
		t.Fatalf("Online aanvragen led to %s", got)
	}
	CheckAccessibility(t, ctx, "request form step 1")
	if hidden := run(t, ctx, "music times hidden", chromedp.Evaluate[bool](`document.querySelector('[data-show-if-field="muziek"]').hidden`)); !hidden {
		t.Error("the music times show before music is ticked")
	}
	event := time.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	do(t, ctx, "fill step 1",
		chromedp.SendKeys(chromedp.CSS("#veld-naam_evenement"), "Zomerfeest Marktplein"),
		setValue("#veld-datum_evenement", event),
		chromedp.SendKeys(chromedp.CSS("#veld-bezoekers"), "heel veel"),
		chromedp.SendKeys(chromedp.CSS("#veld-locatie"), "Marktplein, voor het stadhuis"),
		chromedp.Click(chromedp.CSS("#veld-muziek")))
	waitFor(t, ctx, "music times shown", `!document.querySelector('[data-show-if-field="muziek"]').hidden`)
	do(t, ctx, "music times", chromedp.SendKeys(chromedp.CSS("#veld-muziek_tijden"), "14.00 tot 23.00 uur"))
	followTo(t, ctx, "step 1 with a mistake", 422, chromedp.Click(chromedp.CSS(`button[value="volgende"]`)))
	if got := text(t, ctx, `.error-summary a[href="#veld-bezoekers"]`); !strings.Contains(got, "Vul een getal in") {
		t.Errorf("error summary: %q", got)
	}
	if got := run(t, ctx, "kept input", chromedp.Evaluate[string](`document.getElementById("veld-naam_evenement").value + "|" + document.getElementById("veld-muziek_tijden").value`)); got != "Zomerfeest Marktplein|14.00 tot 23.00 uur" {
		t.Errorf("typed values after the error: %q", got)
	}
	if got := run(t, ctx, "described by", chromedp.Evaluate[string](`document.getElementById("veld-bezoekers").getAttribute("aria-describedby")`)); !strings.Contains(got, "veld-bezoekers-fout") {
		t.Errorf("the field is not described by its error: %q", got)
	}
	CheckAccessibility(t, ctx, "request form with errors")
	do(t, ctx, "fix the mistake", selectText("veld-bezoekers"), chromedp.SendKeys(chromedp.CSS("#veld-bezoekers"), "500"))
	follow(t, ctx, "step 1", chromedp.Click(chromedp.CSS(`button[value="volgende"]`)))

	drawing := filepath.Join(t.TempDir(), "situatietekening.pdf")
	if err := os.WriteFile(drawing, []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "choose the drawing", chromedp.SetUploadFiles(chromedp.CSS("#veld-situatietekening"), []string{drawing}))
	CheckAccessibility(t, ctx, "request form step 2")
	follow(t, ctx, "step 2", chromedp.Click(chromedp.CSS(`button[value="volgende"]`)))
	do(t, ctx, "fill step 3",
		chromedp.SendKeys(chromedp.CSS("#veld-naam"), "Anna de Vries"),
		chromedp.SendKeys(chromedp.CSS("#veld-email"), "anna@example.nl"),
		chromedp.SendKeys(chromedp.CSS("#veld-adres-postcode"), "1234 AB"),
		chromedp.SendKeys(chromedp.CSS("#veld-adres-huisnummer"), "5"))
	follow(t, ctx, "step 3", chromedp.Click(chromedp.CSS(`button[value="volgende"]`)))
	if got := text(t, ctx, ".request-form"); !strings.Contains(got, "Zomerfeest Marktplein") || !strings.Contains(got, "1234 AB 5") {
		t.Errorf("summary: %q", got)
	}
	CheckAccessibility(t, ctx, "summary")
	statusPath := follow(t, ctx, "send", chromedp.Click(chromedp.CSS(`form[action$="/versturen"] button`)))
	if !strings.HasPrefix(statusPath, "/mijn-aanvraag/") {
		t.Fatalf("sending led to %s", statusPath)
	}
	ref := text(t, ctx, ".request-reference")
	if !strings.HasPrefix(ref, "VB-") {
		t.Fatalf("reference %q", ref)
	}
	if got := text(t, ctx, ".request-urgent"); !strings.Contains(got, "voorlopige voorziening") {
		t.Errorf("an event within the decision term is not flagged to the resident: %q", got)
	}
	CheckAccessibility(t, ctx, "status page")

	// The case handler.
	email, password := "behandelaar@voorbeeld.nl", auth.GeneratePassword()
	hash, _ := auth.HashPassword(password)
	if _, err := site.App.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: email, Name: "Bo", Role: auth.RoleHandler},
		Team: "Team Vergunningen", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, site.URL+"/beheer/inloggen?terug=/beheer/aanvragen")
	follow(t, ctx, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password),
		chromedp.Submit(chromedp.CSS("#wachtwoord")))
	open(t, ctx, site.URL+"/beheer/aanvragen")
	if got := text(t, ctx, "#spoed + p + table"); !strings.Contains(got, ref) {
		t.Fatalf("the urgent list does not show %s: %q", ref, got)
	}
	CheckAccessibility(t, ctx, "request queue")
	follow(t, ctx, "open the case", chromedp.Click(chromedp.CSS(`a[href="/beheer/aanvragen/`+ref+`"]`)))
	CheckAccessibility(t, ctx, "case page")
	follow(t, ctx, "take it", chromedp.Click(chromedp.CSS(`form[action$="/oppakken"] button`)))
	do(t, ctx, "ask for information", chromedp.SendKeys(chromedp.CSS("#info-tekst"), "Stuur ook het veiligheidsplan."))
	follow(t, ctx, "send the question", chromedp.Submit(chromedp.CSS("#info-tekst")))
	if got := text(t, ctx, ".request-status-name"); !strings.Contains(got, "termijn staat stil") {
		t.Errorf("case status after asking: %q", got)
	}

	open(t, ctx, site.URL+statusPath)
	if got := text(t, ctx, ".request-events"); !strings.Contains(got, "Stuur ook het veiligheidsplan.") {
		t.Errorf("the question does not reach the status page: %q", got)
	}
	do(t, ctx, "answer", chromedp.SendKeys(chromedp.CSS("#bericht"), "Hierbij het veiligheidsplan."),
		chromedp.SetUploadFiles(chromedp.CSS("#bestand"), []string{drawing}))
	follow(t, ctx, "send the answer", chromedp.Submit(chromedp.CSS("#bericht")))
	// The answer does not end the suspension by itself (Awb 4:15): the handler decides it is complete.
	if got := text(t, ctx, ".request-status-name"); got != "Meer informatie nodig" {
		t.Errorf("status after answering: %q", got)
	}
	CheckAccessibility(t, ctx, "status page with messages")

	open(t, ctx, site.URL+"/beheer/aanvragen/"+ref)
	follow(t, ctx, "information received", chromedp.Click(chromedp.CSS(`form[action$="/ontvangen"] button`)))
	open(t, ctx, site.URL+statusPath)
	if got := text(t, ctx, ".request-status-name"); got != "In behandeling" {
		t.Errorf("status after the handler marked the information received: %q", got)
	}
	open(t, ctx, site.URL+"/beheer/aanvragen/"+ref)
	do(t, ctx, "decide", chromedp.SetValue(chromedp.CSS("#besluit-uitkomst"), "toegekend"),
		chromedp.SendKeys(chromedp.CSS("#besluit-tekst"), "U krijgt de vergunning. Die sturen we per post."))
	follow(t, ctx, "record the decision", chromedp.Submit(chromedp.CSS("#besluit-tekst")))
	open(t, ctx, site.URL+statusPath)
	if got := text(t, ctx, ".request-status-name"); got != "Besluit genomen" {
		t.Errorf("status after the decision: %q", got)
	}

	// Done means: an objection about an event before the hearing is flagged urgent.
	fields := map[string]string{"kenmerk_besluit": "Vergunning Zomerfeest", "datum_besluit": time.Now().AddDate(0, 0, -7).Format(time.DateOnly),
		"gaat_over_datum": "ja", "datum_gebeurtenis": time.Now().AddDate(0, 0, 21).Format(time.DateOnly), "gronden": "Geluidsoverlast.",
		"horen": "ja", "naam": "Piet", "email": "piet@example.nl", "adres": "1234 AB 7"}
	body, _ := json.Marshal(map[string]any{"product": "bezwaar-maken", "fields": fields})
	resp, err := http.Post(site.URL+"/api/v1/requests", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ Reference string }
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("objection: %d", resp.StatusCode)
	}
	open(t, ctx, site.URL+"/beheer/aanvragen/"+created.Reference)
	do(t, ctx, "plan the hearing", setValue("#hoor-datum", time.Now().AddDate(0, 0, 28).Format(time.DateOnly)),
		chromedp.SendKeys(chromedp.CSS("#hoor-plaats"), "Stadhuis, zaal 2"))
	// After the event the hearing is too late: a warning with the latest sensible day, kept on purpose.
	followTo(t, ctx, "hearing after the event", 422, chromedp.Submit(chromedp.CSS("#hoor-datum")))
	if got := text(t, ctx, ".hearing-warning"); !strings.Contains(got, "Plan de hoorzitting uiterlijk op") {
		t.Errorf("no warning with the latest sensible day: %q", got)
	}
	CheckAccessibility(t, ctx, "case page with the hearing warning")
	do(t, ctx, "plan it anyway", setValue("#hoor-datum", time.Now().AddDate(0, 0, 28).Format(time.DateOnly)),
		chromedp.Click(chromedp.CSS(`input[name="toch"]`)))
	follow(t, ctx, "record the hearing", chromedp.Submit(chromedp.CSS("#hoor-datum")))
	if got := text(t, ctx, ".request-urgent"); !strings.Contains(got, "valt vóór de hoorzitting") {
		t.Errorf("the handler is not told the event comes before the hearing: %q", got)
	}
	open(t, ctx, site.URL+"/beheer/aanvragen?team=")
	if got := text(t, ctx, "#spoed + p + table"); !strings.Contains(got, created.Reference) {
		t.Errorf("the objection is not in the urgent list: %q", got)
	}
}
