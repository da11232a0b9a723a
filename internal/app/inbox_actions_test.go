package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestInboxConsoleActions: an agent assigns a conversation (to herself, to a team and a colleague), writes
// an internal note, changes its state (waiting for the resident stops the service-level clock), sets its
// topic, hands a callback task to a team and merges it with an earlier contact of the same person; each
// time the agent sees the result, wrong input changes nothing, and views and changes are in the audit log.
func TestInboxConsoleActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		clock := storetest.NewClock(time.Now())
		s := startInbox(t, st, app.WithClock(clock.Now))
		ctx := context.Background()
		annaID, anna := s.addInboxStaff(t, "anna@voorbeeld.nl", "Anna Agent", "Team Klantcontact", auth.RoleAgent)
		bobID, bob := s.addInboxStaff(t, "bob@voorbeeld.nl", "Bob Collega", "Team Burgerzaken", auth.RoleAgent)
		editorID, _ := s.addInboxStaff(t, "eva@voorbeeld.nl", "Eva Redacteur", "Team Web", auth.RoleEditor)
		earlier, _ := s.ask(t, "Fatima Yilmaz", "fatima@example.org", "Afspraak paspoort", "Wanneer kan ik langskomen voor een paspoort?")
		id, ref := s.ask(t, "Fatima Yilmaz", "fatima@example.org", "Paspoort kwijt", "Ik ben mijn paspoort kwijt. Wat moet ik doen?")
		other, _ := s.ask(t, "Piet Jansen", "piet@example.org", "Grofvuil", "Wanneer halen jullie grofvuil op?")
		conv := s.URL + "/beheer/gesprekken/" + itoa(id)

		page := func(c *http.Client, path string) string {
			t.Helper()
			code, body := fetch(t, c, s.URL+path)
			if code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			return body
		}
		act := func(c *http.Client, action string, form url.Values, wantCode int) string {
			t.Helper()
			code, location, body := consolePost(t, c, conv+"/"+action, form)
			if code != wantCode {
				t.Fatalf("%s %v: %d, want %d\n%s", action, form, code, wantCode, body)
			}
			if code == http.StatusSeeOther && !strings.HasPrefix(location, "/beheer/gesprekken/") {
				t.Fatalf("%s redirects to %s", action, location)
			}
			return body
		}
		stored := func(id int64) contact.Conversation {
			t.Helper()
			c, err := st.Conversation(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}

		// Nobody has it yet; Anna takes it herself.
		if body := page(anna, "/beheer/inbox?medewerker=niemand"); !strings.Contains(body, ref) {
			t.Fatal("a new conversation is not in the inbox under 'Nog niemand'")
		}
		act(anna, "toewijzen", url.Values{"medewerker": {"ik"}}, http.StatusSeeOther)
		if body := page(anna, "/beheer/inbox?medewerker=ik"); !strings.Contains(body, ref) || !strings.Contains(body, "Anna Agent") {
			t.Fatal("after 'Zelf oppakken' the conversation is not under 'Ikzelf' with Anna's name")
		}
		if c := stored(id); c.AssigneeID != annaID || c.State != contact.StateOpen {
			t.Fatalf("after taking it: assignee %d state %s, want %d open", c.AssigneeID, c.State, annaID)
		}
		// To a team and a colleague: Bob finds it under 'Ikzelf', Anna no longer.
		act(anna, "toewijzen", url.Values{"team": {"Team Burgerzaken"}, "medewerker": {itoa(bobID)}}, http.StatusSeeOther)
		if body := page(bob, "/beheer/inbox?medewerker=ik&team=Team+Burgerzaken"); !strings.Contains(body, ref) {
			t.Fatal("the colleague does not find the conversation assigned to him")
		}
		if body := page(anna, "/beheer/inbox?medewerker=ik"); strings.Contains(body, ref) {
			t.Fatal("the conversation is still under Anna after giving it to Bob")
		}
		// Wrong choices are refused and change nothing.
		for _, form := range []url.Values{
			{"medewerker": {"999999"}},
			{"medewerker": {itoa(editorID)}}, // an editor answers no questions
			{"medewerker": {"bob"}},
			{"team": {"Team Bestaat Niet"}, "medewerker": {"ik"}},
		} {
			body := act(anna, "toewijzen", form, http.StatusBadRequest)
			if !strings.Contains(body, "Kies een") {
				t.Errorf("assign %v: the error does not say what to do", form)
			}
		}
		if c := stored(id); c.AssigneeID != bobID || c.Team != "Team Burgerzaken" {
			t.Fatalf("a refused assignment changed it: assignee %d team %q", c.AssigneeID, c.Team)
		}

		// An internal note shows in the thread and is never sent.
		act(anna, "notitie", url.Values{"notitie": {"Heeft al aangifte gedaan bij de politie."}}, http.StatusSeeOther)
		body := page(anna, "/beheer/gesprekken/"+itoa(id))
		if !strings.Contains(body, "Interne notitie") || !strings.Contains(body, "Heeft al aangifte gedaan bij de politie.") {
			t.Fatal("the note is not in the thread")
		}
		act(anna, "notitie", url.Values{"notitie": {"   "}}, http.StatusBadRequest)
		msgs, err := st.Messages(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		notes := 0
		for _, m := range msgs {
			if m.Kind == contact.KindNote {
				notes++
				if m.Delivery != nil {
					t.Fatal("an internal note went into the outbox")
				}
			}
		}
		if notes != 1 {
			t.Fatalf("%d notes stored, want 1", notes)
		}

		// Waiting for the resident stops the clock; reopening counts the waiting time as paused.
		act(anna, "status", url.Values{"status": {contact.StateWaiting}}, http.StatusSeeOther)
		if c := stored(id); c.State != contact.StateWaiting || c.WaitingSince.IsZero() {
			t.Fatalf("waiting: state %s since %v", c.State, c.WaitingSince)
		}
		if body := page(anna, "/beheer/inbox?status=waiting"); !strings.Contains(body, ref) || !strings.Contains(body, "Klok staat stil") {
			t.Fatal("the inbox does not show that the clock stands still while waiting")
		}
		clock.Add(25 * time.Minute)
		act(anna, "status", url.Values{"status": {contact.StateOpen}}, http.StatusSeeOther)
		if c := stored(id); c.State != contact.StateOpen || !c.WaitingSince.IsZero() || c.Paused != 25*time.Minute {
			t.Fatalf("reopened: state %s, waiting since %v, paused %v (want the 25 minutes it waited)", c.State, c.WaitingSince, c.Paused)
		}
		if body := page(anna, "/beheer/gesprekken/"+itoa(id)); strings.Contains(body, "Klok staat stil") {
			t.Fatal("the clock still stands still after reopening")
		}
		act(anna, "status", url.Values{"status": {"kwijt"}}, http.StatusBadRequest)
		if c := stored(id); c.State != contact.StateOpen {
			t.Fatalf("an unknown state changed it to %s", c.State)
		}

		// The topic is a knowledge-base article.
		act(anna, "onderwerp", url.Values{"artikel": {"paspoort"}}, http.StatusSeeOther)
		if body := page(anna, "/beheer/gesprekken/"+itoa(id)); !strings.Contains(body, "Artikel: Paspoort") {
			t.Fatal("the topic does not show the article")
		}
		if body := act(anna, "onderwerp", url.Values{"artikel": {"bestaat-niet"}}, http.StatusBadRequest); !strings.Contains(body, "bestaat-niet") {
			t.Error("the error does not name the unknown article")
		}
		if c := stored(id); c.TopicType != "article" || c.TopicID != "paspoort" {
			t.Fatalf("topic %s %s after a refused change", c.TopicType, c.TopicID)
		}

		// A callback request for a back-office team.
		act(anna, "taak", url.Values{"team": {"Team Burgerzaken"}, "omschrijving": {"Terugbelverzoek: bel mevrouw over een spoedpaspoort."}}, http.StatusSeeOther)
		if body := page(anna, "/beheer/gesprekken/"+itoa(id)); !strings.Contains(body, "Team Burgerzaken: Terugbelverzoek: bel mevrouw over een spoedpaspoort. (open)") {
			t.Fatal("the task is not on the conversation page")
		}
		act(anna, "taak", url.Values{"team": {"Team Burgerzaken"}}, http.StatusBadRequest)
		act(anna, "taak", url.Values{"team": {"Team Bestaat Niet"}, "omschrijving": {"Bellen"}}, http.StatusBadRequest)
		if tasks, err := st.ConversationTasks(ctx, id); err != nil || len(tasks) != 1 {
			t.Fatalf("%d tasks after two refused ones, want 1 (%v)", len(tasks), err)
		}

		// Merging: refused across different people, done for the same person.
		if body := act(anna, "samenvoegen", url.Values{"naar": {itoa(other)}}, http.StatusBadRequest); !strings.Contains(body, "verschillende personen") {
			t.Error("merging with another person's conversation does not say why it is refused")
		}
		if c := stored(id); c.MergedInto != 0 {
			t.Fatal("a refused merge merged")
		}
		body = page(anna, "/beheer/gesprekken/"+itoa(id))
		if !strings.Contains(body, `<option value="`+itoa(earlier)+`"`) || strings.Contains(body, `<option value="`+itoa(other)+`"`) {
			t.Fatal("the merge choices are not exactly the person's earlier contacts")
		}
		_, location, _ := consolePost(t, anna, conv+"/samenvoegen", url.Values{"naar": {itoa(earlier)}})
		if location != "/beheer/gesprekken/"+itoa(earlier) {
			t.Fatalf("merge redirects to %q", location)
		}
		body = page(anna, location)
		if !strings.Contains(body, "Ik ben mijn paspoort kwijt.") || !strings.Contains(body, "Wanneer kan ik langskomen") ||
			!strings.Contains(body, "Terugbelverzoek") {
			t.Fatal("the merged conversation does not show both questions and the task")
		}
		if body := page(anna, "/beheer/gesprekken/"+itoa(id)); !strings.Contains(body, "samengevoegd met") {
			t.Fatal("the merged-away conversation does not point at the one it joined")
		}

		for _, action := range []string{"view", "assign", "note", "state", "topic", "task", "merge"} {
			if !audited(t, s.App, "anna@voorbeeld.nl", action, id) {
				t.Errorf("no audit entry for %s by the agent", action)
			}
		}
		if audited(t, s.App, "bob@voorbeeld.nl", "view", earlier) {
			t.Fatal("a view is audited before it happened")
		}
		page(bob, "/beheer/gesprekken/"+itoa(earlier))
		if !audited(t, s.App, "bob@voorbeeld.nl", "view", earlier) {
			t.Error("the colleague's view is not audited")
		}
	})
}
