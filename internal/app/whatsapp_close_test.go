package app_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/calendar"
	"loket/internal/channel/whatsapp"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// nextQuietMonday is the first Monday after t whose Tuesday is a working day too, at midnight in Dutch time.
func nextQuietMonday(t time.Time) time.Time {
	d := t.In(calendar.Amsterdam).AddDate(0, 0, 1)
	for d.Weekday() != time.Monday || !calendar.IsWorkingDay(d) || !calendar.IsWorkingDay(d.AddDate(0, 0, 1)) {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, calendar.Amsterdam)
}

// TestWaitingWhatsAppIsClosedOnBothSidesOfTheWindow: two residents asked by WhatsApp and were asked
// something back on Monday at 09:00; they do not answer, and the questions close after one working day
// (the rule 0/1). Worked out by hand: the service's clock is moved to Tuesday 08:00, one working day after
// Monday. Anna wrote last on Monday 08:30, 23.5 hours before: inside the 24-hour window, so she gets a
// normal text. Bram wrote last on Monday 07:30, 24.5 hours before: outside it, so he gets the configured
// approved template, with the reference as its body variable {{1}}. Both go through the outbox to a local
// server that speaks the Graph API's wire format. With no template set, Cor (also 24.5 hours) gets nothing
// and the thread says why. On Monday 23:00 (no working day passed) nothing happens.
func TestWaitingWhatsAppIsClosedOnBothSidesOfTheWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		graph := &graphAPI{}
		apiSrv := httptest.NewServer(graph)
		t.Cleanup(apiSrv.Close)
		mon := nextQuietMonday(time.Now())
		at := func(day, hour, minute int) time.Time {
			return mon.AddDate(0, 0, day).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
		}
		clock := storetest.NewClock(at(0, 9, 0))
		srv, a := startOnWith(t, st.DSN(), false, []app.Option{app.WithClock(clock.Now)}, func(c *config.Config) {
			c.WhatsAppAppSecret, c.WhatsAppVerifyToken, c.WhatsAppToken = "app-geheim", "verifieer-mij", "graph-token"
			c.WhatsAppAPIURL, c.WhatsAppPhoneNumber = apiSrv.URL+"/v21.0", "1065403522"
			c.WaitingDays = "0/0" // the app's own worker stays off; the test runs the pass itself
		})
		ctx := context.Background()
		// A resident's WhatsApp message at a moment; at the clock's time (09:00) the agent sets it waiting.
		waiting := func(wamid, from, text string, last time.Time) contact.Conversation {
			t.Helper()
			msg := waMessage(wamid, from, text, last)
			if code := postHook(t, srv, msg, whatsapp.Sign("app-geheim", []byte(msg))); code != 200 {
				t.Fatalf("webhook: %d", code)
			}
			page, err := a.Contact.Inbox(ctx, contact.InboxQuery{Text: "0" + from[2:], Channel: contact.ChannelWhatsApp})
			if err != nil || len(page.Conversations) != 1 {
				t.Fatalf("conversation of %s: %v %v", from, page.Conversations, err)
			}
			c := page.Conversations[0]
			if err := a.Contact.SetState(ctx, c.ID, contact.StateWaiting); err != nil {
				t.Fatal(err)
			}
			return c
		}
		anna := waiting("wamid.anna", "31611111111", "Wanneer wordt mijn container geleegd?", at(0, 8, 30))
		bram := waiting("wamid.bram", "31622222222", "Mag ik een dakkapel bouwen?", at(0, 7, 30))

		set := a.Contact.Settings()
		set.Waiting = contact.WaitingRules{CloseAfter: 1, WhatsAppTemplate: "vraag_gesloten"}
		svc := contact.NewService(contact.Options{Store: a.Store, Settings: set, Now: clock.Now})

		clock.Set(at(0, 23, 0))
		if rep, err := svc.RunWaiting(ctx); err != nil || rep.Closed != 0 {
			t.Fatalf("Monday 23:00: %+v %v, want nothing closed", rep, err)
		}
		clock.Set(at(1, 8, 0))
		if rep, err := svc.RunWaiting(ctx); err != nil || rep.Closed != 2 {
			t.Fatalf("Tuesday 08:00: %+v %v, want both closed", rep, err)
		}
		requests := waitForGraph(t, graph, 2)
		byTo := map[string]map[string]any{}
		for _, r := range requests {
			byTo[r["to"].(string)] = r
		}
		text, _ := byTo["31611111111"]["text"].(map[string]any)
		if byTo["31611111111"]["type"] != "text" || !strings.Contains(text["body"].(string), "Daarom hebben we uw vraag gesloten") ||
			!strings.Contains(text["body"].(string), anna.Reference) {
			t.Errorf("inside the window: %v, want a text that says the question %s was closed", byTo["31611111111"], anna.Reference)
		}
		tpl, _ := byTo["31622222222"]["template"].(map[string]any)
		if byTo["31622222222"]["type"] != "template" || tpl["name"] != "vraag_gesloten" || tpl["language"].(map[string]any)["code"] != "nl" {
			t.Fatalf("outside the window: %v, want the template vraag_gesloten in nl", byTo["31622222222"])
		}
		comps, _ := tpl["components"].([]any)
		if len(comps) != 1 {
			t.Fatalf("template components %v", tpl["components"])
		}
		body := comps[0].(map[string]any)
		params, _ := body["parameters"].([]any)
		if body["type"] != "body" || len(params) != 1 || params[0].(map[string]any)["type"] != "text" || params[0].(map[string]any)["text"] != bram.Reference {
			t.Errorf("template body %v, want one text parameter %s", body, bram.Reference)
		}
		if _, problems := graph.sent(); len(problems) > 0 {
			t.Fatalf("graph API requests not in the documented format: %v", problems)
		}
		for _, c := range []contact.Conversation{anna, bram} {
			if got, _ := a.Store.Conversation(ctx, c.ID); got.State != contact.StateClosed {
				t.Errorf("%s: state %s, want closed", c.Reference, got.State)
			}
		}

		// The next week, without a template: Cor wrote at 07:30, waits from 09:00, and on Tuesday 08:00 (24.5
		// hours after his message) nothing can be sent; the thread says why.
		mon = nextQuietMonday(at(1, 8, 0))
		clock.Set(at(0, 9, 0))
		cor := waiting("wamid.cor", "31633333333", "Hoe vraag ik kwijtschelding aan?", at(0, 7, 30))
		set.Waiting.WhatsAppTemplate = ""
		svc = contact.NewService(contact.Options{Store: a.Store, Settings: set, Now: clock.Now})
		clock.Set(at(1, 8, 0))
		if rep, err := svc.RunWaiting(ctx); err != nil || rep.Closed != 1 {
			t.Fatalf("without a template: %+v %v", rep, err)
		}
		msgs, err := a.Store.Messages(ctx, cor.ID)
		if err != nil {
			t.Fatal(err)
		}
		notes := 0
		for _, m := range msgs {
			if m.Kind == contact.KindNote && strings.Contains(m.Body, "De inwoner is daarover niet bericht") {
				notes++
			}
		}
		if notes != 1 || len(msgs) != 2 || msgs[1].Kind != contact.KindNote {
			t.Errorf("Cor's thread has %d messages with %d notes that he was not told, want his question and that note", len(msgs), notes)
		}
		var queued int
		if err := a.Store.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND recipient = '31633333333'`).Scan(&queued); err != nil || queued != 0 {
			t.Errorf("%d WhatsApp messages queued for Cor, want none (%v)", queued, err)
		}
	})
}
