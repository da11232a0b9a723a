package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

var searchContactLink = regexp.MustCompile(`href="/contact\?zoekopdracht=([0-9a-f]{24})"`)

// TestContactEventsReachInsight: the contact form, e-mail and replies are counted through the insight
// recorder without personal data; a question asked from a search without a good answer is a "search
// followed by a contact"; a question answered without a suggested article shows in the content gaps; and the
// service-level page reads deflection from the same events.
func TestContactEventsReachInsight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := startInbox(t, st)
		ctx := context.Background()
		_, agent := s.addInboxStaff(t, "anna@voorbeeld.nl", "Anna Agent", "Team Klantcontact", auth.RoleAgent)
		_, manager := s.addInboxStaff(t, "mia@voorbeeld.nl", "Mia Manager", "Team Klantcontact", auth.RoleManager)

		// A search without a good answer offers the contact form, carrying the search.
		const query = "qwzrtplonk vergunning voor mijn kippenhok"
		code, body := get(t, s.URL+"/zoeken?q="+url.QueryEscape(query))
		m := searchContactLink.FindStringSubmatch(body)
		if code != 200 || m == nil {
			t.Fatalf("search without a good answer: %d, no 'Stel uw vraag' link with the search", code)
		}
		code, body = get(t, s.URL+"/contact?zoekopdracht="+m[1])
		if code != 200 || !strings.Contains(body, `name="zoekopdracht" value="`+m[1]+`"`) {
			t.Fatalf("contact form does not carry the search along: %d", code)
		}
		// Without JavaScript: the server counts the start too.
		jar, _ := cookiejar.New(nil) // the confirmation after the redirect reads the number from a cookie
		resp, err := (&http.Client{Jar: jar}).PostForm(s.URL+"/contact", url.Values{"naam": {"Jan de Vries"}, "email": {"jan@example.org"},
			"onderwerp": {"Kippenhok bouwen"}, "vraag": {"Mag ik een kippenhok in mijn achtertuin bouwen zonder vergunning? Bel 0612345678."},
			"zoekopdracht": {m[1]}})
		if err != nil {
			t.Fatal(err)
		}
		sent := inboxBody(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(sent, "VB-C-") {
			t.Fatalf("sending the form: %d", resp.StatusCode)
		}
		// With JavaScript: contact.js counts the start, and leaving after a suggestion.
		for _, tc := range []struct {
			form url.Values
			code int
		}{
			{url.Values{"soort": {"form_started"}}, http.StatusNoContent},
			{url.Values{"soort": {"form_deflected"}, "artikel": {"paspoort"}}, http.StatusNoContent},
			{url.Values{"soort": {"form_deflected"}, "artikel": {"bestaat-niet"}}, http.StatusBadRequest},
			{url.Values{"soort": {"form_sent"}}, http.StatusBadRequest}, // only the server counts a sent form
			{url.Values{"soort": {"suggestion_clicked"}}, http.StatusBadRequest},
		} {
			resp, err := http.PostForm(s.URL+"/contact/gebeurtenis", tc.form)
			if err != nil {
				t.Fatal(err)
			}
			inboxBody(t, resp)
			if resp.StatusCode != tc.code {
				t.Errorf("event %v: %d, want %d", tc.form, resp.StatusCode, tc.code)
			}
		}
		s.sendMail(t, "klaas@example.org", "klaas@example.org", "Boom omgevallen", "Er ligt een boom over het fietspad.")
		s.sendMail(t, "klaas@example.org", "klaas@example.org", "Boom omgevallen", "Er ligt een boom over het fietspad.") // the same Message-ID again
		s.sendMail(t, "", "piet@example.org", "Afwezig", "Ik ben afwezig tot maandag.")

		// The agent answers the form question without a suggestion and closes it: a content gap.
		list, err := st.Conversations(ctx, store.ConversationFilter{Channel: "form"})
		if err != nil || len(list) != 1 {
			t.Fatalf("form conversations: %d %v", len(list), err)
		}
		code, _, _ = consolePost(t, agent, s.URL+"/beheer/gesprekken/"+itoa(list[0].ID)+"/antwoord",
			url.Values{"tekst": {"Voor een klein kippenhok hebt u meestal geen vergunning nodig."}, "status": {"closed"}})
		if code != http.StatusSeeOther {
			t.Fatalf("reply: %d", code)
		}

		if err := s.App.Insight.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := st.RollupInsight(ctx); err != nil {
			t.Fatal(err)
		}
		today := insight.Day(time.Now())
		form, err := st.EventTotals(ctx, insight.ChannelForm, today, today, insight.TypeFormStarted, insight.TypeFormSent,
			insight.TypeFormDeflected, insight.TypeReplySent, insight.TypeContact)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{insight.TypeFormStarted: 2, insight.TypeFormSent: 1, insight.TypeFormDeflected: 1,
			insight.TypeReplySent: 1, insight.TypeContact: 1}
		for typ, n := range want {
			if form[typ] != n {
				t.Errorf("form %s: %d, want %d (all: %v)", typ, form[typ], n, form)
			}
		}
		if email, err := st.EventTotals(ctx, insight.ChannelEmail, today, today, insight.TypeContact); err != nil || email[insight.TypeContact] != 1 {
			t.Errorf("e-mail contacts %v (%v), want 1: the duplicate and the auto-reply do not count", email, err)
		}

		// Managers see the deflection on the service-level page, from the same events.
		code, body = fetch(t, manager, s.URL+"/beheer/serviceniveaus")
		if code != 200 || !strings.Contains(body, `<strong id="afgevangen">50%</strong>`) {
			t.Fatalf("service levels: %d, deflection not 1 of 2 started forms", code)
		}

		// Searches followed by a contact: the search log is written in batches; Flush writes what is queued.
		if err := s.App.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		rows, err := st.SearchesFollowedByContact(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Query != query || rows[0].Other != 1 {
			t.Fatalf("searches followed by a contact: %+v, want %q once", rows, query)
		}
		code, body = fetch(t, manager, s.URL+"/beheer/inzicht/zoeken")
		if code != 200 || !strings.Contains(body, query) {
			t.Fatalf("search insight page: %d, the query followed by a contact is missing", code)
		}

		// The content gaps show the question's words, never the name or the phone number.
		code, body = fetch(t, manager, s.URL+"/beheer/inzicht/hiaten")
		if code != 200 || !strings.Contains(body, "kippenhok") {
			t.Fatalf("content gaps: %d, the unanswered question is missing", code)
		}
		qs, err := st.Questions(ctx, today, today)
		if err != nil || len(qs) != 1 {
			t.Fatalf("questions: %+v %v", qs, err)
		}
		for _, w := range qs[0].Words {
			if w == "jan" || w == "vries" || strings.ContainsAny(w, "0123456789@") {
				t.Errorf("personal data stored as a question word: %q", w)
			}
		}
	})
}

func inboxBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
