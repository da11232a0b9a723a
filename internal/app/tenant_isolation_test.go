package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/xuri/excelize/v2"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/channel/email/mailtest"
	"loket/internal/config"
	"loket/internal/kb"
	"loket/internal/municipality"
	"loket/internal/store"
	"loket/internal/store/storetest"
	"loket/internal/tenant"
)

// isolated is one municipality of the background-work test: its marker word, relay and editor.
type isolated struct {
	id, host, name, marker, team string
	relay                        *mailtest.Relay
}

// seedTenant prepares a tenant's own database before it is registered, as an administrator would have
// left it: its settings and channels (its own relay), an editor in a team, and a published article of
// that team whose review date has passed and whose body links to the other municipality's article (which
// this one does not have, so its link check must call the link broken).
func seedTenant(t *testing.T, dp *deployment, x isolated, other string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenTenant(ctx, dp.DSN, x.id)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	muni, err := municipality.NewService(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	set := muni.Current()
	set.Name, set.MailFromName, set.MailDomain = x.name, x.name, x.host
	set.QuestionPrefix, set.RequestPrefix = strings.ToUpper(x.marker[:2]), strings.ToUpper(x.marker[:2])
	if err := muni.Save(ctx, "test", set); err != nil {
		t.Fatal(err)
	}
	ch, err := municipality.NewChannelService(ctx, municipality.ChannelOptions{Store: st, Key: testHostKey, Tenant: x.id})
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Save(ctx, "test", municipality.Channels{Email: municipality.EmailChannel{
		Recipients: []string{"info@" + x.host}, RelayAddr: x.relay.Addr, RelayTLS: "off"}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "redactie@" + x.host, Role: auth.RoleEditor}, Team: x.team}); err != nil {
		t.Fatal(err)
	}
	art := kb.Article{ID: "controle-" + x.marker, Type: kb.TypeVAC, Title: "Vergunning voor de " + x.marker,
		Summary: "Alleen hier: de " + x.marker + ".", Body: "Lees [de regels](/vragen/controle-" + other + ").",
		Theme: "Vergunningen", State: kb.StatePublished, Owner: x.team, ReviewBy: "2020-01-31"}
	if err := st.SaveArticle(ctx, art, "test"); err != nil {
		t.Fatal(err)
	}
}

// TestTenantsNeverShareBackgroundWork runs two municipalities on one deployment, on SQLite and
// PostgreSQL, and checks what no web route shows: the review reminders each App sends at start go to its
// own editors through its own relay from its own sender; the link check of each reads only its own
// articles; a search in A shows in A's exported dashboards and in none of B's (CSV and Excel, every
// dashboard); A's insight rollup counts A's events only; and on the chat socket B's agent is offered B's
// chat, never A's, while A's resident token opens nothing on B.
func TestTenantsNeverShareBackgroundWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		dialect := store.SQLite
		if strings.HasSuffix(t.Name(), "postgres") {
			dialect = store.Postgres
		}
		dp := startDeployment(t, dialect, func(c *config.Config) { c.IdentityKey, c.ChatHours = testHostKey, "altijd" })
		ctx := context.Background()
		A := isolated{id: "gemeente-a", host: "gemeente-a.example", name: "Gemeente A", marker: "aaplas", team: "Team Aaplas", relay: mailtest.StartRelay(t)}
		B := isolated{id: "gemeente-b", host: "gemeente-b.example", name: "Gemeente B", marker: "bebos", team: "Team Bebos", relay: mailtest.StartRelay(t)}
		for _, x := range []isolated{A, B} {
			other := map[string]string{A.marker: B.marker, B.marker: A.marker}[x.marker]
			seedTenant(t, dp, x, other)
			if err := dp.D.Host().Store.AddTenant(ctx, tenant.Tenant{ID: x.id, Name: x.name, Hosts: []string{x.host}}); err != nil {
				t.Fatal(err)
			}
		}
		a, b := waitTenant(t, dp, A.id), waitTenant(t, dp, B.id)

		// Review reminders: at start each App writes its own team, through its own relay, as itself.
		for _, x := range []isolated{A, B} {
			m := x.relay.WaitFor(t, 20*time.Second, func(m mailtest.Message) bool { return strings.Contains(strings.Join(m.To, ","), "redactie@"+x.host) })
			raw := string(m.Raw)
			if !strings.Contains(raw, "Vergunning voor de "+x.marker) || m.From != "noreply@"+x.host || !strings.Contains(raw, "http://"+x.host) {
				t.Errorf("%s's review reminder is not its own:\n%s", x.name, raw)
			}
		}
		for _, pair := range [][2]isolated{{A, B}, {B, A}} {
			for _, m := range pair[0].relay.Messages() {
				if strings.Contains(strings.Join(m.To, ","), pair[1].host) || strings.Contains(string(m.Raw), pair[1].marker) {
					t.Errorf("%s's relay carried mail of %s: %s", pair[0].name, pair[1].name, m.Raw)
				}
			}
		}

		// The link check at start reads each municipality's own articles: the link to the other's article
		// is broken on both (were the articles shared, it would work).
		_, editorA := addStaff(t, a, "eindredactie@"+A.host, auth.RoleEditor)
		_, editorB := addStaff(t, b, "eindredactie@"+B.host, auth.RoleEditor)
		waitForWithin(t, 20*time.Second, func() bool {
			_, pa := dp.on(t, A.host, "GET", "/beheer/links", editorA, "", nil)
			_, pb := dp.on(t, B.host, "GET", "/beheer/links", editorB, "", nil)
			return strings.Contains(pa, "/vragen/controle-bebos") && strings.Contains(pb, "/vragen/controle-aaplas")
		})
		if _, pb := dp.on(t, B.host, "GET", "/beheer/links", editorB, "", nil); strings.Contains(pb, "Vergunning voor de aaplas") {
			t.Error("B's links page lists A's article")
		}
		if _, pa := dp.on(t, A.host, "GET", "/beheer/links", editorA, "", nil); strings.Contains(pa, "Vergunning voor de bebos") {
			t.Error("A's links page lists B's article")
		}

		// Exports: a search in A is in A's search dashboard, and in no dashboard of B's, CSV or Excel.
		if code, _ := dp.on(t, A.host, "GET", "/zoeken?q=aaplaskwal", "", "", nil); code != http.StatusOK {
			t.Fatalf("search on A: %d", code)
		}
		_, managerA := addStaff(t, a, "manager@"+A.host, auth.RoleManager)
		_, managerB := addStaff(t, b, "manager@"+B.host, auth.RoleManager)
		today := time.Now().In(calendar.Amsterdam).Format(time.DateOnly)
		period := "?van=" + today + "&tot=" + today
		waitForWithin(t, 20*time.Second, func() bool {
			_, csv := dp.on(t, A.host, "GET", "/beheer/inzicht/zoeken"+period+"&formaat=csv", managerA, "", nil)
			return strings.Contains(csv, "aaplaskwal")
		})
		for _, path := range []string{"/beheer/inzicht/kanalen", "/beheer/inzicht/werklijst", "/beheer/inzicht/hiaten",
			"/beheer/inzicht/zoeken", "/beheer/inzicht/toptaken"} {
			code, csv := dp.on(t, B.host, "GET", path+period+"&formaat=csv", managerB, "", nil)
			if code != http.StatusOK || strings.Contains(csv, "aaplas") {
				t.Errorf("B's %s CSV: %d, holds A's search: %v", path, code, strings.Contains(csv, "aaplas"))
			}
			code, xlsx := dp.on(t, B.host, "GET", path+period+"&formaat=xlsx", managerB, "", nil)
			if code != http.StatusOK || workbookHolds(t, []byte(xlsx), "aaplas") {
				t.Errorf("B's %s workbook: %d, or it holds A's search", path, code)
			}
		}

		// Notifications: an article saved in A reaches A's index (through the change hook on SQLite, the
		// notification on PostgreSQL) and not B's.
		art := kb.Article{ID: "aaplas-steiger", Type: kb.TypeVAC, Title: "Steiger aan de aaplas", Summary: "De steiger is open.",
			Body: "Van mei tot september.", Theme: "Sport", State: kb.StatePublished, Owner: A.team, ReviewBy: "2027-06-30"}
		if err := a.Store.SaveArticle(ctx, art, "test"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			res, err := a.Search.Search("steiger", 5)
			return err == nil && len(res.Hits) > 0 && res.Hits[0].ID == art.ID
		})
		if res, _ := b.Search.Search("steiger", 5); len(res.Hits) > 0 {
			t.Errorf("B's index has A's new article: %v", res.Hits)
		}

		// Rollups: A's recorded events are counted in A's rollup, none in B's.
		a.Insight.Contact("web", "", 0)
		if err := a.Insight.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Store.RollupInsight(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Store.RollupInsight(ctx); err != nil {
			t.Fatal(err)
		}
		ta, errA := a.Store.EventTotals(ctx, "web", today, today, "contact")
		tb, errB := b.Store.EventTotals(ctx, "web", today, today, "contact")
		if errA != nil || errB != nil || ta["contact"] != 1 || tb["contact"] != 0 {
			t.Errorf("rollups: A %v %v, B %v %v; want A 1 contact and B none", ta, errA, tb, errB)
		}

		// Chat socket: A's chat reaches A's agent; B's agent is offered B's chat first, never A's.
		_, agentTokenA := addStaff(t, a, "kcc@"+A.host, auth.RoleAgent)
		_, agentTokenB := addStaff(t, b, "kcc@"+B.host, auth.RoleAgent)
		agentA := dialChatOn(t, dp, A.host, "/beheer/chat/verbinding", agentTokenA, map[string]any{"type": "hello"})
		agentA.await("A's queue", func(f chatFrame) bool { return f.Type == "queue" })
		agentB := dialChatOn(t, dp, B.host, "/beheer/chat/verbinding", agentTokenB, map[string]any{"type": "hello"})
		agentB.await("B's queue", func(f chatFrame) bool { return f.Type == "queue" })
		residentA := startChatAt(t, dp, A.host, "Mag ik zwemmen in de aaplas?")
		added, _ := agentA.await("A's chat at A's agent", func(f chatFrame) bool { return f.Type == "queue-add" })
		agentA.send(map[string]any{"type": "accept", "chat": added.Queue[0].Chat})
		agentA.await("A's question", chatText("Mag ik zwemmen in de aaplas?"))
		startChatAt(t, dp, B.host, "Waar ligt het bebos?")
		addedB, _ := agentB.await("B's first offered chat", func(f chatFrame) bool { return f.Type == "queue-add" })
		agentB.send(map[string]any{"type": "accept", "chat": addedB.Queue[0].Chat})
		if f, _ := agentB.await("the question of B's first chat", func(f chatFrame) bool { return f.Type == "message" && f.Line != nil }); f.Line.Text != "Waar ligt het bebos?" {
			t.Errorf("B's agent was offered %q first", f.Line.Text)
		}
		// A's resident token on B's host opens no chat: B answers with an error or closes the connection.
		stranger := dialChatOn(t, dp, B.host, "/chat/verbinding", "", map[string]any{"type": "hello", "token": residentA})
		timeout := time.After(10 * time.Second)
	refused:
		for {
			select {
			case f, open := <-stranger.in:
				if !open || f.Type == "error" {
					break refused
				}
				if f.Type == "message" || f.Type == "state" {
					t.Errorf("A's resident token on B's host got %+v", f)
				}
			case <-timeout:
				t.Fatal("B neither refused nor closed the connection of A's resident token")
			}
		}
	})
}

// workbookHolds reports whether any cell of any sheet of an XLSX file contains word.
func workbookHolds(t *testing.T, xlsx []byte, word string) bool {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Errorf("not a workbook: %v", err)
		return false
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			for _, cell := range row {
				if strings.Contains(strings.ToLower(cell), word) {
					return true
				}
			}
		}
	}
	return false
}

// dialChatOn opens a chat WebSocket on the deployment as if to host.
func dialChatOn(t *testing.T, dp *deployment, host, path, token string, hello map[string]any) *chatConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opts := &websocket.DialOptions{HTTPHeader: http.Header{}, Host: host}
	if token != "" {
		opts.HTTPHeader.Set("Authorization", "Bearer "+token)
	}
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(dp.URL, "http")+path, opts)
	if err != nil {
		t.Fatalf("dial %s on %s: %v", path, host, err)
	}
	c := &chatConn{t: t, conn: conn, in: make(chan chatFrame, 256)}
	go func() {
		defer close(c.in)
		for {
			_, b, err := conn.Read(context.Background())
			if err != nil {
				return
			}
			var f chatFrame
			if json.Unmarshal(b, &f) == nil {
				c.in <- f
			}
		}
	}()
	t.Cleanup(func() { conn.CloseNow() })
	c.send(hello)
	return c
}

// startChatAt opens a chat on host's public endpoint and returns the resident's token.
func startChatAt(t *testing.T, dp *deployment, host, question string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"question": question})
	code, out := dp.on(t, host, "POST", "/chat/start", "", string(body), nil)
	var res struct{ Token string }
	if json.Unmarshal([]byte(out), &res); code != http.StatusCreated || res.Token == "" {
		t.Fatalf("start chat on %s: %d %s", host, code, out)
	}
	return res.Token
}
