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
		chat, err := st.StartChat(ctx, store.ChatStart{Name: "Sanne", Email: "sanne@example.org", Question: "Mag ik een boom kappen?"}, "hash-1")
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
		var fe contact.FieldErrors
		if !errors.As(err, &fe) || fe["text"] == "" || fe["state"] == "" || !errors.Is(err, contact.ErrInvalid) {
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
		var fe contact.FieldErrors
		if !errors.As(err, &fe) || len(fe) != 4 {
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
