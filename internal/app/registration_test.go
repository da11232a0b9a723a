package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestPhoneCallBecomesCallbackTask registers a call in the console that needs a callback: the team gets a
// task with a due time and an e-mail in the outbox, the person's history shows it, and the API moves the
// task to done. On SQLite and PostgreSQL.
func TestPhoneCallBecomesCallbackTask(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		srv, a := startWith(t, st, func(*config.Config) {})
		ctx := context.Background()
		password, token := addStaff(t, a, "kcc@voorbeeld.nl", auth.RoleAgent)
		backID, err := a.Store.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "burgerzaken@voorbeeld.nl", Role: auth.RoleHandler}, Team: "Burgerzaken"})
		if err != nil || backID == 0 {
			t.Fatal(err)
		}
		client := login(t, srv, "kcc@voorbeeld.nl", password)

		// A mistake first: callback without a team keeps what was typed and says what is missing.
		form := url.Values{"kanaal": {"phone"}, "naam": {"Jan de Vries"}, "telefoon": {"06 1234 5678"}, "onderwerp": {"Paspoort kwijt"},
			"artikel": {"paspoort"}, "notitie": {"Wil weten of hij met een rijbewijs kan reizen."}, "resultaat": {"callback"},
			"uiterlijk": {time.Now().Add(24 * time.Hour).Format("2006-01-02T15:04")}}
		resp, err := client.PostForm(srv.URL+"/beheer/registreren", form)
		if err != nil {
			t.Fatal(err)
		}
		page := bodyOf(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(page, "Kies het team dat de vraag overneemt.") || !strings.Contains(page, "Wil weten of hij") {
			t.Fatalf("callback without team: %d", resp.StatusCode)
		}
		form.Set("team", "Burgerzaken")
		resp, err = client.PostForm(srv.URL+"/beheer/registreren", form)
		if err != nil {
			t.Fatal(err)
		}
		page = bodyOf(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(page, "Het contact is geregistreerd onder nummer") {
			t.Fatalf("register: %d", resp.StatusCode)
		}
		tasks, err := a.Store.TeamTasks(ctx, store.TaskFilter{Team: "Burgerzaken"})
		if err != nil || len(tasks) != 1 || tasks[0].Kind != "callback" || tasks[0].Due.IsZero() || tasks[0].State != store.TaskOpen ||
			tasks[0].Channel != "phone" {
			t.Fatalf("tasks %+v %v", tasks, err)
		}
		outbox, _ := a.Store.OutboxCounts(ctx)
		if outbox["queued"] != 1 {
			t.Fatalf("outbox %v, want the team's notification queued", outbox)
		}
		_, list := getPage(t, client, srv.URL+"/beheer/taken?team=Burgerzaken")
		if !strings.Contains(list, "Terugbellen") || !strings.Contains(list, tasks[0].Reference) {
			t.Fatalf("the team's task list does not show the callback")
		}

		// A WhatsApp message from the same number lands with the same person: one history.
		conv, _ := a.Store.Conversation(ctx, tasks[0].ConversationID)
		matches, _ := a.Store.SearchParties(ctx, "0612345678", 5)
		if len(matches) != 1 || matches[0].ID != conv.PartyID {
			t.Fatalf("search by phone number: %+v, want party %d", matches, conv.PartyID)
		}

		// The API: a counter visit that was answered, then the task done.
		body := `{"channel":"counter","party_id":` + fmt.Sprint(conv.PartyID) + `,"subject":"Afspraak maken","result":"answered"}`
		code, out := apiDo(t, srv.URL, http.MethodPost, "/api/v1/registrations", token, body)
		if code != 201 || !strings.Contains(out, `"reference"`) {
			t.Fatalf("API registration: %d %s", code, out)
		}
		history, _ := a.Store.Conversations(ctx, store.ConversationFilter{PartyID: conv.PartyID})
		if len(history) != 2 {
			t.Fatalf("the person's history has %d contacts, want the call and the visit", len(history))
		}
		if code, out := apiDo(t, srv.URL, http.MethodPost, "/api/v1/registrations", token, `{"channel":"fax","result":"answered"}`); code != 422 ||
			!strings.Contains(out, "kanaal") {
			t.Fatalf("invalid registration: %d %s", code, out)
		}
		code, out = apiDo(t, srv.URL, http.MethodGet, "/api/v1/tasks?team=Burgerzaken&state=open", token, "")
		var got struct{ Tasks []struct{ ID int64 } }
		if code != 200 || json.Unmarshal([]byte(out), &got) != nil || len(got.Tasks) != 1 {
			t.Fatalf("API tasks: %d %s", code, out)
		}
		id := fmt.Sprint(got.Tasks[0].ID)
		if code, _ := apiDo(t, srv.URL, http.MethodPatch, "/api/v1/tasks/"+id, token, `{"state":"in_progress"}`); code != 200 {
			t.Fatalf("PATCH task: %d", code)
		}
		if code, _ := apiDo(t, srv.URL, http.MethodPost, "/api/v1/tasks/"+id+"/state", token, `{"state":"klaar"}`); code != 422 {
			t.Fatalf("invalid state: %d", code)
		}
		if code, out := apiDo(t, srv.URL, http.MethodPost, "/api/v1/tasks/"+id+"/state", token, `{"state":"done","outcome":"Teruggebeld, vraag beantwoord."}`); code != 200 ||
			!strings.Contains(out, `"state":"done"`) {
			t.Fatalf("task done: %d %s", code, out)
		}
		done, _ := a.Store.TeamTask(ctx, got.Tasks[0].ID)
		if done.DoneAt.IsZero() || done.AssigneeName == "" {
			t.Fatalf("the done task %+v has no done time or no colleague who took it", done)
		}
		// The console form moves a task too.
		resp, err = client.PostForm(srv.URL+"/beheer/taken/"+id+"/status", url.Values{"status": {"open"}})
		if err != nil || bodyOf(t, resp) == "" || resp.StatusCode != 200 {
			t.Fatalf("console task state: %v", err)
		}
		if again, _ := a.Store.TeamTask(ctx, got.Tasks[0].ID); again.State != store.TaskOpen {
			t.Fatalf("state %q after reopening", again.State)
		}
	})
}

func apiDo(t *testing.T, base, method, path, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, bodyOf(t, resp)
}

// bodyOf reads and closes a response body.
func bodyOf(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
