package app_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestConsoleWorkplace: two agents on one conversation see each other; the second answer over the first
// agent's newer one is held back with a warning that keeps the text; a team template fills in the
// resident's name, the number and the agent; a callback's number shows on the task and in the person
// panel; a task is done only with its outcome; bulk close closes the chosen conversations.
func TestConsoleWorkplace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		site := startInbox(t, st)
		_, karin := site.addInboxStaff(t, "karin@voorbeeld.nl", "Karin", "Afval", auth.RoleAgent)
		_, ahmed := site.addInboxStaff(t, "ahmed@voorbeeld.nl", "Ahmed", "Afval", auth.RoleAgent)
		id, ref := site.ask(t, "Anna de Vries", "anna@example.org", "Container kapot", "Mijn groene container is kapot.")
		page := fmt.Sprintf("%s/beheer/gesprekken/%d", site.URL, id)

		getPage(t, karin, page)
		if _, body := getPage(t, ahmed, page); !strings.Contains(body, "Karin bekijkt dit gesprek.") {
			t.Fatal("Ahmed does not see that Karin has the conversation open")
		}
		code, _, body := consolePost(t, karin, page+"/aanwezig", url.Values{"typt": {"1"}})
		if code != 200 || !strings.Contains(body, `"name":"Ahmed"`) {
			t.Fatalf("presence for Karin: %d %s", code, body)
		}
		if _, body := getPage(t, ahmed, page); !strings.Contains(body, "Karin typt een antwoord.") {
			t.Fatal("Ahmed does not see that Karin is typing")
		}

		// Both opened the page without a reply (gezien=0); Karin sends first, Ahmed's answer is held back.
		if code, _, _ := consolePost(t, karin, page+"/antwoord", url.Values{"tekst": {"We brengen een nieuwe."}, "gezien": {"0"}}); code != http.StatusSeeOther {
			t.Fatalf("Karin's reply: %d", code)
		}
		code, _, body = consolePost(t, ahmed, page+"/antwoord", url.Values{"tekst": {"Wij bellen u."}, "gezien": {"0"}})
		if code != http.StatusConflict || !strings.Contains(html.UnescapeString(body), "Karin heeft dit gesprek net beantwoord") ||
			!strings.Contains(body, "Wij bellen u.") || !strings.Contains(body, "Antwoord · Karin") {
			t.Fatalf("Ahmed over Karin's newer reply: %d, want 409 with the warning, his text and Karin's reply by name", code)
		}

		// A template of team Afval, filled in for this conversation by Ahmed.
		if code, _, _ := consolePost(t, ahmed, site.URL+"/beheer/sjablonen", url.Values{"team": {"Afval"}, "naam": {"Nieuwe container"},
			"tekst": {"Uw melding {nummer} is verwerkt."}}); code != http.StatusSeeOther {
			t.Fatalf("save template: %d", code)
		}
		list, err := site.App.Contact.Templates(context.Background(), "Afval")
		if err != nil || len(list) != 1 {
			t.Fatalf("templates: %v %v", list, err)
		}
		_, body = getPage(t, ahmed, fmt.Sprintf("%s?sjabloon=%d", page, list[0].ID))
		want := "Beste Anna de Vries,\n\nUw melding " + ref + " is verwerkt.\n\nMet vriendelijke groet,\nAhmed\nGemeente Voorbeeld"
		if !strings.Contains(html.UnescapeString(body), want) {
			t.Fatalf("the template in the reply box, want:\n%s", want)
		}

		// A callback with a number: on the task list and in the person panel.
		if code, _, _ := consolePost(t, karin, page+"/taak", url.Values{"team": {"Afval"}, "omschrijving": {"Bellen over de container"},
			"terugbellen": {"1"}, "telefoon": {"06-12345678"}, "taak-uiterlijk": {"2030-01-07T10:00"}}); code != http.StatusSeeOther {
			t.Fatalf("callback: %d", code)
		}
		if _, body := getPage(t, karin, site.URL+"/beheer/taken?team=Afval"); !strings.Contains(body, `href="tel:&#43;31612345678">06 12345678</a>`) && !strings.Contains(body, `href="tel:+31612345678">06 12345678</a>`) {
			t.Fatal("the task list does not show the number to call")
		}
		if _, body := getPage(t, karin, page); !strings.Contains(body, "Telefoon: <a") {
			t.Fatal("the person panel does not show the phone number")
		}
		tasks, _, err := site.App.Contact.Tasks(context.Background(), contact.TaskFilter{Team: "Afval"})
		if err != nil || len(tasks) != 1 {
			t.Fatalf("tasks: %v %v", tasks, err)
		}
		taskURL := fmt.Sprintf("%s/beheer/taken/%d/status", site.URL, tasks[0].ID)
		if _, to, _ := consolePost(t, karin, taskURL, url.Values{"status": {"done"}}); !strings.Contains(to, "fout=") {
			t.Fatalf("done without an outcome went to %s, want an error", to)
		}
		if _, to, _ := consolePost(t, karin, taskURL, url.Values{"status": {"done"}, "uitkomst": {"Teruggebeld, nieuwe container besteld."}}); !strings.Contains(to, "bijgewerkt=1") {
			t.Fatalf("done with an outcome went to %s", to)
		}

		// Bulk: close this one and another in one go.
		other, _ := site.ask(t, "Bram", "bram@example.org", "Afval", "Wanneer komt de papierbak?")
		code, to, _ := consolePost(t, karin, site.URL+"/beheer/inbox/bulk", url.Values{"id": {itoa(id), itoa(other)}, "actie": {"sluiten"}, "terug": {"status=active"}})
		if code != http.StatusSeeOther || !strings.Contains(to, "gedaan=2") {
			t.Fatalf("bulk close: %d to %s", code, to)
		}
		for _, cid := range []int64{id, other} {
			if c, _ := site.App.Store.Conversation(context.Background(), cid); c.State != contact.StateClosed {
				t.Fatalf("conversation %d after bulk close: %s", cid, c.State)
			}
		}
	})
}

// TestInboxRefusesBadFiltersWithTheDefaultView: filters that do not exist show the default inbox with a
// message, not an error page.
func TestInboxRefusesBadFiltersWithTheDefaultView(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		site := startInbox(t, st)
		_, agent := site.addInboxStaff(t, "karin@voorbeeld.nl", "Karin", "Afval", auth.RoleAgent)
		_, ref := site.ask(t, "Anna", "anna@example.org", "Afval", "Container kapot.")
		for _, q := range []string{"status=weg", "sorteer=willekeurig", "kanaal=fax", "na=bestaat-niet", "q=" + strings.Repeat("x", 300)} {
			code, body := getPage(t, agent, site.URL+"/beheer/inbox?"+q)
			if code != http.StatusOK || !strings.Contains(body, ref) || !strings.Contains(body, `role="alert"`) {
				t.Errorf("inbox?%.40s: %d, shows the conversation %v, with a message %v", q, code, strings.Contains(body, ref), strings.Contains(body, `role="alert"`))
			}
		}
	})
}
