package contact_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// liveChats is a chat hub as the contact service sees it: it says lines in the chats that are live and
// answers ErrNotLive for every other conversation, the way the app's adapter over chat.Hub does.
type liveChats struct {
	mu   sync.Mutex
	live map[int64]bool
	said []string
}

func (l *liveChats) Say(_ context.Context, id int64, author, text, _ string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.live[id] {
		return contact.ErrNotLive
	}
	l.said = append(l.said, author+": "+text)
	return nil
}

// events keeps what the service records.
type events struct {
	mu   sync.Mutex
	list []insight.Event
}

func (e *events) Record(ev insight.Event) { e.mu.Lock(); e.list = append(e.list, ev); e.mu.Unlock() }

func (e *events) count(typ string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.list {
		if ev.Type == typ {
			n++
		}
	}
	return n
}

var testSettings = contact.Settings{Mailer: contact.Mailer{Domain: "voorbeeld.nl", BaseURL: "http://loket.test"},
	Levels: contact.DefaultServiceLevels()}

func TestReplyReachesALiveChatWhicheverSurfaceCalls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		chat, err := st.StartChat(ctx, store.ChatStart{Name: "Sanne", Email: "sanne@example.org", Question: "Mag ik een boom kappen?"}, "hash-1", 0)
		if err != nil {
			t.Fatal(err)
		}
		mail, err := st.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Name: "Piet", Email: "piet@example.org",
			Subject: "Paspoort", Text: "Hoe lang duurt het?"}, testSettings)
		if err != nil {
			t.Fatal(err)
		}
		hub := &liveChats{live: map[int64]bool{chat.ConversationID: true}}
		ev := &events{}
		svc := contact.NewService(contact.Options{Store: st, Chat: hub, Events: ev, Settings: testSettings})

		sent, err := svc.Reply(ctx, chat.ConversationID, contact.Reply{Author: "karin@voorbeeld.nl", AuthorName: "Karin", Text: "Ja, tot 20 cm."})
		if err != nil || sent.Delivery != contact.DeliveryLive {
			t.Fatalf("reply to a live chat: %+v %v, want it said in the chat", sent, err)
		}
		if len(hub.said) != 1 || hub.said[0] != "Karin: Ja, tot 20 cm." {
			t.Fatalf("the resident saw %q", hub.said)
		}
		sent, err = svc.Reply(ctx, mail.ConversationID, contact.Reply{Author: "karin@voorbeeld.nl", AuthorName: "Karin", Text: "Vijf werkdagen."})
		if err != nil || sent.Delivery != contact.DeliveryQueued || sent.MessageID == 0 {
			t.Fatalf("reply to an e-mail: %+v %v, want it queued in the outbox", sent, err)
		}
		if len(hub.said) != 1 {
			t.Fatalf("an e-mail reply went into a chat: %q", hub.said)
		}
		// A chat that ended is answered like any conversation: stored, not said.
		hub.live[chat.ConversationID] = false
		if sent, err = svc.Reply(ctx, chat.ConversationID, contact.Reply{Author: "karin@voorbeeld.nl", Text: "Nog een aanvulling."}); err != nil || sent.MessageID == 0 {
			t.Fatalf("reply to an ended chat: %+v %v", sent, err)
		}
		if got := ev.count(insight.TypeReplySent); got != 3 {
			t.Fatalf("%d replies counted, want 3", got)
		}
		_, err = svc.Reply(ctx, mail.ConversationID, contact.Reply{Text: " ", State: "weg"})
		fe := problem.FieldsOf(err)
		if fe["text"] == "" || fe["state"] == "" || !errors.Is(err, contact.ErrInvalid) {
			t.Fatalf("an empty reply with an unknown state: %v, want both fields at once", err)
		}
	})
}

func TestTheSameQuestionTwiceWithinMinutesIsOneConversation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now()
		ev := &events{}
		svc := contact.NewService(contact.Options{Store: st, Events: ev, Settings: testSettings, Now: func() time.Time { return now }})
		q := contact.Question{Name: "Anna", Email: "anna@example.org", Subject: "Afval", Message: "De container is niet geleegd."}
		first, err := svc.Ask(ctx, q)
		if err != nil || !first.New {
			t.Fatalf("first: %+v %v", first, err)
		}
		again, err := svc.Ask(ctx, contact.Question{Name: "Anna", Email: " ANNA@example.org", Subject: "Afval ", Message: "De container is niet geleegd.\r\n"})
		if err != nil || !again.Duplicate || again.ConversationID != first.ConversationID {
			t.Fatalf("the same question again: %+v %v, want the first conversation", again, err)
		}
		other, err := svc.Ask(ctx, contact.Question{Name: "Anna", Email: "anna@example.org", Subject: "Afval", Message: "En de papierbak ook niet."})
		if err != nil || other.Duplicate || other.ConversationID == first.ConversationID {
			t.Fatalf("another question: %+v %v, want a new conversation", other, err)
		}
		now = now.Add(contact.DuplicateWindow + time.Minute) // the service's clock moves past the window
		later, err := svc.Ask(ctx, q)
		if err != nil || later.Duplicate || later.ConversationID == first.ConversationID {
			t.Fatalf("the same question after the window: %+v %v, want a new conversation", later, err)
		}
		if got := ev.count(insight.TypeContact); got != 3 {
			t.Fatalf("%d contacts counted, want 3 (the duplicate is not a contact)", got)
		}
		_, err = svc.Ask(ctx, contact.Question{Email: "geen-adres"})
		if fe := problem.FieldsOf(err); len(fe) != 4 {
			t.Fatalf("an empty form: %v, want four field errors at once", err)
		}
	})
}

func TestCallbackNumberIsSavedAndTasksFinishWithAnOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := contact.NewService(contact.Options{Store: st, Settings: testSettings})
		rc, err := svc.Ask(ctx, contact.Question{Name: "Bram", Email: "bram@example.org", Subject: "Bijstand", Message: "Wie kan mij bellen?"})
		if err != nil {
			t.Fatal(err)
		}
		due := time.Now().Add(48 * time.Hour)
		id, err := svc.AddCallback(ctx, rc.ConversationID, contact.CallbackTask{Team: "Zorg", Due: due, Description: "Bellen over bijstand",
			Phone: "06 12 34 56 78", CreatedBy: "kcc@voorbeeld.nl"})
		if err != nil {
			t.Fatal(err)
		}
		tasks, counts, err := svc.Tasks(ctx, contact.TaskFilter{Team: "Zorg"})
		if err != nil || len(tasks) != 1 || tasks[0].ID != id || tasks[0].Phone != "31612345678" || counts.State[contact.TaskOpen] != 1 {
			t.Fatalf("tasks %+v counts %+v %v, want one open task with the number", tasks, counts, err)
		}
		// The number is the person's now: searching the inbox by it finds the conversation.
		page, err := svc.Inbox(ctx, contact.InboxQuery{Text: "0612345678"})
		if err != nil || len(page.Conversations) != 1 || page.Conversations[0].ID != rc.ConversationID {
			t.Fatalf("search by the callback number: %+v %v", page.Conversations, err)
		}
		if err := svc.SetTaskState(ctx, id, contact.TaskDone, "", 0); !errors.Is(err, contact.ErrInvalid) {
			t.Fatalf("done without an outcome: %v", err)
		}
		if err := svc.SetTaskState(ctx, id, contact.TaskDone, "Teruggebeld, aanvraag uitgelegd.", 0); err != nil {
			t.Fatal(err)
		}
		tasks, counts, err = svc.Tasks(ctx, contact.TaskFilter{Team: "Zorg"})
		if err != nil || tasks[0].State != contact.TaskDone || !strings.HasPrefix(tasks[0].Outcome, "Teruggebeld") || counts.State[contact.TaskDone] != 1 {
			t.Fatalf("after finishing: %+v %+v %v", tasks, counts, err)
		}
	})
}

func TestColleaguesSeeEachOtherAndANewerReplyIsNotOverwritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
		svc := contact.NewService(contact.Options{Store: st, Settings: testSettings, Now: func() time.Time { return now }})
		karin := contact.Agent{ID: addStaff(t, st, "karin@voorbeeld.nl", "Karin"), Email: "karin@voorbeeld.nl", Name: "Karin"}
		ahmed := contact.Agent{ID: addStaff(t, st, "ahmed@voorbeeld.nl", "Ahmed"), Email: "ahmed@voorbeeld.nl", Name: "Ahmed"}
		rc, err := svc.Ask(ctx, contact.Question{Name: "Anna", Email: "anna@example.org", Subject: "Afval", Message: "Container kapot."})
		if err != nil {
			t.Fatal(err)
		}
		if others, err := svc.Look(ctx, rc.ConversationID, karin, false); err != nil || len(others) != 0 {
			t.Fatalf("Karin alone: %+v %v", others, err)
		}
		now = now.Add(5 * time.Second)
		others, err := svc.Look(ctx, rc.ConversationID, ahmed, true)
		if err != nil || len(others) != 1 || others[0].Name != "Karin" || others[0].Typing {
			t.Fatalf("Ahmed sees %+v %v, want Karin looking", others, err)
		}
		others, _ = svc.Look(ctx, rc.ConversationID, karin, false)
		if len(others) != 1 || others[0].Name != "Ahmed" || !others[0].Typing {
			t.Fatalf("Karin sees %+v, want Ahmed typing", others)
		}
		// Karin's page goes quiet: after PresenceTTL Ahmed no longer sees her.
		now = now.Add(contact.PresenceTTL + time.Second)
		if others, _ = svc.Look(ctx, rc.ConversationID, ahmed, true); len(others) != 0 {
			t.Fatalf("after Karin left: %+v", others)
		}
		// Both opened the conversation without a reply; Ahmed sends first.
		sent, err := svc.Reply(ctx, rc.ConversationID, contact.Reply{Author: ahmed.Email, AuthorName: ahmed.Name, Text: "Wij komen langs.", CheckSeen: true})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Reply(ctx, rc.ConversationID, contact.Reply{Author: karin.Email, AuthorName: karin.Name, Text: "Wij bellen u.", CheckSeen: true})
		if problem.KindOf(err) != problem.Conflict || !strings.Contains(problem.MessageOf(err), "Ahmed heeft dit gesprek net beantwoord") {
			t.Fatalf("Karin over Ahmed's newer reply: %v, want a conflict naming Ahmed", err)
		}
		// Having seen it, Karin may still add something.
		if _, err := svc.Reply(ctx, rc.ConversationID, contact.Reply{Author: karin.Email, AuthorName: karin.Name, Text: "Aanvulling.",
			CheckSeen: true, SeenReplyID: sent.MessageID}); err != nil {
			t.Fatalf("after seeing the newer reply: %v", err)
		}
		msgs, err := st.Messages(ctx, rc.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range msgs {
			if m.Kind == contact.KindOut {
				names = append(names, m.AuthorName)
			}
		}
		if strings.Join(names, ",") != "Ahmed,Karin" {
			t.Fatalf("reply authors in the thread: %v, want Ahmed,Karin", names)
		}
	})
}

func TestTemplatesFillInTheConversationAndRefuseUnknownPlaceholders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		set := testSettings
		set.Mailer.Municipality = "Gemeente Voorbeeld"
		svc := contact.NewService(contact.Options{Store: st, Settings: set})
		rc, err := svc.Ask(ctx, contact.Question{Name: "Anna de Vries", Email: "anna@example.org", Subject: "Afval", Message: "Container kapot."})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.SaveTemplate(ctx, contact.Template{Team: "Afval", Name: "Nieuwe container", Body: "Uw {nmr} is ontvangen."})
		if problem.FieldsOf(err)["body"] == "" {
			t.Fatalf("a typo in a placeholder: %v, want refused", err)
		}
		id, err := svc.SaveTemplate(ctx, contact.Template{Team: "Afval", Name: "Nieuwe container",
			Body: "Uw melding {nummer} is ontvangen. Wij brengen binnen 5 werkdagen een nieuwe container."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveTemplate(ctx, contact.Template{Team: "Afval", Name: "Nieuwe container", Body: "x"}); problem.FieldsOf(err)["name"] == "" {
			t.Fatalf("two templates with one name: %v", err)
		}
		draft, err := svc.Draft(ctx, rc.ConversationID, id, contact.Agent{Email: "karin@voorbeeld.nl", Name: "Karin"})
		if err != nil {
			t.Fatal(err)
		}
		want := "Beste Anna de Vries,\n\nUw melding " + rc.Reference + " is ontvangen. Wij brengen binnen 5 werkdagen een nieuwe container." +
			"\n\nMet vriendelijke groet,\nKarin\nGemeente Voorbeeld"
		if draft != want {
			t.Fatalf("draft:\n%s\nwant:\n%s", draft, want)
		}
	})
}

func TestWaitingResidentsAreRemindedThenClosed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		set := testSettings
		set.Waiting = contact.WaitingRules{RemindAfter: 2, CloseAfter: 4}
		// The reply is sent now (the store's clock); the service's clock is moved in working days from the
		// day after: waiting since today, RemindAfter 2 working days means the second working day after it.
		now := time.Now()
		svc := contact.NewService(contact.Options{Store: st, Settings: set, Now: func() time.Time { return now }})
		rc, err := svc.Ask(ctx, contact.Question{Name: "Anna", Email: "anna@example.org", Subject: "Afval", Message: "Container kapot."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Reply(ctx, rc.ConversationID, contact.Reply{Author: "karin@voorbeeld.nl", Text: "Welke container?"}); err != nil {
			t.Fatal(err)
		}
		start := now
		workingDay := func(n int) time.Time { // the n-th working day after start, at noon
			d := start
			for n > 0 {
				d = d.AddDate(0, 0, 1)
				if contact.WorkingDaysBetween(d.AddDate(0, 0, -1), d) == 1 {
					n--
				}
			}
			return d
		}
		for _, tc := range []struct {
			day              int
			reminded, closed int
			state            string
		}{
			{1, 0, 0, contact.StateWaiting},
			{2, 1, 0, contact.StateWaiting},
			{3, 0, 0, contact.StateWaiting}, // reminded once only
			{4, 0, 1, contact.StateClosed},
		} {
			now = workingDay(tc.day)
			rep, err := svc.RunWaiting(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := st.Conversation(ctx, rc.ConversationID)
			if rep.Reminded != tc.reminded || rep.Closed != tc.closed || c.State != tc.state {
				t.Fatalf("working day %d: %+v, state %s; want %d reminded, %d closed, %s", tc.day, rep, c.State, tc.reminded, tc.closed, tc.state)
			}
		}
		mails, err := st.ClaimOutbox(ctx, 50, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var bodies []string
		for _, m := range mails {
			bodies = append(bodies, m.Body)
		}
		all := strings.Join(bodies, "\n---\n")
		if !strings.Contains(all, "We wachten nog op uw antwoord") || !strings.Contains(all, "Daarom hebben we uw vraag gesloten") {
			t.Fatalf("the resident was not told:\n%s", all)
		}
	})
}

func TestWorkingDaysBetweenSkipsWeekendsAndHolidays(t *testing.T) {
	ams := time.FixedZone("CET", 3600)
	for _, tc := range []struct {
		from, to time.Time
		want     int
	}{
		// Friday 4 December 2026 to Monday 7 December: Monday only.
		{time.Date(2026, 12, 4, 16, 0, 0, 0, ams), time.Date(2026, 12, 7, 9, 0, 0, 0, ams), 1},
		// Wednesday 23 December to Tuesday 29 December: 24, 28, 29 (25 and 26 are Christmas, 27 a Sunday).
		{time.Date(2026, 12, 23, 10, 0, 0, 0, ams), time.Date(2026, 12, 29, 10, 0, 0, 0, ams), 3},
		// The same day: none.
		{time.Date(2026, 12, 7, 9, 0, 0, 0, ams), time.Date(2026, 12, 7, 17, 0, 0, 0, ams), 0},
	} {
		if got := contact.WorkingDaysBetween(tc.from, tc.to); got != tc.want {
			t.Errorf("%v to %v: %d working days, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func addStaff(t *testing.T, st *store.Store, email, name string) int64 {
	t.Helper()
	var id int64
	err := st.QueryRow(context.Background(), `INSERT INTO staff_users (email, name, role, team, password_hash, created_at)
		VALUES (?, ?, 'agent', 'KCC', '-', ?) RETURNING id`, email, name, time.Now().UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
