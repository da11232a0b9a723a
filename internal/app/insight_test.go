package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/demo"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// startInsightDemo serves the demo with a year of generated activity, as `loket demo` does.
func startInsightDemo(t testing.TB, dialect string) (*httptest.Server, *app.App) {
	t.Helper()
	srv, a := startDemo(t, dialect)
	if _, err := demo.LoadActivity(context.Background(), a.Store, time.Now()); err != nil {
		t.Fatal(err)
	}
	return srv, a
}

// staffToken creates an account with an API token, for tests and benchmarks alike.
func staffToken(t testing.TB, a *app.App, email string, role auth.Role) string {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(auth.GeneratePassword())
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: email, Role: role}, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken()
	if _, err := a.Store.AddAPIToken(ctx, id, "test", auth.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	return token
}

func TestDemoChannelsMatchTheExample(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		srv, a := startOn(t, s.DSN(), true)
		if _, err := demo.LoadActivity(context.Background(), a.Store, time.Now()); err != nil {
			t.Fatal(err)
		}
		token := staffToken(t, a, "m@voorbeeld.nl", auth.RoleManager)
		code, body := call(t, "GET", srv.URL+"/api/v1/insight/channels", token, "")
		if code != 200 {
			t.Fatalf("channels: %d %s", code, body)
		}
		var got struct {
			Channels []insight.ChannelRow `json:"channels"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		byName := map[string]insight.ChannelRow{}
		for _, c := range got.Channels {
			byName[c.Channel] = c
		}
		if len(got.Channels) != 7 {
			t.Fatalf("want 7 channels, got %s", body)
		}
		want := map[string]struct {
			contacts int64
			fte      float64
		}{"web": {270000, 3}, "phone": {70000, 14}, "counter": {40000, 12}}
		for ch, w := range want {
			if c := byName[ch]; c.Contacts != w.contacts || c.FTE != w.fte {
				t.Errorf("%s: %+v, want %d contacts and %g FTE", ch, c, w.contacts, w.fte)
			}
		}
		if n := byName["chat"].Contacts + byName["whatsapp"].Contacts; n != 15000 {
			t.Errorf("chat + WhatsApp: %d, want 15000", n)
		}
		if byName["web"].ContactsPerFTE != 90000 || byName["phone"].ContactsPerFTE != 5000 {
			t.Errorf("contacts per FTE: web %g, phone %g", byName["web"].ContactsPerFTE, byName["phone"].ContactsPerFTE)
		}
		// A period without activity counts nothing.
		_, body = call(t, "GET", srv.URL+"/api/v1/insight/channels?from=2001-01-01&to=2001-12-31", token, "")
		if strings.Contains(body, `"contacts":270000`) || !strings.Contains(body, `"contacts":0`) {
			t.Errorf("empty period: %s", body)
		}
	})
}

func TestInsightAPIRefusesBadParameters(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	manager := staffToken(t, a, "m@voorbeeld.nl", auth.RoleManager)
	editor := staffToken(t, a, "e@voorbeeld.nl", auth.RoleEditor)
	for _, tc := range []struct {
		path, token string
		code        int
		want        string
	}{
		{"/api/v1/insight/staffing?calls_per_hour=200&aht_seconds=180&target=0.8&within_seconds=20&shrinkage=0.3", manager, 200, `"agents":14,"scheduled_agents":20,"service_level":0.888`},
		{"/api/v1/insight/staffing?calls_per_hour=200&aht_seconds=540&concurrency=3", manager, 200, `"agents":14`},
		{"/api/v1/insight/staffing?aht_seconds=180", manager, 400, "calls_per_hour is required"},
		{"/api/v1/insight/staffing?calls_per_hour=abc&aht_seconds=180", manager, 400, "calls_per_hour must be a number"},
		{"/api/v1/insight/staffing?calls_per_hour=200&aht_seconds=180&target=80", manager, 400, "target must be a share"},
		{"/api/v1/insight/staffing?calls_per_hour=200&aht_seconds=0", manager, 400, "aht_seconds"},
		{"/api/v1/insight/staffing?calls_per_hour=200&aht_seconds=180&shrinkage=0.95", manager, 400, "shrinkage"},
		{"/api/v1/insight/staffing?calls_per_hour=NaN&aht_seconds=180", manager, 400, "must be a number"},
		{"/api/v1/insight/channels?from=2027-13-01", manager, 400, "from must be a date"},
		{"/api/v1/insight/channels?from=2027-02-01&to=2027-01-01", manager, 400, "to must not be before from"},
		{"/api/v1/insight/tasks?to=gisteren", manager, 400, "to must be a date"},
		{"/api/v1/insight/tasks", manager, 200, `"tasks":[]`},
		{"/api/v1/insight/channels", editor, 403, "may not"},
	} {
		code, body := call(t, "GET", srv.URL+tc.path, tc.token, "")
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want %d with %q", tc.path, code, body, tc.code, tc.want)
		}
	}
}

func TestTopTaskSurvey(t *testing.T) {
	srv, a := startDemo(t, store.SQLite)
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"Paspoort aanvragen", "Grofvuil laten ophalen", "Verhuizen", "WOZ", "Parkeren", "Trouwen"} {
		id, err := a.Store.SaveTask(ctx, insight.Task{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, itoa(id))
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	vote := func(form url.Values) (int, string) {
		resp, err := client.PostForm(srv.URL+"/toptaken", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		name string
		form url.Values
		code int
		want string
	}{
		{"nothing picked", url.Values{}, 422, "Kies minstens 1 taak"},
		{"six picked", url.Values{"taak": ids}, 422, "Kies er maximaal 5"},
		{"unknown task", url.Values{"taak": {"999999"}}, 422, "bestaat niet"},
		{"twice the same", url.Values{"taak": {ids[0], ids[0]}}, 422, "twee keer"},
		{"robot", url.Values{"taak": {ids[5]}, "website": {"x"}}, 303, ""},
		{"a vote", url.Values{"taak": {ids[0], ids[1]}}, 303, ""},
		{"another vote", url.Values{"taak": {ids[0]}}, 303, ""},
	} {
		code, body := vote(tc.form)
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want %d with %q", tc.name, code, tc.code, tc.want)
		}
	}
	votes, subs, err := a.Store.VoteTotals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	table := insight.LeagueTable(votes)
	if subs != 2 || table[0].Name != "Paspoort aanvragen" || table[0].Votes != 2 || !table[0].Top || table[1].Top {
		t.Fatalf("after two votes: %d submissions, table %+v", subs, table[:2])
	}
	// An error keeps what the visitor picked.
	_, body := vote(url.Values{"taak": ids})
	if strings.Count(body, " checked>") != 6 {
		t.Errorf("the form lost the picks after an error")
	}
}

func TestExportsOpenAsSpreadsheets(t *testing.T) {
	srv, a := startInsightDemo(t, store.SQLite)
	token := staffToken(t, a, "m@voorbeeld.nl", auth.RoleManager)
	for _, path := range []string{"/beheer/inzicht/kanalen", "/beheer/inzicht/toptaken", "/beheer/inzicht/werklijst",
		"/beheer/inzicht/zoeken", "/beheer/inzicht/hiaten"} {
		req, _ := http.NewRequest("GET", srv.URL+path+"?formaat=xlsx", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if resp.StatusCode != 200 || err != nil {
			t.Fatalf("%s: %d, not an XLSX: %v", path, resp.StatusCode, err)
		}
		if len(zr.File) < 3 || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
			t.Errorf("%s: %d files in the workbook", path, len(zr.File))
		}
		_, csvBody := call(t, "GET", srv.URL+path+"?formaat=csv", token, "")
		if lines := strings.Count(csvBody, "\n"); lines < 3 {
			t.Errorf("%s CSV has %d lines:\n%s", path, lines, csvBody)
		}
	}
	_, csvBody := call(t, "GET", srv.URL+"/beheer/inzicht/kanalen?formaat=csv", token, "")
	if !strings.HasPrefix(csvBody, "\ufeffkanaal;") || !strings.Contains(csvBody, "Telefoon;70000;") || !strings.Contains(csvBody, ";14;5000;") {
		t.Errorf("channel CSV:\n%s", csvBody)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// BenchmarkInsightDashboards renders every dashboard over a year of demo activity through the HTTP
// handler; each must stay under 200 ms.
func BenchmarkInsightDashboards(b *testing.B) {
	srv, a := startInsightDemo(b, store.SQLite)
	token := staffToken(b, a, "m@voorbeeld.nl", auth.RoleManager)
	h := a.Handler()
	_ = srv
	for _, path := range []string{"/beheer/inzicht", "/beheer/inzicht/kanalen", "/beheer/inzicht/toptaken",
		"/beheer/inzicht/taken", "/beheer/inzicht/taken/1", "/beheer/inzicht/werklijst", "/beheer/inzicht/zoeken",
		"/beheer/inzicht/hiaten", "/beheer/inzicht/bezetting", "/api/v1/insight/channels", "/api/v1/insight/tasks"} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			start := time.Now()
			for range b.N {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(per.Microseconds())/1000, "ms/page")
			if per > 200*time.Millisecond {
				b.Errorf("%s renders in %v, above 200 ms", path, per)
			}
		})
	}
}
