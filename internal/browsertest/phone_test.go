package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPhoneHasNoHorizontalScroll opens the public pages on a 375×667 phone screen: nothing may stick out
// sideways, because a resident on a phone then has to scroll both ways to read a line.
func TestPhoneHasNoHorizontalScroll(t *testing.T) {
	site, ctx := startResidentSite(t)
	do(t, ctx, "emulate a phone", chromedp.EmulateViewport(375, 667, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, path := range []string{"/", "/producten/paspoort", "/zoeken?q=paspoort+kosten", "/zoeken?q=xyzzy+qwerty"} {
		open(t, ctx, site.URL+path)
		width := run(t, ctx, "measure "+path, chromedp.Evaluate[struct {
			Scroll, Client int
			Wider          []string
		}](`(() => {
			const root = document.documentElement;
			const tooWide = el => el.getBoundingClientRect().right > root.clientWidth + 0.5;
			// Name the innermost elements that stick out, not every ancestor around them.
			const wider = [...document.querySelectorAll("body *")]
				.filter(el => tooWide(el) && ![...el.children].some(tooWide))
				.slice(0, 5).map(el => el.outerHTML.slice(0, 160));
			return {Scroll: root.scrollWidth, Client: root.clientWidth, Wider: wider};
		})()`))
		if width.Client != 375 {
			t.Fatalf("%s: the page is %d pixels wide, want the 375 of the phone", path, width.Client)
		}
		if width.Scroll > width.Client {
			t.Errorf("%s scrolls sideways on a phone: %d pixels of content in %d; too wide: %q",
				path, width.Scroll, width.Client, width.Wider)
		}
	}
}
