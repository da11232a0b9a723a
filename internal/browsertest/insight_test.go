package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/auth"
	"loket/internal/demo"
	"loket/internal/store"
)

// TestInsightJourney: a resident votes in the top-task survey; a manager signs in, opens every insight
// dashboard with a year of demo activity (charts drawn, axe-core clean), and downloads an export.
func TestInsightJourney(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	ctx := context.Background()
	if _, err := demo.LoadActivity(ctx, site.App.Store, time.Now()); err != nil {
		t.Fatal(err)
	}
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "manager@voorbeeld.nl",
		Name: "Mira Manager", Role: auth.RoleManager}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	tab := NewTab(t, 2*testTimeout)

	open(t, tab, site.URL+"/toptaken")
	CheckAccessibility(t, tab, "top-task survey")
	followTo(t, tab, "send an empty vote", 422, chromedp.Click(chromedp.CSS(`form.toptaken button[type="submit"]`)))
	if got := text(t, tab, "#toptaken-fout"); !strings.Contains(got, "Kies minstens 1 taak") {
		t.Errorf("empty vote: %q", got)
	}
	CheckAccessibility(t, tab, "top-task survey with an error")
	do(t, tab, "pick two tasks", chromedp.Click(chromedp.CSS(`input[name="taak"]`)),
		chromedp.Click(chromedp.CSS(`li:nth-child(2) input[name="taak"]`)))
	follow(t, tab, "vote", chromedp.Click(chromedp.CSS(`form.toptaken button[type="submit"]`)))
	if got := text(t, tab, `[role="status"]`); !strings.Contains(got, "Bedankt") {
		t.Errorf("after voting: %q", got)
	}

	open(t, tab, site.URL+"/beheer/inloggen")
	follow(t, tab, "sign in", chromedp.SendKeys(chromedp.CSS("#email"), "manager@voorbeeld.nl"),
		chromedp.SendKeys(chromedp.CSS("#wachtwoord"), password), chromedp.Submit(chromedp.CSS("#wachtwoord")))
	for _, page := range []struct{ path, charts string }{
		{"/beheer/inzicht", ""},
		{"/beheer/inzicht/kanalen", "2"},
		{"/beheer/inzicht/toptaken", "1"},
		{"/beheer/inzicht/taken", ""},
		{"/beheer/inzicht/taken/1", "1"},
		{"/beheer/inzicht/werklijst", ""},
		{"/beheer/inzicht/zoeken", ""},
		{"/beheer/inzicht/hiaten", ""},
		{"/beheer/inzicht/maandrapport", ""},
		{"/beheer/inzicht/bezetting", ""},
	} {
		open(t, tab, site.URL+page.path)
		if page.charts != "" {
			waitFor(t, tab, "charts on "+page.path, `[...document.querySelectorAll("canvas[data-chart]")].filter(c => Chart.getChart(c)).length == `+page.charts)
		}
		CheckAccessibility(t, tab, page.path)
	}
	if got := text(t, tab, "#agents"); got == "" {
		t.Error("the staffing calculator shows no answer")
	}
	open(t, tab, site.URL+"/beheer/inzicht/kanalen")
	if got := text(t, tab, "#kanalen"); !strings.Contains(got, "270.000") || !strings.Contains(got, "90.000") || !strings.Contains(got, "70.000") {
		t.Errorf("channel table does not show the example's picture:\n%s", got)
	}
	download := run(t, tab, "download the Excel export", chromedp.Evaluate[string](`fetch("/beheer/inzicht/kanalen?formaat=xlsx")
		.then(r => r.arrayBuffer().then(b => r.status + " " + r.headers.get("Content-Disposition") + " " +
			String.fromCharCode(...new Uint8Array(b).slice(0, 2))))`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(download, "200 ") || !strings.Contains(download, `filename="kanalen-`) || !strings.HasSuffix(download, " PK") {
		t.Errorf("export download: %q", download)
	}
	// The manager picks last month and presses the CSV button of each dashboard: what the button sends
	// (the form with its submitter) comes back as a file Dutch Excel opens in columns.
	for _, path := range []string{"/beheer/inzicht/kanalen", "/beheer/inzicht/werklijst", "/beheer/inzicht/hiaten",
		"/beheer/inzicht/zoeken", "/beheer/inzicht/toptaken", "/beheer/inzicht/taken/1"} {
		open(t, tab, site.URL+path)
		follow(t, tab, "choose last month on "+path, chromedp.Click(chromedp.CSS(`.insight-presets a:nth-of-type(2)`)))
		if got := text(t, tab, `.insight-presets [aria-current="true"]`); got != "Vorige maand" {
			t.Errorf("%s: the chosen preset is %q", path, got)
		}
		csv := run(t, tab, "export "+path, chromedp.Evaluate[string](`(() => {
			const button = document.querySelector('.insight-period button[value="csv"]');
			const query = new URLSearchParams(new FormData(button.form, button));
			// ignoreBOM keeps the byte-order mark in the text, so the test sees what Excel gets.
			return fetch(button.form.action + "?" + query).then(async r => r.status + " " +
				r.headers.get("Content-Type") + "\n" + new TextDecoder("utf-8", {ignoreBOM: true}).decode(await r.arrayBuffer()));
		})()`, chromedp.EvalAwaitPromise))
		head, body, _ := strings.Cut(csv, "\n")
		if head != "200 text/csv; charset=utf-8" || !strings.HasPrefix(body, "\ufeff") || !strings.Contains(strings.SplitN(body, "\r\n", 2)[0], ";") {
			t.Errorf("%s CSV export: %q", path, csv[:min(len(csv), 120)])
		}
	}
}
