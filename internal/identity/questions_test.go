package identity_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/identity"
	"loket/internal/identity/identitytest"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

var contactSettings = contact.Settings{Mailer: contact.Mailer{Domain: "voorbeeld.nl", BaseURL: "http://loket.test",
	Who: func() contact.Who { return contact.Who{Name: "Gemeente Voorbeeld", QuestionPrefix: "VB"} }},
	Levels: contact.DefaultServiceLevels()}

func mailFrom(t *testing.T, st *store.Store, from, subject string, at time.Time) int64 {
	t.Helper()
	rc, err := st.Intake(context.Background(), contact.Inbound{Channel: contact.ChannelEmail, Name: "Afzender", Email: from,
		Subject: subject, Text: "Vraag: " + subject, MailID: subject + "@mail.test", ReceivedAt: at}, contactSettings)
	if err != nil {
		t.Fatal(err)
	}
	return rc.ConversationID
}

// codeMailed reads the six-digit code from the last mail to an address.
func codeMailed(t testing.TB, st *store.Store, to string) string {
	t.Helper()
	mails, err := st.RequestMails(context.Background(), to)
	if err != nil || len(mails) == 0 {
		t.Fatalf("no mail to %s: %v", to, err)
	}
	code := regexp.MustCompile(`Uw code is: (\d{6})`).FindStringSubmatch(mails[0].Body)
	if code == nil {
		t.Fatalf("mail without a code: %q", mails[0].Body)
	}
	return code[1]
}

// TestMijnLoketQuestionsOnEveryChannel: the person's questions are those asked while logged in, those
// from an e-mail address they confirmed with the mailed code (from 30 days before the confirmation), and
// those a staff member linked with an audited reason; never another address's or person's.
func TestMijnLoketQuestionsOnEveryChannel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st, false)
		ctx := context.Background()
		links := f.svc.NewLinks(st)
		q := f.svc.NewQuestions(st, func(ctx context.Context, id int64, author, text string) error {
			return st.AddResidentMessage(ctx, id, author, text, contactSettings)
		})
		jan := identity.Person{Means: identity.DigiD, Level: "midden", Subject: "jan", Name: "Jan Jansen", BSN: identitytest.ResidentBSN}
		oma := identity.Person{Means: identity.DigiD, Level: "midden", Subject: "oma", Name: "Oma de Vries", BSN: identitytest.GrandmotherBSN}

		recent := mailFrom(t, st, "jan@example.nl", "Afval", time.Now().Add(-2*24*time.Hour))
		old := mailFrom(t, st, "jan@example.nl", "Oud", time.Now().Add(-40*24*time.Hour)) // before the 30-day look-back
		other := mailFrom(t, st, "piet@example.nl", "Paspoort", time.Now())
		wa, err := st.WhatsAppIntake(ctx, store.WhatsAppInbound{ID: "wamid.1", From: "31612345678", Name: "Jan", Text: "Wanneer is de milieustraat open?", At: time.Now()}, contactSettings)
		if err != nil {
			t.Fatal(err)
		}
		form, err := st.Intake(ctx, contact.Inbound{Channel: contact.ChannelForm, Name: "Jan Jansen", Email: "jan.werk@example.nl",
			Subject: "Parkeren", Text: "Mag ik hier parkeren?", Owner: links.OwnerOf(jan)}, contactSettings) // asked while logged in
		if err != nil {
			t.Fatal(err)
		}
		mine := func(p identity.Person) []int64 {
			t.Helper()
			ids, err := q.Mine(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			return ids
		}
		if got := mine(jan); !slices.Equal(got, []int64{form.ConversationID}) {
			t.Fatalf("before confirming an address Jan sees %v, want only the question asked while logged in %d", got, form.ConversationID)
		}

		// Typing the address is not enough: it counts after the code from the mail.
		if err := q.StartAddress(ctx, jan, "Jan@Example.nl"); err != nil {
			t.Fatal(err)
		}
		if got := mine(jan); len(got) != 1 {
			t.Fatalf("an unconfirmed address shows %v", got)
		}
		addrs, _ := q.Addresses(ctx, jan)
		if len(addrs) != 1 || addrs[0].Address != "jan@example.nl" || addrs[0].Confirmed() {
			t.Fatalf("addresses: %+v", addrs)
		}
		code := codeMailed(t, st, "jan@example.nl")
		if err := q.ConfirmAddress(ctx, oma, addrs[0].ID, code); !errors.Is(err, problem.ErrNotFound) {
			t.Errorf("another person confirming Jan's address: %v, want not found", err)
		}
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		if err := q.ConfirmAddress(ctx, jan, addrs[0].ID, wrong); problem.FieldsOf(err)["code"] == "" {
			t.Fatalf("wrong code: %v, want a message at the code", err)
		}
		if err := q.ConfirmAddress(ctx, jan, addrs[0].ID, code); err != nil {
			t.Fatal(err)
		}
		want := []int64{form.ConversationID, recent} // newest id first
		if form.ConversationID < recent {
			want = []int64{recent, form.ConversationID}
		}
		if got := mine(jan); !slices.Equal(got, want) {
			t.Fatalf("after confirming Jan sees %v, want %v (not the 40-day-old %d, not piet's %d, not the WhatsApp %d)", got, want, old, other, wa.ConversationID)
		}
		if got := mine(oma); len(got) != 0 {
			t.Errorf("Oma sees %v, want nothing", got)
		}

		// A staff member links the WhatsApp conversation to Jan's BSN, with a reason that is audited.
		err = q.LinkByStaff(ctx, "kcc@voorbeeld.nl", wa.ConversationID, wa.Reference, "123456789", "kort")
		if fe := problem.FieldsOf(err); fe["nummer"] == "" || fe["reden"] == "" {
			t.Fatalf("bad BSN and short reason: %v, want both fields", err)
		}
		if err := q.LinkByStaff(ctx, "kcc@voorbeeld.nl", wa.ConversationID, wa.Reference, identitytest.ResidentBSN, "Gebeld en gecontroleerd met geboortedatum en adres"); err != nil {
			t.Fatal(err)
		}
		if got := mine(jan); !slices.Contains(got, wa.ConversationID) || len(got) != 3 {
			t.Errorf("after the staff link Jan sees %v, want 3 with %d", got, wa.ConversationID)
		}
		audit, err := st.AuditEntries(ctx, store.AuditFilter{Action: "link_conversation_person"})
		if err != nil || len(audit) != 1 || audit[0].ObjectID != wa.Reference || !strings.Contains(audit[0].Detail, "Gebeld en gecontroleerd") ||
			strings.Contains(audit[0].Detail, identitytest.ResidentBSN) || !strings.Contains(audit[0].Detail, "******653") {
			t.Fatalf("audit of the link: %+v %v (want the reason and the BSN masked)", audit, err)
		}

		// Jan replies on an open question of his; not on piet's; and not with nothing.
		if err := q.Reply(ctx, jan, recent, true, "Het gaat om een bank en twee stoelen."); err != nil {
			t.Fatal(err)
		}
		msgs, _ := st.Messages(ctx, recent)
		if last := msgs[len(msgs)-1]; last.Kind != contact.KindIn || last.Body != "Het gaat om een bank en twee stoelen." || last.Author != "Jan Jansen" {
			t.Errorf("the reply in the thread: %+v", last)
		}
		if err := q.Reply(ctx, jan, other, true, "Hallo"); !errors.Is(err, problem.ErrNotFound) {
			t.Errorf("reply on someone else's question: %v, want not found", err)
		}
		if err := q.Reply(ctx, jan, recent, true, "   "); problem.FieldsOf(err)["bericht"] == "" {
			t.Errorf("empty reply: %v", err)
		}
		if err := q.Reply(ctx, jan, recent, false, "Nog een vraag"); problem.FieldsOf(err)["bericht"] == "" {
			t.Errorf("reply on a closed question: %v", err)
		}

		// Removing the address hides its questions again.
		if err := q.RemoveAddress(ctx, jan, addrs[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := mine(jan); slices.Contains(got, recent) {
			t.Errorf("after removing the address Jan still sees %d", recent)
		}
	})
}

// TestAddressCodeStopsAfterFiveWrongTries: after five wrong codes even the right one no longer works.
func TestAddressCodeStopsAfterFiveWrongTries(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	f := setup(t, st, false)
	ctx := context.Background()
	q := f.svc.NewQuestions(st, nil)
	jan := identity.Person{Means: identity.DigiD, BSN: identitytest.ResidentBSN}
	if err := q.StartAddress(ctx, jan, "jan@example.nl"); err != nil {
		t.Fatal(err)
	}
	code := codeMailed(t, st, "jan@example.nl")
	addrs, _ := q.Addresses(ctx, jan)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for range 5 {
		q.ConfirmAddress(ctx, jan, addrs[0].ID, wrong)
	}
	if err := q.ConfirmAddress(ctx, jan, addrs[0].ID, code); problem.KindOf(err) != problem.Invalid || problem.FieldsOf(err)["code"] != "" {
		t.Fatalf("right code after 5 wrong ones: %v, want refused as used up", err)
	}
	if err := q.StartAddress(ctx, jan, "geen adres"); problem.FieldsOf(err)["email"] == "" {
		t.Errorf("not an address: %v", err)
	}
	// A new code: not within a minute of the last one (no flood of mails to an address), then it works,
	// but not after 30 minutes.
	if err := q.StartAddress(ctx, jan, "jan@example.nl"); problem.FieldsOf(err)["email"] == "" {
		t.Errorf("a second code within a minute: %v, want refused", err)
	}
	f.clock.Advance(61 * time.Second)
	if err := q.StartAddress(ctx, jan, "jan@example.nl"); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(31 * time.Minute)
	if err := q.ConfirmAddress(ctx, jan, addrs[0].ID, codeMailed(t, st, "jan@example.nl")); problem.KindOf(err) != problem.Invalid {
		t.Errorf("code after 31 minutes: %v, want refused", err)
	}
}

// TestWhatsAppNumberConfirmedByAMessageFromIt: the person names their WhatsApp number; it counts only
// when "MIJN LOKET" with the code comes from that number by WhatsApp (which vouches for the sender). Typing
// the code on the page, the code from another number or a wrong code confirms nothing.
func TestWhatsAppNumberConfirmedByAMessageFromIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := setup(t, st, false)
		ctx := context.Background()
		q := f.svc.NewQuestions(st, nil)
		jan := identity.Person{Means: identity.DigiD, BSN: identitytest.ResidentBSN}
		wa, err := st.WhatsAppIntake(ctx, store.WhatsAppInbound{ID: "wamid.p1", From: "31612345678", Name: "Jan", Text: "Is de milieustraat open?", At: time.Now()}, contactSettings)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.StartPhone(ctx, jan, "06 1234 5678"); err != nil {
			t.Fatal(err)
		}
		addrs, _ := q.Addresses(ctx, jan)
		if len(addrs) != 1 || addrs[0].Kind != identity.AddressPhone || addrs[0].Address != "31612345678" {
			t.Fatalf("addresses: %+v", addrs)
		}
		code := q.PhoneCode(addrs[0])
		if err := q.ConfirmAddress(ctx, jan, addrs[0].ID, code); !errors.Is(err, problem.ErrNotFound) {
			t.Errorf("typing the phone code on the page: %v, want refused", err)
		}
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		for _, m := range []struct{ from, text string }{
			{"31687654321", "MIJN LOKET " + code}, // the right code from another number
			{"31612345678", "MIJN LOKET " + wrong},
			{"31612345678", "Mijn code is " + code}, // not the message asked for
		} {
			if ok, err := q.PhoneMessage(ctx, m.from, m.text); ok || err != nil {
				t.Errorf("%q from %s confirmed the number (%v)", m.text, m.from, err)
			}
		}
		if ids, _ := q.Mine(ctx, jan); slices.Contains(ids, wa.ConversationID) {
			t.Fatal("the WhatsApp conversation shows before the number was confirmed")
		}
		if ok, err := q.PhoneMessage(ctx, "31612345678", "  mijn loket "+code+" "); !ok || err != nil {
			t.Fatalf("the right message from the number: %v %v", ok, err)
		}
		if ids, _ := q.Mine(ctx, jan); !slices.Contains(ids, wa.ConversationID) {
			t.Errorf("after confirming by WhatsApp Jan sees %v, want %d", ids, wa.ConversationID)
		}
	})
}

// TestEveryQuestionOfAPersonIsTheirs: Jan has asked 130 questions while logged in, more than the 100 that
// Mijn loket once read. Every one is listed, the oldest can still be opened and answered as his (it was
// "not his" past the hundredth), and a question of someone else never is.
func TestEveryQuestionOfAPersonIsTheirs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		p := identitytest.Broker(t, callback, afterLogout, false)
		svc, err := identity.NewService(st, identitytest.Settings(p, callback, afterLogout), nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		q := svc.NewQuestions(st, nil)
		links := svc.NewLinks(st)
		jan := identity.Person{Means: identity.DigiD, BSN: identitytest.ResidentBSN}
		var first int64
		for i := range 130 {
			rc, err := st.Intake(ctx, contact.Inbound{Channel: contact.ChannelForm, Email: "jan@example.nl", Subject: fmt.Sprintf("Vraag %d", i),
				Text: "Tekst", ReceivedAt: time.Now(), Owner: links.OwnerOf(jan)}, contactSettings)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = rc.ConversationID
			}
		}
		other, err := st.Intake(ctx, contact.Inbound{Channel: contact.ChannelEmail, Email: "piet@example.nl", Subject: "Piets vraag",
			Text: "Tekst", MailID: "piet@example.nl", ReceivedAt: time.Now()}, contactSettings)
		if err != nil {
			t.Fatal(err)
		}
		ids, err := q.Mine(ctx, jan)
		if err != nil || len(ids) != 130 {
			t.Fatalf("Mijn loket lists %d questions %v, want all 130", len(ids), err)
		}
		if mine, err := q.Owns(ctx, jan, first); err != nil || !mine {
			t.Errorf("Jan's first question is not his: %v %v", mine, err)
		}
		if mine, err := q.Owns(ctx, jan, other.ConversationID); err != nil || mine {
			t.Errorf("Piet's question counts as Jan's: %v %v", mine, err)
		}
	})
}
