package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/channel/whatsapp"
	"loket/internal/config"
	"loket/internal/demo"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// startWith serves a demo loket with settings changed by set, on one store of the dialect.
func startWith(t *testing.T, st *store.Store, set func(*config.Config)) (*httptest.Server, *app.App) {
	t.Helper()
	ctx := context.Background()
	articles, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportArticles(ctx, articles, "test"); err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{DB: st.DSN(), Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "warn"}
	set(&cfg)
	if err := config.Load(&cfg, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() { srv.Close(); a.Close() })
	return srv, a
}

// graphAPI is the one permitted fake: a local server that checks requests in the Graph API format.
type graphAPI struct {
	mu       sync.Mutex
	requests []map[string]any
	problems []string
}

func (g *graphAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/v21.0/1065403522/messages" {
		g.problems = append(g.problems, "request "+r.Method+" "+r.URL.Path)
	}
	if r.Header.Get("Authorization") != "Bearer graph-token" || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		g.problems = append(g.problems, "headers "+r.Header.Get("Authorization")+" "+r.Header.Get("Content-Type"))
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body["messaging_product"] != "whatsapp" {
		g.problems = append(g.problems, fmt.Sprintf("body %v %v", body, err))
	}
	g.requests = append(g.requests, body)
	fmt.Fprintf(w, `{"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],"messages":[{"id":"wamid.out%d"}]}`,
		body["to"], body["to"], len(g.requests))
}

func (g *graphAPI) sent() ([]map[string]any, []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]map[string]any(nil), g.requests...), append([]string(nil), g.problems...)
}

func waMessage(id, from, text string, at time.Time) string {
	return fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"1065403522"},
"contacts":[{"profile":{"name":"Fatima Bakker"},"wa_id":"%s"}],
"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]},"field":"messages"}]}]}`,
		from, from, id, at.Unix(), text)
}

func waStatus(id, status string) string {
	return fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"1065403522"},
"statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"31612345678",
"conversation":{"id":"c1","origin":{"type":"service"}},"pricing":{"billable":true,"pricing_model":"CBP","category":"service"}}]},"field":"messages"}]}]}`,
		id, status, time.Now().Unix())
}

func postHook(t *testing.T, srv *httptest.Server, body, signature string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhooks/whatsapp", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-Hub-Signature-256", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestWhatsAppWebhookAndReplies posts Meta-format payloads, answers through a local Graph API and records
// the delivery statuses, on SQLite and PostgreSQL.
func TestWhatsAppWebhookAndReplies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		graph := &graphAPI{}
		api := httptest.NewServer(graph)
		defer api.Close()
		srv, a := startWith(t, st, func(c *config.Config) {
			c.WhatsAppAppSecret, c.WhatsAppVerifyToken, c.WhatsAppToken = "app-geheim", "verifieer-mij", "graph-token"
			c.WhatsAppAPIURL, c.WhatsAppPhoneNumber, c.WhatsAppTemplates = api.URL+"/v21.0", "1065403522", []string{"vraag_vervolg"}
		})
		ctx := context.Background()

		code, body := get(t, srv.URL+"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verifieer-mij&hub.challenge=1158201444")
		if code != 200 || body != "1158201444" {
			t.Fatalf("verification: %d %q", code, body)
		}
		if code, _ := get(t, srv.URL+"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=fout&hub.challenge=1"); code != 403 {
			t.Fatalf("verification with a wrong token: %d", code)
		}

		msg := waMessage("wamid.in1", "31612345678", "Wanneer wordt het grofvuil opgehaald?", time.Now())
		if code := postHook(t, srv, msg, ""); code != 401 {
			t.Fatalf("no signature: %d", code)
		}
		if code := postHook(t, srv, msg, whatsapp.Sign("fout", []byte(msg))); code != 401 {
			t.Fatalf("wrong signature: %d", code)
		}
		list, _ := a.Store.Conversations(ctx, store.ConversationFilter{Channel: "whatsapp"})
		if len(list) != 0 {
			t.Fatalf("an unsigned payload was stored: %d conversations", len(list))
		}
		for range 2 { // Meta delivers at least once: the duplicate must be stored once
			if code := postHook(t, srv, msg, whatsapp.Sign("app-geheim", []byte(msg))); code != 200 {
				t.Fatalf("valid payload: %d", code)
			}
		}
		list, _ = a.Store.Conversations(ctx, store.ConversationFilter{Channel: "whatsapp"})
		if len(list) != 1 || list[0].Messages != 1 || list[0].PartyName != "Fatima Bakker" {
			t.Fatalf("after a message and its duplicate: %+v", list)
		}
		conv := list[0].ID

		// Meta may report a status before loket has stored the message id it returned: it waits and is applied.
		early := waStatus("wamid.out1", "delivered")
		if code := postHook(t, srv, early, whatsapp.Sign("app-geheim", []byte(early))); code != 200 {
			t.Fatalf("early status: %d", code)
		}

		// The agent answers from the inbox; the reply goes out through the Graph API.
		password, _ := addStaff(t, a, "kcc@voorbeeld.nl", auth.RoleAgent)
		client := login(t, srv, "kcc@voorbeeld.nl", password)
		resp, err := client.PostForm(fmt.Sprintf("%s/beheer/gesprekken/%d/antwoord", srv.URL, conv),
			url.Values{"tekst": {"Het grofvuil halen we op dinsdag op."}, "status": {"waiting"}})
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("reply: %v %v", resp.StatusCode, err)
		}
		resp.Body.Close()
		requests := waitForGraph(t, graph, 1)
		if r := requests[0]; r["to"] != "31612345678" || r["type"] != "text" || r["text"].(map[string]any)["body"] != "Het grofvuil halen we op dinsdag op." {
			t.Fatalf("graph request %v", r)
		}
		waitForStatus(t, a, conv, "delivered")            // the early status, applied when the sender stored the id
		for _, s := range []string{"read", "delivered"} { // out of order: read must stay read
			st := waStatus("wamid.out1", s)
			if code := postHook(t, srv, st, whatsapp.Sign("app-geheim", []byte(st))); code != 200 {
				t.Fatalf("status %s: %d", s, code)
			}
		}
		waitForStatus(t, a, conv, "read")
		_, page := getPage(t, client, fmt.Sprintf("%s/beheer/gesprekken/%d", srv.URL, conv))
		if !strings.Contains(page, "u kunt vrij antwoorden tot") || !strings.Contains(page, "WhatsApp gelezen") {
			t.Fatalf("the conversation page does not show the window and the status")
		}

		// Two days later the window has closed: free text is refused, a template goes out.
		old := waMessage("wamid.in2", "31687654321", "Is mijn paspoort klaar?", time.Now().Add(-48*time.Hour))
		if code := postHook(t, srv, old, whatsapp.Sign("app-geheim", []byte(old))); code != 200 {
			t.Fatalf("old message: %d", code)
		}
		list, _ = a.Store.Conversations(ctx, store.ConversationFilter{Channel: "whatsapp"})
		late := list[0].ID
		resp, _ = client.PostForm(fmt.Sprintf("%s/beheer/gesprekken/%d/antwoord", srv.URL, late), url.Values{"tekst": {"Ja."}})
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 422 || !strings.Contains(string(b), "alleen een goedgekeurd sjabloon") {
			t.Fatalf("free text after 24 hours: %d", resp.StatusCode)
		}
		resp, _ = client.PostForm(fmt.Sprintf("%s/beheer/gesprekken/%d/whatsapp-sjabloon", srv.URL, late), url.Values{"sjabloon": {"vraag_vervolg"}})
		resp.Body.Close()
		requests = waitForGraph(t, graph, 2)
		tpl, _ := requests[1]["template"].(map[string]any)
		if requests[1]["type"] != "template" || tpl["name"] != "vraag_vervolg" || tpl["language"].(map[string]any)["code"] != "nl" {
			t.Fatalf("template request %v", requests[1])
		}
		if _, problems := graph.sent(); len(problems) > 0 {
			t.Fatalf("graph API requests not in the documented format: %v", problems)
		}
	})
}

func waitForGraph(t *testing.T, g *graphAPI, n int) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if r, _ := g.sent(); len(r) >= n {
			return r
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the Graph API got fewer than %d requests", n)
	return nil
}

// login signs a staff member in to the console and returns a client with the session cookie.
func login(t *testing.T, srv *httptest.Server, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(srv.URL+"/beheer/inloggen", url.Values{"email": {email}, "wachtwoord": {password}, "terug": {"/beheer"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("login: %v", err)
	}
	resp.Body.Close()
	return client
}

func getPage(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitForStatus waits until the one outbound WhatsApp message of a conversation has the status want; the
// sender stores Meta's message id only after the Graph API answered, so statuses may be applied late.
func waitForStatus(t *testing.T, a *app.App, conv int64, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		statuses, err := a.Store.WhatsAppStatuses(context.Background(), conv)
		if err != nil || len(statuses) != 1 {
			t.Fatalf("statuses %v %v", statuses, err)
		}
		var got string
		for _, s := range statuses {
			got = s
		}
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("status %q, want %s", got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
