package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// Figures that hold: known events are recorded through the public and staff flows (page views, a
// feedback answer, a phone registration, a contact form question), rolled up by the manager's refresh
// button, and each dashboard shows exactly them. Expected values are the counts of what the test did.
func TestDashboardFiguresComeFromRealUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, a := startOn(t, s.DSN(), true)
		ctx := context.Background()
		id, err := a.Store.SaveTask(ctx, insight.Task{Name: "Paspoort aanvragen", Articles: []string{"paspoort"}, Topics: []string{"Reisdocumenten"}})
		if err != nil {
			t.Fatal(err)
		}
		manager := staffToken(t, a, "m@voorbeeld.nl", auth.RoleManager)
		agent := staffToken(t, a, "k@voorbeeld.nl", auth.RoleAgent)
		// A resident reads the passport page three times and the driving licence page once.
		for _, p := range []string{"/producten/paspoort", "/producten/paspoort", "/producten/paspoort", "/producten/rijbewijs"} {
			if code, _ := get(t, srv.URL+p); code != 200 {
				t.Fatalf("%s: %d", p, code)
			}
		}
		// One says the passport page did not help (the answer page it redirects to is not another visit).
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirect.PostForm(srv.URL+"/feedback/paspoort", url.Values{"nuttig": {"nee"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		// An agent registers a phone call about travel documents.
		if code, out := apiDo(t, srv.URL, http.MethodPost, "/api/v1/registrations", agent,
			`{"channel":"phone","subject":"Paspoort verlopen","topic_id":"paspoort","result":"answered"}`); code != 201 {
			t.Fatalf("registration: %d %s", code, out)
		}
		if err := a.Insight.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		// The manager's refresh button rolls up what was recorded.
		if code, _ := call(t, "POST", srv.URL+"/beheer/inzicht/bijwerken", manager, ""); code >= 400 {
			t.Fatalf("refresh: %d", code)
		}
		code, body := call(t, "GET", srv.URL+"/api/v1/insight/channels", manager, "")
		var channels struct {
			Channels []insight.ChannelRow `json:"channels"`
		}
		if err := json.Unmarshal([]byte(body), &channels); code != 200 || err != nil {
			t.Fatalf("channels: %d %v", code, err)
		}
		got := map[string]int64{}
		for _, c := range channels.Channels {
			got[c.Channel] = c.Contacts
		}
		if got["web"] != 4 || got["phone"] != 1 || got["counter"] != 0 {
			t.Errorf("channel dashboard %v, want 4 website visits and 1 call", got)
		}
		stats, err := a.Store.TaskStats(ctx, insight.Day(time.Now()), insight.Day(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range stats {
			if st.TaskID == id && (st.Visits != 3 || st.Contacts["phone"] != 1 || st.FeedbackNo != 1 || st.FeedbackYes != 0) {
				t.Errorf("task figures %+v, want 3 visits, 1 call, 1 'not useful'", st)
			}
		}
		// The task page and the work list show the same figures.
		_, page := call(t, "GET", srv.URL+"/beheer/inzicht/taken/"+itoa(id), manager, "")
		if !strings.Contains(page, "Website (bezoeken)</td><td class=\"utrecht-table__cell num\">3<") {
			t.Errorf("task page does not show 3 visits")
		}
		_, csv := call(t, "GET", srv.URL+"/beheer/inzicht/werklijst?formaat=csv", manager, "")
		if !strings.Contains(csv, "\r\nPaspoort aanvragen;3;0;0;0;0;1;0;0;1;") {
			t.Errorf("work list CSV:\n%s", csv)
		}
	})
}
