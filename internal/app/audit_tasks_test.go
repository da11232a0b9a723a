package app_test

import (
	"net/http"
	"testing"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestTaskListsAreAudited reproduces finding 13: the task lists in the console (/beheer/taken) and the
// API (/api/v1/tasks) show residents' names and phone numbers, and reading them left no audit entry.
func TestTaskListsAreAudited(t *testing.T) {
	srv, a := startWith(t, storetest.Open(t, store.SQLite), func(*config.Config) {})
	password, token := addStaff(t, a, "kcc@voorbeeld.nl", auth.RoleAgent)
	client := login(t, srv, "kcc@voorbeeld.nl", password)
	if code, _ := getPage(t, client, srv.URL+"/beheer/taken?team=Burgerzaken"); code != 200 {
		t.Fatalf("console task list: %d", code)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/tasks?team=Burgerzaken", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("API task list: %d", resp.StatusCode)
	}
	entries, err := a.Store.AuditEntries(t.Context(), store.AuditFilter{Actor: "kcc@voorbeeld.nl", Action: "list", ObjectType: "task"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d audit entries for the two task lists, want 2: %+v", len(entries), entries)
	}
}
