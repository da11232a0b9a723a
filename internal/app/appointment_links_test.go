package app_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/channel/email/mailtest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

var changeLink = regexp.MustCompile(`https?://\S+/afspraak/[A-Za-z0-9_-]{43}`)

// TestReminderCarriesAWorkingChangeLink books through the API, moves the service's clock to the morning
// before the appointment and lets the reminder go out: the mail at the SMTP relay on loopback carries a
// fresh change link that opens the appointment, the first link still works beside it, and once the
// resident cancels through the new link both answer with the "not found (any more)" page.
func TestReminderCarriesAWorkingChangeLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		site := startInbox(t, st)
		openAllHours(t, site.App)
		// 20:00 two days from now: the morning before, the 24-hour cut-off still allows cancelling.
		d := time.Now().In(calendar.Amsterdam).AddDate(0, 0, 2)
		start := time.Date(d.Year(), d.Month(), d.Day(), 20, 0, 0, 0, calendar.Amsterdam)
		code, body := postJSON(t, site.URL+"/api/v1/appointments", map[string]any{"products": []string{"paspoort"}, "persons": 1,
			"location": "overal", "start": start, "name": "Mevr. Bakker", "email": "bakker@example.nl"})
		if code != http.StatusCreated {
			t.Fatalf("booking: %d %s", code, body)
		}
		confirmation := mailText(t, site.Relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool {
			return strings.Contains(string(m.Raw), "bakker@example.nl") && strings.Contains(string(m.Raw), "afspraak.ics")
		}).Raw)
		first := changeLink.FindString(confirmation)
		if first == "" {
			t.Fatalf("confirmation without a change link:\n%s", confirmation)
		}

		dayBefore := start.AddDate(0, 0, -1)
		site.App.Appointments.SetClock(func() time.Time {
			return time.Date(dayBefore.Year(), dayBefore.Month(), dayBefore.Day(), 10, 0, 0, 0, calendar.Amsterdam)
		})
		if n, err := site.App.Appointments.SendReminders(context.Background()); err != nil || n != 1 {
			t.Fatalf("reminders: %d, %v", n, err)
		}
		reminder := mailText(t, site.Relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool {
			return strings.Contains(string(m.Raw), "bakker@example.nl") && strings.Contains(string(m.Raw), "Herinnering")
		}).Raw)
		fresh := changeLink.FindString(reminder)
		if fresh == "" || fresh == first {
			t.Fatalf("reminder link %q (first %q):\n%s", fresh, first, reminder)
		}
		local := func(link string) string { return site.URL + link[strings.Index(link, "/afspraak/"):] }
		for _, link := range []string{fresh, first} {
			if code, page := get(t, local(link)); code != http.StatusOK || !strings.Contains(page, "Mevr. Bakker") || !strings.Contains(page, "Afspraak afzeggen") {
				t.Fatalf("%s: %d\n%.600s", link, code, page)
			}
		}
		resp, err := http.PostForm(local(fresh)+"/afzeggen", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Uw afspraak is afgezegd") {
			t.Fatalf("cancel through the reminder's link: %d\n%.600s", resp.StatusCode, page)
		}
		for _, link := range []string{fresh, first} {
			if code, page := get(t, local(link)); code != http.StatusNotFound || !strings.Contains(page, "de link is verlopen, of de afspraak is afgezegd") {
				t.Errorf("%s after cancelling: %d\n%.600s", link, code, page)
			}
			if code := deleteURL(t, site.URL+"/api/v1/appointments/"+link[strings.LastIndex(link, "/")+1:]); code != http.StatusNotFound {
				t.Errorf("DELETE %s after cancelling: %d, want 404", link, code)
			}
		}
	})
}

// mailText is the decoded plain text of a raw mail, whether it is one part or multipart.
func mailText(t *testing.T, raw []byte) string {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return decodePart(t, m.Header.Get("Content-Transfer-Encoding"), m.Body)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("no text part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			return decodePart(t, p.Header.Get("Content-Transfer-Encoding"), p)
		}
	}
}

func decodePart(t *testing.T, encoding string, r io.Reader) string {
	t.Helper()
	if strings.EqualFold(encoding, "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
