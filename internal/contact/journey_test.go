package contact_test

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"loket/internal/channel/email"
	"loket/internal/channel/email/mailtest"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

type apiConversation struct {
	ID        int64  `json:"id"`
	Reference string `json:"reference"`
	Channel   string `json:"channel"`
	State     string `json:"state"`
	Subject   string `json:"subject"`
}

type apiConversationDetail struct {
	Conversation apiConversation `json:"conversation"`
	Messages     []struct {
		Kind           string `json:"kind"`
		Text           string `json:"text"`
		SuggestionUsed string `json:"suggestion_used"`
		Delivery       string `json:"delivery"`
	} `json:"messages"`
	Suggestions []struct {
		ID    string  `json:"id"`
		Title string  `json:"title"`
		Score float64 `json:"score"`
	} `json:"suggestions"`
}

// TestEmailJourney is the "done means": a resident e-mails the demo, the agent sees it in the inbox
// with good suggestions, answers with one, the reply arrives at the relay, the resident answers again and
// that lands in the same conversation.
func TestEmailJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := startSite(t, st)
		question := mailText(map[string]string{
			"From": "Fatima el Amrani <fatima@example.org>", "To": "info@voorbeeld.nl",
			"Subject": "Paspoort verlopen", "Message-ID": "<vraag-1@example.org>", "Date": time.Now().Format(time.RFC1123Z),
		}, "Goedemorgen, mijn paspoort verloopt in juni en we vertrekken half juli naar Thailand. "+
			"Hoe lang duurt het voordat een nieuw paspoort klaar is en wat kost het?\nMet vriendelijke groet, Fatima")
		if err := mailtest.Send(s.App.SMTPAddr(), "fatima@example.org", []string{"info@voorbeeld.nl"}, question); err != nil {
			t.Fatalf("send the question: %v", err)
		}

		// The resident gets a confirmation with the reference number, marked as automatic.
		confirm := parse(t, s.Relay.WaitFor(t, 10*time.Second, to("fatima@example.org")))
		ref := contact.FindReference(confirm.Subject)
		if ref == "" || confirm.InReplyTo != "vraag-1@example.org" || !strings.Contains(confirm.Text, ref) {
			t.Fatalf("confirmation: subject %q, in-reply-to %q", confirm.Subject, confirm.InReplyTo)
		}

		// The agent finds it in the inbox, with the passport article as the best suggestion.
		var list struct{ Conversations []apiConversation }
		if code := s.api(t, "GET", "/api/v1/conversations?channel=email", s.Token, "", &list); code != 200 || len(list.Conversations) != 1 {
			t.Fatalf("inbox: %d, %d conversations", code, len(list.Conversations))
		}
		conv := list.Conversations[0]
		if conv.Reference != ref || conv.State != contact.StateNew {
			t.Fatalf("conversation %+v, want reference %s and state new", conv, ref)
		}
		code, inbox := s.page(t, "/beheer/inbox")
		if code != 200 || !strings.Contains(inbox, ref) || !strings.Contains(inbox, "eerste antwoord") {
			t.Fatalf("inbox page: %d, reference or service level missing", code)
		}
		var detail apiConversationDetail
		s.api(t, "GET", fmt.Sprintf("/api/v1/conversations/%d", conv.ID), s.Token, "", &detail)
		if len(detail.Suggestions) != 3 || !hasSuggestion(detail, "paspoort") || detail.Suggestions[0].Score < detail.Suggestions[2].Score {
			t.Fatalf("suggestions %+v, want paspoort among 3, best first", detail.Suggestions)
		}

		// Without JavaScript, "Gebruik dit antwoord" fills in the reply; the agent adds a line and sends it.
		code, body := s.page(t, fmt.Sprintf("/beheer/gesprekken/%d?suggestie=paspoort", conv.ID))
		if code != 200 || !strings.Contains(body, "Voorgestelde antwoorden") {
			t.Fatalf("conversation page: %d", code)
		}
		prefilled := between(html.UnescapeString(body), `name="tekst" rows="10">`, "</textarea>")
		if !strings.Contains(prefilled, "/producten/paspoort") {
			t.Fatalf("reply not prefilled with the suggestion: %q", prefilled)
		}
		reply := "Beste Fatima,\n\n" + prefilled + "\n\nGoede reis!"
		resp, err := s.Agent.PostForm(s.URL+fmt.Sprintf("/beheer/gesprekken/%d/antwoord", conv.ID),
			url.Values{"tekst": {reply}, "suggestie": {"paspoort"}, "status": {contact.StateWaiting}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Request.URL.Path != fmt.Sprintf("/beheer/gesprekken/%d", conv.ID) {
			t.Fatalf("send reply: %d at %s", resp.StatusCode, resp.Request.URL)
		}

		// The reply reaches the relay, threaded under the question, with the reference in the subject.
		answer := parse(t, s.Relay.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool {
			return to("fatima@example.org")(m) && bytes.Contains(m.Raw, []byte("Goede reis"))
		}))
		if contact.FindReference(answer.Subject) != ref || answer.InReplyTo == "" || !strings.Contains(answer.Text, "/producten/paspoort") {
			t.Fatalf("reply: subject %q, in-reply-to %q", answer.Subject, answer.InReplyTo)
		}

		// The resident answers the reply; it lands in the same conversation, which opens again.
		again := mailText(map[string]string{
			"From": "fatima@example.org", "To": "info@voorbeeld.nl", "Subject": "Re: " + answer.Subject,
			"Message-ID": "<vraag-2@example.org>", "In-Reply-To": "<" + answer.MailID + ">",
			"References": "<vraag-1@example.org> <" + answer.MailID + ">",
		}, "Dank u. Moet ik de kinderen ook meenemen naar de afspraak?\n\nOp 3 maart schreef Gemeente Voorbeeld:\n> Beste Fatima")
		if err := mailtest.Send(s.App.SMTPAddr(), "fatima@example.org", []string{"info@voorbeeld.nl"}, again); err != nil {
			t.Fatal(err)
		}
		for range 100 { // the sender marks the reply sent right after the relay's 250
			detail = apiConversationDetail{}
			s.api(t, "GET", fmt.Sprintf("/api/v1/conversations/%d", conv.ID), s.Token, "", &detail)
			if len(detail.Messages) == 4 && detail.Messages[2].Delivery == contact.DeliverySent {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		kinds := []string{}
		for _, m := range detail.Messages {
			kinds = append(kinds, m.Kind)
		}
		if strings.Join(kinds, ",") != "in,auto,out,in" || detail.Conversation.State != contact.StateOpen {
			t.Fatalf("thread: kinds %v, state %s; want in,auto,out,in and open", kinds, detail.Conversation.State)
		}
		if detail.Messages[2].SuggestionUsed != "paspoort" || detail.Messages[2].Delivery != contact.DeliverySent {
			t.Fatalf("reply: suggestion %q, delivery %q", detail.Messages[2].SuggestionUsed, detail.Messages[2].Delivery)
		}
		audit, err := s.App.Store.AuditEntries(t.Context(), store.AuditFilter{ObjectType: "conversation", Action: "view"})
		if err != nil || len(audit) < 2 {
			t.Fatalf("viewing the conversation was not audit-logged: %v, %d entries", err, len(audit))
		}
	})
}

func to(addr string) func(mailtest.Message) bool {
	return func(m mailtest.Message) bool { return len(m.To) == 1 && m.To[0] == addr }
}

func parse(t *testing.T, m mailtest.Message) contact.Inbound {
	t.Helper()
	in, err := email.Parse(bytes.NewReader(m.Raw), email.DefaultLimits())
	if err != nil {
		t.Fatalf("captured mail does not parse: %v\n%s", err, m.Raw)
	}
	return in
}

func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	before, _, _ := strings.Cut(after, end)
	return before
}

func hasSuggestion(d apiConversationDetail, id string) bool {
	for _, s := range d.Suggestions {
		if s.ID == id {
			return true
		}
	}
	return false
}
