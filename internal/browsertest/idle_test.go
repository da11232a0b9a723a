package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// advanceVirtualTime lets the page's clock run ms milliseconds ahead at once (Chromium's virtual time),
// so a timer set for minutes fires without the test waiting minutes.
func advanceVirtualTime(ms float64) chromedp.Action[chromedp.Void] {
	return chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetVirtualTimePolicy, emulation.SetVirtualTimePolicyParams{
			Policy: emulation.VirtualTimePolicyAdvance, Budget: &ms})
		return chromedp.Void{}, err
	})
}

// TestIdleWarningAMinuteBefore: Mijn loket warns after 14 idle minutes that the session ends in a
// minute, with a button that keeps it; not before. (The server ends the session itself after 15 minutes:
// TestIdleSessionEndsAfterFifteenMinutes in internal/identity.)
func TestIdleWarningAMinuteBefore(t *testing.T) {
	ls := startLoginSite(t)
	tab := NewTab(t, 2*testTimeout)
	open(t, tab, ls.URL+"/mijn-loket")
	do(t, tab, "choose DigiD", chromedp.Click(chromedp.CSS("#inloggen-digid")))
	ls.brokerLogin(t, tab, "jan", "midden")
	do(t, tab, "13 idle minutes", advanceVirtualTime(13*60*1000))
	waitFor(t, tab, "13 minutes have passed in the page", `performance.now() > 13*60*1000`)
	if hidden := run(t, tab, "warning after 13 minutes", chromedp.Evaluate[bool](`document.getElementById("sessie-waarschuwing").hidden`)); !hidden {
		t.Error("the warning shows after 13 idle minutes")
	}
	do(t, tab, "a minute and a bit more", advanceVirtualTime(65*1000))
	waitFor(t, tab, "the warning a minute before the end", `!document.getElementById("sessie-waarschuwing").hidden`)
	if focused := run(t, tab, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); focused != "sessie-verlengen" {
		t.Errorf("focus is on %q, want the keep-alive button", focused)
	}
	// No axe-core run here: virtual time stays paused once its budget is spent, and axe needs timers.
}

// TestLoginPagesFitAPhone: the login page, Mijn loket and the payment pages on a 390 px phone screen
// scroll only up and down.
func TestLoginPagesFitAPhone(t *testing.T) {
	ls := startLoginSite(t)
	tab := NewTab(t, 2*testTimeout)
	do(t, tab, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	measure := func(what string) {
		t.Helper()
		w := run(t, tab, "measure "+what, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
		if w[0] > w[1] {
			t.Errorf("%s scrolls sideways on a phone: %d pixels in %d", what, w[0], w[1])
		}
	}
	open(t, tab, ls.URL+"/inloggen")
	measure("login page")
	do(t, tab, "choose eHerkenning", chromedp.Click(chromedp.CSS("#inloggen-eherkenning")))
	ls.brokerLogin(t, tab, "telt", "eh3")
	measure("Mijn loket of an intermediary")
	open(t, tab, ls.URL+"/uitgelogd")
	measure("logged out")
}
