package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/channel/whatsapp"
	"loket/internal/config"
	"loket/internal/identity/identitytest"
	"loket/internal/identity/oidctest"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// loginApp is loket with the demo content and the test broker (a real OpenID Connect provider in this
// process), served on an address known before it starts, so the broker knows loket's callback.
type loginApp struct {
	URL    string
	App    *app.App
	Broker *oidctest.Provider
}

func startLoginApp(t *testing.T, dsn string, settings ...func(*config.Config)) *loginApp {
	t.Helper()
	return startLoginAppWith(t, dsn, nil, settings...)
}

// startLoginAppWith is startLoginApp with options for app.Open.
func startLoginAppWith(t *testing.T, dsn string, opts []app.Option, settings ...func(*config.Config)) *loginApp {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	la := &loginApp{URL: base, Broker: identitytest.Broker(t, base+"/inloggen/terug", base+"/uitgelogd", false)}
	set := append([]func(*config.Config){func(c *config.Config) {
		c.BaseURL = base
		c.IdentityIssuer, c.IdentityClientID, c.IdentityClientSecret = la.Broker.Issuer, identitytest.ClientID, identitytest.ClientSecret
		c.IdentityKey = identitytest.Key
	}}, settings...)
	srv, a := startOnWith(t, dsn, true, opts, set...)
	srv.Close() // served below on the address the broker knows
	la.App = a
	own := httptest.NewUnstartedServer(a.Handler())
	own.Listener.Close()
	own.Listener = ln
	own.Start()
	t.Cleanup(own.Close)
	seedForms(t, a)
	return la
}

// resident logs in at the test broker as person (an identitytest person id) at level and returns a
// client that keeps the session cookie and does not follow redirects.
func (la *loginApp) resident(t *testing.T, person, level string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	means := "digid"
	if strings.HasPrefix(level, "eh") {
		means = "eherkenning"
	}
	resp, err := c.Get(la.URL + "/inloggen/" + means + "?terug=/mijn-loket")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := la.Broker.Login(context.Background(), resp.Header.Get("Location"), person, identitytest.ACR(level))
	if err != nil {
		t.Fatal(err)
	}
	resp, err = c.Get(back)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/mijn-loket" {
		t.Fatalf("login as %s: %s to %q", person, resp.Status, resp.Header.Get("Location"))
	}
	return c
}

// postAs sends a form with the client and returns the status, Location and body.
func postAs(t *testing.T, c *http.Client, u string, v url.Values) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", u[:strings.Index(u[len("http://"):], "/")+len("http://")])
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Location"), readBody(t, resp)
}

// readBody reads and closes the body of a response.
func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// getBody gets the page with the client and returns the status and body.
func getBody(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readBody(t, resp)
}

// wooDraft fills in both steps of the Woo request as the logged-in resident and returns the draft's URL.
func (la *loginApp) wooDraft(t *testing.T, c *http.Client) string {
	t.Helper()
	code, loc, body := postAs(t, c, la.URL+"/producten/woo-verzoek/aanvragen", url.Values{"stap": {"1"},
		"onderwerp": {"De besluiten over het nieuwe zwembad"}, "vorm": {"digitaal"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/aanvraag/") {
		t.Fatalf("step 1: %d %s\n%s", code, loc, body)
	}
	draft := la.URL + loc[:strings.Index(loc, "?")]
	code, loc, body = postAs(t, c, draft, url.Values{"stap": {"2"}, "naam": {"Jan Jansen"}, "email": {"jan@example.nl"}})
	if code != http.StatusSeeOther {
		t.Fatalf("step 2: %d %s\n%s", code, loc, body)
	}
	return draft
}

// failInserts makes every insert into table fail, as a crash or a full disk would at that moment.
func failInserts(t *testing.T, st *store.Store, table string) func() {
	t.Helper()
	ctx := context.Background()
	var stmts, undo []string
	if st.Dialect() == store.Postgres {
		stmts = []string{`CREATE FUNCTION loket_test_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER loket_test_fail BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION loket_test_fail()`}
		undo = []string{`DROP TRIGGER loket_test_fail ON ` + table, `DROP FUNCTION loket_test_fail()`}
	} else {
		stmts = []string{`CREATE TRIGGER loket_test_fail BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'injected fault'); END`}
		undo = []string{`DROP TRIGGER loket_test_fail`}
	}
	for _, q := range stmts {
		if _, err := st.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		for _, q := range undo {
			if _, err := st.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRequestAndItsPersonLinkCommitTogether: a request sent while logged in and its link to the person
// are one transaction. With a fault injected in the link's write, the resident is not told it was sent,
// no request exists (it would be missing from Mijn loket) and the draft is kept; sent again, it shows in
// Mijn loket.
func TestRequestAndItsPersonLinkCommitTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		la := startLoginApp(t, s.DSN())
		c := la.resident(t, "jan", "midden")
		draft := la.wooDraft(t, c)

		restore := failInserts(t, la.App.Store, "identity_request_links")
		code, loc, _ := postAs(t, c, draft+"/versturen", url.Values{})
		if code == http.StatusSeeOther && strings.Contains(loc, "/mijn-aanvraag/") {
			t.Errorf("with the link's write failing the resident was told the request is sent (%s)", loc)
		}
		if q, err := la.App.Store.RequestQueue(context.Background(), store.QueueFilter{}); err != nil || len(q) != 0 {
			t.Fatalf("after the failed link %d requests exist without their person (%v), want none", len(q), err)
		}
		restore()

		code, loc, _ = postAs(t, c, draft+"/versturen", url.Values{})
		if code != http.StatusSeeOther || !strings.Contains(loc, "/mijn-aanvraag/") {
			t.Fatalf("sending again from the kept draft: %d %s", code, loc)
		}
		q, err := la.App.Store.RequestQueue(context.Background(), store.QueueFilter{})
		if err != nil || len(q) != 1 {
			t.Fatalf("requests after sending again: %d %v", len(q), err)
		}
		_, page := getBody(t, c, la.URL+"/mijn-loket")
		if !strings.Contains(page, q[0].Reference) {
			t.Errorf("Mijn loket does not list %s", q[0].Reference)
		}
	})
}

// TestChatStartedWhileLoggedInIsInMijnLoket: a chat started through the widget while logged in is one of
// the person's questions; one started by someone else without login is not.
func TestChatStartedWhileLoggedInIsInMijnLoket(t *testing.T) {
	la := startLoginApp(t, storetest.Open(t, store.SQLite).DSN(), func(c *config.Config) { c.ChatHours = "altijd" })
	ctx := context.Background()
	id, err := la.App.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "kcc@voorbeeld.nl", Role: auth.RoleAgent}, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := la.App.Store.MarkAgentsSeen(ctx, []int64{id}, time.Now()); err != nil { // an agent is online
		t.Fatal(err)
	}
	start := func(c *http.Client, question string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, la.URL+"/chat/start", strings.NewReader(`{"question": "`+question+`", "name": "Jan"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", la.URL)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var got struct{ Reference string }
		if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusCreated || got.Reference == "" {
			t.Fatalf("chat start: %d %+v %v", resp.StatusCode, got, err)
		}
		return got.Reference
	}
	anonymous := start(http.DefaultClient, "Hoe laat sluit de milieustraat?")
	jan := la.resident(t, "jan", "midden")
	mine := start(jan, "Kan ik mijn parkeervergunning verlengen?")
	_, page := getBody(t, jan, la.URL+"/mijn-loket")
	if !strings.Contains(page, mine) || strings.Contains(page, anonymous) {
		t.Errorf("Mijn loket: want the chat %s started while logged in and not %s", mine, anonymous)
	}
}

// TestAgentLinksAConversationThroughTheAPI: POST /api/v1/conversations/{id}/person links a WhatsApp
// conversation to Jan's BSN after checking the number and the reason (both wrong: both fields named),
// audits it, and Jan then sees it in Mijn loket.
func TestAgentLinksAConversationThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		la := startLoginApp(t, s.DSN())
		ctx := context.Background()
		wa, err := la.App.Store.WhatsAppIntake(ctx, store.WhatsAppInbound{ID: "wamid.api1", From: "31612345678", Name: "Jan",
			Text: "Is mijn paspoort klaar?", At: time.Now()}, la.App.Contact.Settings())
		if err != nil {
			t.Fatal(err)
		}
		_, token := addStaff(t, la.App, "kcc@voorbeeld.nl", auth.RoleAgent)
		link := func(body string) (int, string) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodPost, la.URL+"/api/v1/conversations/"+strconv.FormatInt(wa.ConversationID, 10)+"/person", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var b strings.Builder
			io.Copy(&b, resp.Body)
			return resp.StatusCode, b.String()
		}
		if code, body := link(`{"number": "123456789", "reason": "kort"}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"number"`) || !strings.Contains(body, `"reason"`) {
			t.Fatalf("a bad BSN and a short reason: %d %s", code, body)
		}
		if code, body := link(`{"number": "` + identitytest.ResidentBSN + `", "reason": "Aan de balie gecontroleerd met paspoort"}`); code != http.StatusOK {
			t.Fatalf("link: %d %s", code, body)
		}
		audit, err := la.App.Store.AuditEntries(ctx, store.AuditFilter{Action: "link_conversation_person", ObjectID: wa.Reference})
		if err != nil || len(audit) != 1 || audit[0].Actor != "kcc@voorbeeld.nl" || !strings.Contains(audit[0].Detail, "Aan de balie gecontroleerd") {
			t.Errorf("audit: %+v %v", audit, err)
		}
		jan := la.resident(t, "jan", "midden")
		if _, page := getBody(t, jan, la.URL+"/mijn-loket"); !strings.Contains(page, wa.Reference) {
			t.Errorf("Mijn loket does not list the linked conversation %s", wa.Reference)
		}
	})
}

// TestWhatsAppNumberLinkedFromMijnLoket: Jan asked by WhatsApp without logging in. In Mijn loket he links
// his number; the page shows the message to send, and when "MIJN LOKET code" arrives from that number
// through the signed WhatsApp webhook, his WhatsApp question is in Mijn loket. Until then it is not.
func TestWhatsAppNumberLinkedFromMijnLoket(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		graph := httptest.NewServer(http.NotFoundHandler())
		defer graph.Close()
		la := startLoginApp(t, s.DSN(), func(c *config.Config) {
			c.WhatsAppAppSecret, c.WhatsAppVerifyToken, c.WhatsAppToken = "app-geheim", "verifieer-mij", "graph-token"
			c.WhatsAppAPIURL, c.WhatsAppPhoneNumber = graph.URL+"/v21.0", "1065403522"
		})
		hook := func(body string) {
			t.Helper()
			req, _ := http.NewRequest(http.MethodPost, la.URL+"/webhooks/whatsapp", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Hub-Signature-256", whatsapp.Sign("app-geheim", []byte(body)))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("webhook: %s", resp.Status)
			}
		}
		hook(waMessage("wamid.q1", "31612345678", "Wanneer wordt het grofvuil opgehaald?", time.Now()))
		convs, err := la.App.Store.Conversations(context.Background(), store.ConversationFilter{Channel: "whatsapp"})
		if err != nil || len(convs) != 1 {
			t.Fatalf("WhatsApp conversations: %d %v", len(convs), err)
		}
		ref := convs[0].Reference

		jan := la.resident(t, "jan", "midden")
		if code, loc, body := postAs(t, jan, la.URL+"/mijn-loket/telefoons", url.Values{"telefoon": {"06 1234 5678"}}); code != http.StatusSeeOther {
			t.Fatalf("link the number: %d %s %.300s", code, loc, body)
		}
		_, page := getBody(t, jan, la.URL+"/mijn-loket")
		code := regexp.MustCompile(`MIJN LOKET (\d{6})`).FindStringSubmatch(page)
		if code == nil || strings.Contains(page, ref) {
			t.Fatalf("Mijn loket after naming the number: want the message to send and not yet %s", ref)
		}
		hook(waMessage("wamid.q2", "31687654321", "MIJN LOKET "+code[1], time.Now())) // from another number: nothing
		if _, page := getBody(t, jan, la.URL+"/mijn-loket"); strings.Contains(page, ref) {
			t.Fatal("the code from another number linked Jan's WhatsApp number")
		}
		hook(waMessage("wamid.q3", "31612345678", "MIJN LOKET "+code[1], time.Now()))
		if _, page := getBody(t, jan, la.URL+"/mijn-loket"); !strings.Contains(page, ref) || !strings.Contains(page, "gekoppeld") {
			t.Errorf("after the WhatsApp message Mijn loket does not show %s", ref)
		}
	})
}
