package app_test

import (
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/config"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestAuditPageSpeaksDutch: the audit log stores codes ("view", "user"), and the page and its export show
// them in Dutch; the action filter is a list of those Dutch names and filters on the code.
func TestAuditPageSpeaksDutch(t *testing.T) {
	srv, a := startWith(t, storetest.Open(t, store.SQLite), func(*config.Config) {})
	password, _ := addStaff(t, a, "beheer@voorbeeld.nl", auth.RoleAdmin)
	client := login(t, srv, "beheer@voorbeeld.nl", password)
	if code, _ := getPage(t, client, srv.URL+"/beheer/gebruikers"); code != 200 { // audited as view/user
		t.Fatalf("user list: %d", code)
	}
	code, page := getPage(t, client, srv.URL+"/beheer/audit")
	if code != 200 {
		t.Fatalf("audit page: %d", code)
	}
	for _, want := range []string{
		`<td class="utrecht-table__cell">lijst bekeken</td><td class="utrecht-table__cell">medewerker</td>`, // not "view", "user"
		`<option value="view">bekeken</option>`,
		`<option value="user">medewerker</option>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("audit page lacks %s", want)
		}
	}
	for _, english := range []string{">view<", ">update<", ">user<", ">list<"} {
		if strings.Contains(page, english) {
			t.Errorf("audit page shows the code %s to staff", english)
		}
	}
	_, filtered := getPage(t, client, srv.URL+"/beheer/audit?actie=login")
	if strings.Contains(filtered, "lijst bekeken</td>") || !strings.Contains(filtered, "ingelogd</td>") {
		t.Errorf("filter on login shows other actions or misses the login")
	}
	_, csv := getPage(t, client, srv.URL+"/beheer/audit/export")
	if !strings.Contains(csv, ",lijst bekeken,medewerker,") {
		t.Errorf("export lacks the Dutch labels:\n%s", csv)
	}
}
