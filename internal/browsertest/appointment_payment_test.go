package browsertest

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"loket/internal/appointment"
	"loket/internal/channel/email/mailtest"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/payment/mollietest"
	"loket/internal/store"
)

// TestAppointmentPaidAtBooking: passports are paid at booking (€ 84,00 a person, half back when
// cancelled in time). On a 390-pixel phone, with the keyboard only, a resident books for two, sees the
// amount in the summary, pays at the local server that speaks Mollie's wire format, comes back to a page
// that says the appointment is made, gets the confirmation (only now) with a change link at the mail
// relay, and cancels through it: the mail says € 84,00 comes back. A second booking whose payment fails
// frees its time and offers to choose again. axe-core checks loket's pages.
func TestAppointmentPaidAtBooking(t *testing.T) {
	relay := mailtest.StartRelay(t)
	mollie := mollietest.Start(t)
	site := StartDemo(t, store.SQLite, func(c *config.Config) {
		c.SMTPAddr, c.SMTPRelay, c.Security.SMTPRelayTLS = "127.0.0.1:0", relay.Addr, "off" // the test relay speaks plain SMTP on loopback
		c.MollieAPIKey, c.MollieAPIURL = mollie.APIKey, mollie.APIURL()
	})
	ctx0 := context.Background()
	if _, err := demo.LoadAppointments(ctx0, site.App.Store, time.Now()); err != nil {
		t.Fatal(err)
	}
	sched, err := site.App.Appointments.Schedule(ctx0)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := sched.Product("paspoort")
	p.PayAtBooking, p.FeeCents, p.RefundPercent = true, 8400, 50
	if err := site.App.Appointments.SaveProduct(ctx0, p); err != nil {
		t.Fatal(err)
	}
	ctx := NewTab(t, 4*testTimeout)
	do(t, ctx, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))

	book := func(email string) {
		t.Helper()
		open(t, ctx, site.URL+"/afspraak?product=paspoort")
		tabTo(t, ctx, "#afspraak-personen")
		press(t, ctx, "two persons", kb.ArrowDown)
		tabTo(t, ctx, `input[name=locatie]`)
		if got := run(t, ctx, "location focused", chromedp.Evaluate[string](`document.activeElement.value`)); got != "stadhuis" {
			press(t, ctx, "choose the Stadhuis", kb.ArrowUp)
		}
		press(t, ctx, "choose the Stadhuis", " ")
		tabTo(t, ctx, `form[action="/afspraak"] button`)
		follow(t, ctx, "show the free days", chromedp.KeyEvent(kb.Enter))
		tabTo(t, ctx, ".appointment__day-list li:nth-child(3) a")
		follow(t, ctx, "choose a day", chromedp.KeyEvent(kb.Enter))
		tabTo(t, ctx, "#afspraak-tijd-0")
		press(t, ctx, "choose the first time", " ")
		tabTo(t, ctx, "#afspraak-naam")
		press(t, ctx, "type the name", "Fam. Yilmaz")
		tabTo(t, ctx, "#afspraak-email")
		press(t, ctx, "type the e-mail address", email)
		tabTo(t, ctx, `form[action="/afspraak/controleren"] button`)
		follow(t, ctx, "to the summary", chromedp.KeyEvent(kb.Enter))
		summary := text(t, ctx, ".request-form")
		for _, want := range []string{"Paspoort aanvragen, 2 personen", "Nu online betalen", "€ 168,00", "Pas als de betaling binnen is, is de afspraak gemaakt"} {
			if !strings.Contains(summary, want) {
				t.Errorf("summary lacks %q: %s", want, summary)
			}
		}
		if got := text(t, ctx, `form[action="/afspraak"] button`); got != "Afspraak maken en betalen" {
			t.Errorf("confirm button %q", got)
		}
		noSideScroll(t, ctx, "summary with the amount")
		CheckAccessibility(t, ctx, "summary with the amount")
		tabTo(t, ctx, `form[action="/afspraak"] button`)
		follow(t, ctx, "make the appointment and pay", chromedp.KeyEvent(kb.Enter))
		waitFor(t, ctx, "the provider's checkout", `location.href.startsWith("`+mollie.URL+`/checkout/")`)
	}

	book("yilmaz@example.nl")
	for _, m := range relay.Messages() {
		if strings.Contains(string(m.Raw), "yilmaz@example.nl") {
			t.Fatal("a confirmation went out before the payment")
		}
	}
	tabTo(t, ctx, "#doorgaan")
	if back := follow(t, ctx, "pay", chromedp.KeyEvent(kb.Enter)); !strings.HasPrefix(back, "/betalen/afspraak/") {
		t.Fatalf("after paying the resident is at %s", back)
	}
	if got := text(t, ctx, "[role=status]"); !strings.Contains(got, "Betaald: uw afspraak is gemaakt") || !strings.Contains(got, "€ 168,00") {
		t.Errorf("return page: %q", got)
	}
	ref := text(t, ctx, "#afspraak-nummer")
	noSideScroll(t, ctx, "paid page")
	CheckAccessibility(t, ctx, "paid page")

	msg := relay.WaitFor(t, 20*time.Second, func(m mailtest.Message) bool {
		return len(m.To) == 1 && m.To[0] == "yilmaz@example.nl" && strings.Contains(string(m.Raw), "afspraak.ics")
	})
	body := decodedText(t, string(msg.Raw))
	link := regexp.MustCompile(`https?://\S+/afspraak/[A-Za-z0-9_-]{43}`).FindString(body)
	if link == "" || !strings.Contains(body, "Betaald bij het maken van de afspraak: € 168,00") || !strings.Contains(body, ref) {
		t.Fatalf("confirmation mail:\n%s", body)
	}
	open(t, ctx, link)
	if got := text(t, ctx, ".request-form"); !strings.Contains(got, "U hebt € 168,00 online betaald") {
		t.Errorf("appointment page: %q", got)
	}
	tabTo(t, ctx, `form[action$="/afzeggen"] button`)
	follow(t, ctx, "cancel", chromedp.KeyEvent(kb.Enter))
	if got := text(t, ctx, "h1"); got != "Uw afspraak is afgezegd" {
		t.Errorf("after cancelling: %q", got)
	}
	CheckAccessibility(t, ctx, "cancelled")
	cancelled := relay.WaitFor(t, 20*time.Second, func(m mailtest.Message) bool {
		return len(m.To) == 1 && m.To[0] == "yilmaz@example.nl" && strings.Contains(string(m.Raw), "method=CANCEL")
	})
	if body := decodedText(t, string(cancelled.Raw)); !strings.Contains(body, "U krijgt € 84,00 terug") {
		t.Errorf("cancel mail:\n%s", body)
	}

	// A payment that fails: the time is free again, and the resident can choose again.
	book("mislukt@example.nl")
	tabTo(t, ctx, `input[value="paid"]`) // the radio group: Tab reaches the chosen one, the arrows move the choice
	press(t, ctx, "choose a failed payment", kb.ArrowDown)
	tabTo(t, ctx, "#doorgaan")
	follow(t, ctx, "pay and fail", chromedp.KeyEvent(kb.Enter))
	if got := text(t, ctx, "h1"); got != "Betaling niet gelukt" {
		t.Errorf("after a failed payment: %q", got)
	}
	CheckAccessibility(t, ctx, "failed payment")
	noSideScroll(t, ctx, "failed payment")
	list, err := site.App.Appointments.Appointments(ctx0, appointment.Filter{Email: "mislukt@example.nl"})
	if err != nil || len(list) != 1 || list[0].State != appointment.StateUnpaid {
		t.Fatalf("the failed booking: %+v %v", list, err)
	}
	tabTo(t, ctx, "#opnieuw-kiezen")
	if path := follow(t, ctx, "choose again", chromedp.KeyEvent(kb.Enter)); path != "/afspraak" {
		t.Errorf("choose again led to %s", path)
	}
}
