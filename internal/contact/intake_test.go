package contact_test

import (
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"loket/internal/channel/email/mailtest"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

func TestSMTPIntakeRefusesWhatItCannotStore(t *testing.T) {
	s := startSite(t, storetest.Open(t, store.SQLite))
	addr := s.App.SMTPAddr()
	ok := mailText(map[string]string{"From": "a@example.org", "Subject": "Vraag"}, "Hallo")
	for _, tc := range []struct {
		name string
		to   string
		raw  []byte
		code int
	}{
		{"unknown recipient", "iemand@voorbeeld.nl", ok, 550},
		{"malformed MIME", "info@voorbeeld.nl", []byte("From: a@example.org\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n--x--\r\n"), 554},
	} {
		err := mailtest.Send(addr, "a@example.org", []string{tc.to}, tc.raw)
		var se *smtp.SMTPError
		if !errors.As(err, &se) || se.Code != tc.code {
			t.Errorf("%s: %v, want SMTP %d", tc.name, err, tc.code)
		}
	}
	// Too large: refused at MAIL FROM when the sender declares the size (as MTAs do), otherwise during DATA.
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	var se *smtp.SMTPError
	if err := c.Mail("a@example.org", &smtp.MailOptions{Size: 31 << 20}); !errors.As(err, &se) || se.Code != 552 {
		t.Errorf("declared size 31 MB: %v, want 552", err)
	}
	c.Close()
	big := append(mailText(map[string]string{"From": "a@example.org"}, ""), []byte(strings.Repeat("x", 31<<20))...)
	if err := mailtest.Send(addr, "a@example.org", []string{"info@voorbeeld.nl"}, big); err == nil {
		t.Error("a 31 MB message was accepted")
	}
	var list struct{ Conversations []apiConversation }
	s.api(t, "GET", "/api/v1/conversations", s.Token, "", &list)
	if len(list.Conversations) != 0 {
		t.Fatalf("refused mail was stored: %d conversations", len(list.Conversations))
	}
}

func TestAutoRepliesAreStoredButNeverAnswered(t *testing.T) {
	s := startSite(t, storetest.Open(t, store.SQLite))
	for _, h := range []map[string]string{
		{"From": "a@example.org", "Subject": "Afwezig", "Auto-Submitted": "auto-replied", "Message-ID": "<ooo@example.org>"},
		{"From": "b@example.org", "Subject": "Out of office", "X-Autoreply": "yes", "Message-ID": "<ooo2@example.org>"},
	} {
		if err := mailtest.Send(s.App.SMTPAddr(), "a@example.org", []string{"info@voorbeeld.nl"}, mailText(h, "Ik ben er niet.")); err != nil {
			t.Fatal(err)
		}
	}
	// A bounce has an empty return path.
	if err := mailtest.Send(s.App.SMTPAddr(), "", []string{"info@voorbeeld.nl"},
		mailText(map[string]string{"From": "MAILER-DAEMON@mx.example.org", "Subject": "Undelivered"}, "Failed")); err != nil {
		t.Fatal(err)
	}
	// A normal question afterwards is confirmed; the automatic ones before it were not.
	if err := mailtest.Send(s.App.SMTPAddr(), "c@example.org", []string{"info@voorbeeld.nl"},
		mailText(map[string]string{"From": "c@example.org", "Subject": "Grofvuil"}, "Wanneer halen jullie grofvuil op?")); err != nil {
		t.Fatal(err)
	}
	s.Relay.WaitFor(t, 10*time.Second, to("c@example.org"))
	time.Sleep(700 * time.Millisecond) // one more sender round
	if n := len(s.Relay.Messages()); n != 1 {
		t.Fatalf("%d e-mails sent, want only the confirmation to c@example.org", n)
	}
	var list struct{ Conversations []apiConversation }
	s.api(t, "GET", "/api/v1/conversations", s.Token, "", &list)
	if len(list.Conversations) != 4 {
		t.Fatalf("%d conversations stored, want 4 (nothing is lost)", len(list.Conversations))
	}
}

func TestContactFormAndAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := startSite(t, st)
		var bad struct {
			Error  string
			Fields map[string]string
		}
		code := s.api(t, "POST", "/api/v1/contact", "", `{"name":"","email":"geen-adres","subject":"Vraag","message":""}`, &bad)
		if code != 422 || bad.Fields["name"] == "" || bad.Fields["email"] == "" || bad.Fields["message"] == "" || bad.Fields["subject"] != "" {
			t.Fatalf("invalid question: %d %+v", code, bad)
		}
		var created struct {
			Reference      string `json:"reference"`
			ConversationID int64  `json:"conversation_id"`
		}
		code = s.api(t, "POST", "/api/v1/contact", "", `{"name":"Daan","email":"daan@example.org","subject":"Erkenning","message":"Kunnen we de geboorteaangifte en de erkenning in één afspraak regelen?"}`, &created)
		if code != 201 || contact.FindReference(created.Reference) == "" || created.ConversationID == 0 {
			t.Fatalf("API question: %d %+v", code, created)
		}
		confirm := parse(t, s.Relay.WaitFor(t, 10*time.Second, to("daan@example.org")))
		if !strings.Contains(confirm.Text, created.Reference) {
			t.Fatalf("confirmation lacks the reference %s", created.Reference)
		}

		// The HTML form: errors next to the fields keep what was typed; the honeypot stores nothing.
		resp, err := http.PostForm(s.URL+"/contact", url.Values{"naam": {"Lotte"}, "email": {"lotte@"}, "onderwerp": {"Verhuizen"}, "vraag": {"Mijn vraag"}})
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(body, `aria-describedby="email-hulp email-fout"`) || !strings.Contains(body, "Mijn vraag") {
			t.Fatalf("form error: %d", resp.StatusCode)
		}
		resp, _ = http.PostForm(s.URL+"/contact", url.Values{"naam": {"Bot"}, "email": {"bot@example.org"}, "onderwerp": {"x"}, "vraag": {"spam"}, "website": {"http://spam"}})
		readAll(t, resp)
		// Sent: the browser is redirected to the confirmation (Post/Redirect/Get), which shows the number.
		jar, _ := cookiejar.New(nil)
		resident := &http.Client{Jar: jar}
		resp, err = resident.PostForm(s.URL+"/contact", url.Values{"naam": {"Lotte"}, "email": {"lotte@example.org"}, "onderwerp": {"Verhuizen"}, "vraag": {"Hoe geef ik mijn verhuizing door?"}})
		if err != nil {
			t.Fatal(err)
		}
		body = readAll(t, resp)
		ref := contact.FindReference(body)
		if resp.StatusCode != 200 || ref == "" {
			t.Fatalf("form sent: %d, no reference on screen", resp.StatusCode)
		}
		var list struct{ Conversations []apiConversation }
		s.api(t, "GET", "/api/v1/conversations?channel=form", s.Token, "", &list)
		if len(list.Conversations) != 2 {
			t.Fatalf("%d form conversations, want 2 (the honeypot one is not stored)", len(list.Conversations))
		}
		// Suggestions for any text, for telephony and chat.
		var sug struct{ Suggestions []struct{ ID string } }
		if code := s.api(t, "POST", "/api/v1/suggestions", s.Token, `{"text":"ik ben mijn id kaart kwijt"}`, &sug); code != 200 || len(sug.Suggestions) != 3 {
			t.Fatalf("suggestions: %d %+v", code, sug)
		}
		if code := s.api(t, "POST", "/api/v1/suggestions", "", `{"text":"x"}`, nil); code != 401 {
			t.Fatalf("suggestions without a token: %d", code)
		}
	})
}

func TestOutboxRetriesWithBackoffAndShowsDelivery(t *testing.T) {
	s := startSite(t, storetest.Open(t, store.SQLite))
	s.Relay.RefuseNext(1)
	var created struct {
		ConversationID int64 `json:"conversation_id"`
	}
	s.api(t, "POST", "/api/v1/contact", "", `{"name":"Eva","email":"eva@example.org","subject":"Parkeren","message":"Hoe vraag ik een parkeervergunning aan?"}`, &created)
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs, err := s.App.Store.Messages(t.Context(), created.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		d := msgs[len(msgs)-1].Delivery
		if d != nil && d.Attempts == 1 && d.State == contact.DeliveryQueued && strings.Contains(d.LastError, "451") {
			break // refused once, queued again for later (30 s back-off)
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery after a refusal: %+v", d)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := len(s.Relay.Messages()); n != 0 {
		t.Fatalf("%d mails delivered during the back-off", n)
	}
	code, page := s.page(t, "/beheer/gesprekken/"+itoa(created.ConversationID))
	if code != 200 || !strings.Contains(page, "e-mail in de wachtrij") || !strings.Contains(page, "451") {
		t.Fatalf("the agent does not see the delivery state: %d", code)
	}
}
