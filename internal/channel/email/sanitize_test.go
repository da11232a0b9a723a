package email_test

import (
	"strings"
	"testing"

	"loket/internal/channel/email"
)

// TestHTMLMailCannotClobberTheConsole reproduces finding 11: <p id="tekst"> in a mail stayed in the
// sanitised HTML and took the place of the console's own #tekst. No id or name survives, at intake or
// when stored HTML is shown again; the text and the safe markup stay.
func TestHTMLMailCannotClobberTheConsole(t *testing.T) {
	raw := "From: a@example.org\r\nTo: info@voorbeeld.nl\r\nSubject: Vraag\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p id="tekst">Mijn <b name="antwoord">container</b> is vol.</p><a name="top" id="x" href="https://example.org/">link</a><img name="forms" src="https://example.org/a.png">`
	in, err := email.Parse(strings.NewReader(raw), email.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"id=", "name="} {
		if strings.Contains(in.HTML, bad) {
			t.Errorf("stored HTML keeps %s: %s", bad, in.HTML)
		}
	}
	if !strings.Contains(in.HTML, "<b>container</b>") || !strings.Contains(in.HTML, `href="https://example.org/"`) {
		t.Errorf("safe markup lost: %s", in.HTML)
	}
	// HTML stored under the old policy is cleaned when it is shown.
	old := `<p id="tekst">oud &amp; bewaard</p><script>alert(1)</script>`
	if got := email.SanitizeHTML(old); got != `<p>oud &amp; bewaard</p>` {
		t.Errorf("SanitizeHTML(stored) = %q", got)
	}
}
