package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"loket/internal/auth"
	"loket/internal/channel/email/mailtest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestHearingInvitationCarriesCalendarFile plans a hearing in the console and follows the invitation
// through the outbox's sender to a real SMTP relay: date, time, place and what to bring in the text, and
// the appointment as a text/calendar attachment (RFC 5545).
func TestHearingInvitationCarriesCalendarFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		site := startInbox(t, st)
		seedForms(t, site.App)
		_, handlerToken := addStaff(t, site.App, "jurist@voorbeeld.nl", auth.RoleHandler)
		today := time.Now()
		body := map[string]any{"product": "bezwaar-maken", "fields": map[string]string{
			"kenmerk_besluit": "Kapvergunning Dorpsstraat", "datum_besluit": today.AddDate(0, 0, -7).Format(time.DateOnly),
			"gaat_over_datum": "nee", "gronden": "De boom is gezond.", "horen": "ja", "naam": "Anna de Boer",
			"email": "anna@example.nl", "adres": "1234 AB 5"}}
		code, resp := postJSON(t, site.URL+"/api/v1/requests", body)
		var created struct {
			Reference string `json:"reference"`
		}
		if code != http.StatusCreated || json.Unmarshal([]byte(resp), &created) != nil {
			t.Fatalf("objection: %d %s", code, resp)
		}
		day := today.AddDate(0, 0, 21)
		code, _, page := postMultipart(t, site.URL+"/beheer/aanvragen/"+created.Reference+"/hoorzitting", handlerToken, map[string]string{
			"datum": day.Format(time.DateOnly), "tijd": "10:30", "plaats": "Stadhuis, zaal 3", "meenemen": "uw identiteitsbewijs"})
		if code != http.StatusSeeOther {
			t.Fatalf("plan hearing: %d\n%s", code, page)
		}
		msg := site.Relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool {
			return bytes.Contains(m.Raw, []byte("Uitnodiging hoorzitting"))
		})
		r, err := gomail.CreateReader(bytes.NewReader(msg.Raw))
		if err != nil {
			t.Fatal(err)
		}
		var text, ics string
		for {
			p, err := r.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(p.Body)
			switch h := p.Header.(type) {
			case *gomail.InlineHeader:
				text = string(b)
			case *gomail.AttachmentHeader:
				if name, _ := h.Filename(); name == "hoorzitting.ics" {
					ics = string(b)
				}
			}
		}
		for _, want := range []string{"10.30 uur", "Stadhuis, zaal 3", "identiteitsbewijs"} {
			if !strings.Contains(text, want) {
				t.Errorf("invitation text misses %q:\n%s", want, text)
			}
		}
		if !strings.Contains(ics, "BEGIN:VEVENT") || !strings.Contains(ics, "LOCATION:Stadhuis\\, zaal 3") {
			t.Fatalf("no calendar attachment:\n%s", msg.Raw)
		}
		// The figures per procedure count the objection.
		code, page = getWith(t, site.URL+"/beheer/aanvragen/cijfers", handlerToken)
		if code != http.StatusOK || !strings.Contains(page, "<td class=\"utrecht-table__cell\">Bezwaar</td>") || !strings.Contains(page, today.Format("2006-01")) {
			t.Fatalf("figures page: %d\n%s", code, page)
		}
	})
}
