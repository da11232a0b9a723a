package app_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

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
	if !strings.Contains(csv, ";lijst bekeken;medewerker;") {
		t.Errorf("export lacks the Dutch labels:\n%s", csv)
	}
}

// TestAuditPagesReachEveryLine: a year of a municipality's audit log is far more than a page. With
// 12,345 lines the audit page shows 100 at a time, newest first, and "Oudere regels" reaches every line
// exactly once, in order; the export holds all 12,345 (it stopped at 10,000), in Dutch Excel's format,
// with a detail that starts with a tab and a formula made inert. A forged cursor shows the newest lines.
func TestAuditPagesReachEveryLine(t *testing.T) {
	srv, a := startWith(t, storetest.Open(t, store.SQLite), func(*config.Config) {})
	password, _ := addStaff(t, a, "beheer@voorbeeld.nl", auth.RoleAdmin)
	client := login(t, srv, "beheer@voorbeeld.nl", password)
	ctx := context.Background()
	start := time.Date(2025, 12, 1, 8, 0, 0, 0, time.UTC)
	const lines = 12345
	err := a.Store.InTx(ctx, func(tx *store.Tx) error {
		for i := range lines {
			detail := fmt.Sprintf("regel %05d", i)
			if i == 7 {
				detail = "\t=HYPERLINK(\"https://aanvaller.example\")"
			}
			// Every third line shares its second with the one before: the pages must not skip or repeat them.
			at := start.Add(time.Duration(i-i/3) * time.Second)
			if _, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
				at, "kcc@voorbeeld.nl", "view", "conversation", fmt.Sprintf("VB-C-%06d", i), detail); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`<td class="utrecht-table__cell">(VB-C-\d{6})</td>`)
	older := regexp.MustCompile(`href="([^"]+)" rel="next">Oudere regels`)
	seen, last, pages := map[string]bool{}, "VB-C-999999", 0
	for next := "/beheer/audit?soort=conversation"; next != ""; pages++ {
		code, page := getPage(t, client, srv.URL+next)
		if code != 200 {
			t.Fatalf("%s: %d", next, code)
		}
		found := row.FindAllStringSubmatch(page, -1)
		if len(found) > 100 {
			t.Fatalf("page %d holds %d lines, want at most 100", pages+1, len(found))
		}
		for _, m := range found {
			if seen[m[1]] {
				t.Fatalf("%s shown twice", m[1])
			}
			if m[1] > last {
				t.Fatalf("%s shown after %s: not newest first", m[1], last)
			}
			seen[m[1]], last = true, m[1]
		}
		next = ""
		if m := older.FindStringSubmatch(page); m != nil {
			next = html.UnescapeString(m[1])
		} else if !strings.Contains(page, "Er zijn geen oudere regels.") {
			t.Fatal("the last page does not say that no older lines follow")
		}
	}
	if len(seen) != lines || pages != 124 {
		t.Fatalf("the pages reached %d lines in %d pages, want %d in 124", len(seen), pages, lines)
	}
	if _, page := getPage(t, client, srv.URL+"/beheer/audit?soort=conversation&voor=1%27%20OR%201=1"); !strings.Contains(page, "VB-C-012344") {
		t.Error("a forged cursor does not show the newest lines")
	}
	_, csv := getPage(t, client, srv.URL+"/beheer/audit/export?soort=conversation")
	if !strings.HasPrefix(csv, "\ufeff") || strings.Count(csv, "VB-C-") != lines {
		t.Fatalf("export: BOM %v, %d lines, want all %d", strings.HasPrefix(csv, "\ufeff"), strings.Count(csv, "VB-C-"), lines)
	}
	if !strings.Contains(csv, ";VB-C-000007;\"'\t=HYPERLINK(") { // quoted: the cell holds quotes
		t.Error("the formula in a detail is not made inert in the export")
	}
}
