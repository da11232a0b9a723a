package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"loket/internal/contact"
	"loket/internal/store"
)

// TestConsoleFitsA390PixelPhone opens the inbox, a conversation and the task list on a 390 px phone: nothing
// sticks out sideways and no word is squeezed into a column so narrow that it breaks letter by letter.
func TestConsoleFitsA390PixelPhone(t *testing.T) {
	site := StartDemo(t, store.SQLite)
	ctx := context.Background()
	rc, err := site.App.Contact.Ask(ctx, contact.Question{Name: "Anna de Vries-Zonnebloem", Email: "anna.devries-zonnebloem@example.org",
		Subject: "Omgevingsvergunning dakkapel", Message: "Heb ik een omgevingsvergunning nodig voor een dakkapel aan de achterkant?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.App.Contact.AddCallback(ctx, rc.ConversationID, contact.CallbackTask{Team: "Team Klantcontact",
		Description: "Terugbellen over de dakkapel", Due: time.Now().Add(24 * time.Hour), Phone: "0612345678", CreatedBy: "kcc@voorbeeld.nl"}); err != nil {
		t.Fatal(err)
	}
	tab := NewTab(t, testTimeout)
	signInInboxAgent(t, tab, site)
	do(t, tab, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, path := range []string{"/beheer/inbox", fmt.Sprintf("/beheer/gesprekken/%d", rc.ConversationID), "/beheer/taken?team=Team+Klantcontact"} {
		open(t, tab, site.URL+path)
		got := run(t, tab, "measure "+path, chromedp.Evaluate[struct {
			Scroll, Client  int
			Wider, Squeezed []string
		}](`(() => {
			const root = document.documentElement;
			const tooWide = el => el.getBoundingClientRect().right > root.clientWidth + 0.5;
			const wider = [...document.querySelectorAll("body *")]
				.filter(el => tooWide(el) && ![...el.children].some(tooWide))
				.slice(0, 5).map(el => el.outerHTML.slice(0, 160));
			// A word broken letter by letter: a text element narrower than three letters with a long word in it.
			const squeezed = [...document.querySelectorAll("td, th, label, a, p, h1, h2, h3, strong, span, button, legend")]
				.filter(el => {
					const hidden = el.closest(".visually-hidden, thead");
					if (hidden && hidden.getBoundingClientRect().width <= 2) { return false; } // for screen readers only
					const r = el.getBoundingClientRect();
					const longest = Math.max(0, ...el.textContent.split(/\s+/).map(w => w.length));
					return r.width > 0 && longest >= 6 && r.width < 3 * parseFloat(getComputedStyle(el).fontSize);
				})
				.slice(0, 5).map(el => el.outerHTML.slice(0, 160));
			return {Scroll: root.scrollWidth, Client: root.clientWidth, Wider: wider, Squeezed: squeezed};
		})()`))
		if got.Client != 390 {
			t.Fatalf("%s: %d pixels wide, want the 390 of the phone", path, got.Client)
		}
		if got.Scroll > got.Client {
			t.Errorf("%s scrolls sideways: %d pixels in %d; too wide: %q", path, got.Scroll, got.Client, got.Wider)
		}
		if len(got.Squeezed) > 0 {
			t.Errorf("%s squeezes words letter by letter: %q", path, got.Squeezed)
		}
	}
}
