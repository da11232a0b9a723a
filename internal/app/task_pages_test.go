package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestTaskListReachesEveryTask: a team with 250 open callback tasks, more than a page. The console's task
// list shows 100 at a time, by due time, and "Volgende pagina" reaches every task once; the API's "next"
// does the same (both stopped at 1,000 without a word, and the API read the store past the service).
func TestTaskListReachesEveryTask(t *testing.T) {
	srv, a := startWith(t, storetest.Open(t, store.SQLite), func(*config.Config) {})
	password, token := addStaff(t, a, "kcc@voorbeeld.nl", auth.RoleAgent)
	client := login(t, srv, "kcc@voorbeeld.nl", password)
	ctx := context.Background()
	in, err := a.Contact.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: "Jan Jansen", Email: "jan@example.nl",
		Subject: "Terugbellen", Text: "Wilt u mij terugbellen?", MailID: "bel@example.nl"})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(time.Hour)
	for i := range 250 {
		if _, err := a.Store.AddTask(ctx, contact.Task{ConversationID: in.ConversationID, Team: "Burgerzaken",
			Description: fmt.Sprintf("Terugbellen %03d", i), CreatedBy: "kcc@voorbeeld.nl", Due: due.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}

	task := regexp.MustCompile(`Terugbellen (\d{3})`)
	next := regexp.MustCompile(`href="([^"]+)" rel="next">Volgende pagina`)
	var console []string
	for u, pages := "/beheer/taken?team=Burgerzaken&status=open", 0; u != ""; pages++ {
		if pages > 3 {
			t.Fatal("more pages than 250 tasks need")
		}
		code, page := getPage(t, client, srv.URL+u)
		if code != 200 {
			t.Fatalf("%s: %d", u, code)
		}
		found := task.FindAllStringSubmatch(page, -1)
		if len(found) > 100 {
			t.Fatalf("a page shows %d tasks, want at most 100", len(found))
		}
		for _, m := range found {
			console = append(console, m[1])
		}
		u = ""
		if m := next.FindStringSubmatch(page); m != nil {
			u = html.UnescapeString(m[1])
		}
	}
	var api []string
	for u := "/api/v1/tasks?team=Burgerzaken&state=open"; u != ""; {
		code, body := apiDo(t, srv.URL, "GET", u, token, "")
		if code != 200 {
			t.Fatalf("%s: %d %s", u, code, body)
		}
		var out struct {
			Tasks []struct{ Description string }
			Next  string
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		for _, x := range out.Tasks {
			api = append(api, strings.TrimPrefix(x.Description, "Terugbellen "))
		}
		u = out.Next
	}
	for name, got := range map[string][]string{"console": console, "API": api} {
		if len(got) != 250 {
			t.Fatalf("%s reached %d tasks, want 250", name, len(got))
		}
		for i, id := range got {
			if want := fmt.Sprintf("%03d", i); id != want {
				t.Fatalf("%s: task %d is %s, want %s (by due time, each once)", name, i+1, id, want)
			}
		}
	}
	if code, _ := apiDo(t, srv.URL, "GET", "/api/v1/tasks?page=0", token, ""); code != 400 {
		t.Errorf("page 0: %d, want 400", code)
	}
}
