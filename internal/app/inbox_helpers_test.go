package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/smtp"
	"net/url"
	"strings"
	"testing"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/channel/email/mailtest"
	"loket/internal/config"
	"loket/internal/store"
)

// inboxSite is a loket with the demo knowledge base, SMTP intake on loopback, a capturing relay and
// contact hours around the clock, so service-level clocks move while a test runs.
type inboxSite struct {
	URL   string
	App   *app.App
	Relay *mailtest.Relay
}

func startInbox(t *testing.T, st *store.Store, opts ...app.Option) *inboxSite {
	t.Helper()
	relay := mailtest.StartRelay(t)
	srv, a := startOnWith(t, st.DSN(), true, opts, func(c *config.Config) {
		c.SMTPAddr, c.SMTPRelay, c.ContactHours = "127.0.0.1:0", relay.Addr, "altijd"
		c.Security.SMTPRelayTLS = "off" // the test relay speaks plain SMTP on loopback
	})
	return &inboxSite{URL: srv.URL, App: a, Relay: relay}
}

// addInboxStaff creates a named account in a team and returns its id and a console client signed in as it.
func (s *inboxSite) addInboxStaff(t *testing.T, email, name, team string, role auth.Role) (int64, *http.Client) {
	t.Helper()
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.App.Store.AddStaffUser(context.Background(), store.StaffUser{
		Staff: auth.Staff{Email: email, Name: name, Role: role}, Team: team, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	return id, consoleClient(t, s.URL, email, password)
}

// ask sends a question through POST /api/v1/contact and returns the conversation id and reference.
func (s *inboxSite) ask(t *testing.T, name, email, subject, message string) (int64, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"name": name, "email": email, "subject": subject, "message": message})
	code, resp := call(t, "POST", s.URL+"/api/v1/contact", "", string(body))
	var out struct {
		Reference      string `json:"reference"`
		ConversationID int64  `json:"conversation_id"`
	}
	if code != http.StatusCreated || json.Unmarshal([]byte(resp), &out) != nil {
		t.Fatalf("ask %q: %d %s", subject, code, resp)
	}
	return out.ConversationID, out.Reference
}

// sendMail delivers a plain e-mail to the SMTP intake; an empty envelope sender is how bounces and
// auto-replies arrive.
func (s *inboxSite) sendMail(t *testing.T, envelope, from, subject, body string) {
	t.Helper()
	msg := "From: " + from + "\r\nTo: info@voorbeeld.nl\r\nSubject: " + subject +
		"\r\nMessage-ID: <" + strings.ReplaceAll(subject, " ", ".") + "@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
	if err := smtp.SendMail(s.App.SMTPAddr(), nil, envelope, []string{"info@voorbeeld.nl"}, []byte(msg)); err != nil {
		t.Fatalf("send e-mail: %v", err)
	}
}

// consolePost posts a console form without following the redirect and returns the status, the
// redirect target and the body.
func consolePost(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nc.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// audited reports whether the audit log has an entry by actor for the action on the conversation.
func audited(t *testing.T, a *app.App, actor, action string, conversationID int64) bool {
	t.Helper()
	list, err := a.Store.AuditEntries(context.Background(), store.AuditFilter{Actor: actor, Action: action,
		ObjectType: "conversation", ObjectID: itoa(conversationID)})
	if err != nil {
		t.Fatal(err)
	}
	return len(list) > 0
}
