package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// navLink is one link of the console navigation as the page has it.
var navLink = regexp.MustCompile(`<a class="utrecht-nav-list__link console-nav__link" href="([^"]+)"( aria-current="page")?><span class="console-nav__label">([^<]+)</span>`)

// consoleNavOf returns the labels and the current section's label of the page's console navigation, and
// whether the page has exactly one such navigation with its accessible name.
func consoleNavOf(body string) (labels []string, current string, ok bool) {
	if strings.Count(body, `<nav class="utrecht-nav-bar console-nav" id="console-nav" aria-label="Onderdelen van beheer"`) != 1 {
		return nil, "", false
	}
	nav := body[strings.Index(body, `id="console-nav"`):]
	nav = nav[:strings.Index(nav, "</nav>")]
	for _, m := range navLink.FindAllStringSubmatch(nav, -1) {
		labels = append(labels, m[3])
		if m[2] != "" {
			current = m[3]
		}
	}
	return labels, current, true
}

// TestConsoleNavigationOnEveryPage opens every console page without a path value as every role: each has
// the one navigation, with exactly the sections that role may open (worked out by hand from the roles in
// DESIGN.md: agents the contact-centre work, editors the knowledge base, handlers the requests, managers
// everything but the knowledge base, administrators everything), and every section it shows opens.
func TestConsoleNavigationOnEveryPage(t *testing.T) {
	s := startInbox(t, storetest.Open(t, store.SQLite))
	want := map[auth.Role][]string{
		auth.RoleAgent:   {"Inbox", "Chat", "Registreren", "Taken", "Afspraken", "Beheer"},
		auth.RoleEditor:  {"Taken", "Kennisbank", "Inzicht", "Beheer"},
		auth.RoleHandler: {"Taken", "Aanvragen", "Beheer"},
		auth.RoleManager: {"Inbox", "Chat", "Registreren", "Taken", "Aanvragen", "Afspraken", "Inzicht", "Beheer"},
		auth.RoleAdmin:   {"Inbox", "Chat", "Registreren", "Taken", "Aanvragen", "Afspraken", "Kennisbank", "Inzicht", "Beheer"},
	}
	// The section each of these pages belongs to, for the roles that have it.
	currentOf := map[string]string{"/beheer/inbox": "Inbox", "/beheer/sjablonen": "Inbox", "/beheer/chat": "Chat",
		"/beheer/registreren": "Registreren", "/beheer/taken": "Taken", "/beheer/aanvragen/cijfers": "Aanvragen",
		"/beheer/afspraken/maken": "Afspraken", "/beheer/artikelen": "Kennisbank", "/beheer/controle": "Kennisbank",
		"/beheer/inzicht/zoeken": "Inzicht", "/beheer": "Beheer", "/beheer/tokens": ""}
	for _, role := range auth.Roles {
		_, c := s.addInboxStaff(t, string(role)+"@voorbeeld.nl", "Iemand", "Team Klantcontact", role)
		pages := 0
		for _, r := range s.App.StaffRoutes() {
			method, path, _ := strings.Cut(r.Pattern, " ")
			if method != "GET" || !strings.HasPrefix(path, "/beheer") || strings.Contains(path, "{") ||
				!slices.Contains(r.Roles, role) || path == "/beheer/chat/verbinding" || path == "/beheer/tellers" {
				continue
			}
			resp, err := c.Get(s.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				continue // an export or a JSON helper, not a page
			}
			pages++
			labels, current, ok := consoleNavOf(string(body))
			if !ok {
				t.Errorf("%s as %s (%d): no console navigation", path, role, resp.StatusCode)
				continue
			}
			if !slices.Equal(labels, want[role]) {
				t.Errorf("%s as %s: navigation %q, want %q", path, role, labels, want[role])
			}
			if w, known := currentOf[path]; known && current != w {
				t.Errorf("%s as %s: current section %q, want %q", path, role, current, w)
			}
		}
		t.Logf("%s: %d pages", role, pages)
		if pages < 3 {
			t.Errorf("%s: only %d console pages checked", role, pages)
		}
		// Every section shown opens for this role.
		resp, err := c.Get(s.URL + "/beheer")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, m := range navLink.FindAllStringSubmatch(string(body), -1) {
			resp, err := c.Get(s.URL + m[1])
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s as %s: section %s answers %d", m[3], role, m[1], resp.StatusCode)
			}
		}
	}
}

// TestConsoleCountersFollowTheWork: the counters of GET /beheer/tellers (and of the page) count the
// conversations nobody took, the agent's own, the agent's open tasks, and go up when an e-mail arrives;
// a role sees only the counters of its sections.
func TestConsoleCountersFollowTheWork(t *testing.T) {
	s := startInbox(t, storetest.Open(t, store.SQLite))
	ctx := context.Background()
	me, c := s.addInboxStaff(t, "karin@voorbeeld.nl", "Karin", "Team Klantcontact", auth.RoleAgent)
	other, _ := s.addInboxStaff(t, "piet@voorbeeld.nl", "Piet", "Team Klantcontact", auth.RoleAgent)
	_, editor := s.addInboxStaff(t, "eva@voorbeeld.nl", "Eva", "Team Burgerzaken", auth.RoleEditor)
	counts := func(c *http.Client) map[string]int {
		t.Helper()
		resp, err := c.Get(s.URL + "/beheer/tellers")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]int
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || json.NewDecoder(resp.Body).Decode(&out) != nil {
			t.Fatalf("tellers: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		return out
	}
	// Four questions: one stays with nobody, one is Karin's, one Piet's, one closed.
	var ids []int64
	for _, subj := range []string{"Paspoort kwijt", "Afval niet opgehaald", "Parkeervergunning", "Boom kappen"} {
		id, _ := s.ask(t, "Anna", "anna."+strings.Fields(subj)[0]+"@example.org", subj, "Mijn vraag gaat over "+strings.ToLower(subj)+".")
		ids = append(ids, id)
	}
	for _, step := range []error{
		s.App.Contact.Assign(ctx, ids[1], "Team Klantcontact", me),
		s.App.Contact.Assign(ctx, ids[2], "Team Klantcontact", other),
		s.App.Contact.SetState(ctx, ids[3], contact.StateClosed),
	} {
		if step != nil {
			t.Fatal(step)
		}
	}
	for _, who := range []int64{me, me, other} {
		if _, err := s.App.Contact.AddTask(ctx, contact.Task{ConversationID: ids[0], Team: "Team Klantcontact", AssigneeID: who,
			Description: "Terugbellen", Due: time.Now().Add(time.Hour), CreatedBy: "karin@voorbeeld.nl"}); err != nil {
			t.Fatal(err)
		}
	}
	got := counts(c)
	want := map[string]int{"inbox-nobody": 1, "inbox-mine": 1, "tasks-mine": 2, "chat-waiting": 0}
	if !mapsEqual(got, want) {
		t.Fatalf("counters %v, want %v", got, want)
	}
	if got := counts(editor); !mapsEqual(got, map[string]int{"tasks-mine": 0}) {
		t.Errorf("editor's counters %v, want only their tasks", got)
	}
	s.sendMail(t, "jan@example.org", "Jan <jan@example.org>", "Vraag over de WOZ", "Wanneer krijg ik de WOZ-beschikking?")
	want["inbox-nobody"] = 2
	if got := counts(c); !mapsEqual(got, want) {
		t.Errorf("after an e-mail: %v, want %v", got, want)
	}
	// The page shows the same numbers before any script runs.
	resp, err := c.Get(s.URL + "/beheer/taken")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for key, n := range map[string]string{"inbox-nobody": "2", "inbox-mine": "1", "tasks-mine": "2"} {
		re := regexp.MustCompile(`data-nav-count="` + key + `"[^>]*><span class="utrecht-badge-counter console-nav__number" aria-hidden="true">` + n + `</span>`)
		if !re.Match(body) {
			t.Errorf("the page's %s counter is not %s", key, n)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
