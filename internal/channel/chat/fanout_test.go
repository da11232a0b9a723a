package chat_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestNoticesDeliverOnce: a hub told about the same messages several times (its own post, a notification,
// a resync after a reconnect of the listener) sends each to a connection once, in order, and a message
// committed without the hub (as by another instance) reaches the connection through the notice alone.
func TestNoticesDeliverOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		hub, base := serve(t, st, 3)
		token := auth.NewSecret()
		cs, err := hub.Start(ctx, store.ChatStart{Question: "Vraag"}, auth.HashSecret(token))
		if err != nil {
			t.Fatal(err)
		}
		resident := dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": token})
		resident.await("the question", message("Vraag"))
		resident.send(map[string]any{"type": "message", "id": "m1", "text": "Eerste"})
		resident.await("the first message", message("Eerste"))
		// Another instance commits a message; before this hub hears of it, the resident posts one here. The
		// resident must get both in order, not the own one first.
		other := func(text string) store.ChatLine {
			l, err := st.AddChatLine(ctx, cs.ConversationID, store.ChatLine{Kind: contact.KindOut, Text: text}, contact.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		other("Tweede")
		resident.send(map[string]any{"type": "message", "id": "m3", "text": "Derde"})
		resident.await("the ack", func(f testFrame) bool { return f.Type == "ack" && f.ID == "m3" }) // sent before the lines
		last := other("Vierde")
		notice := store.ChatNotice{Chat: cs.ConversationID, Kind: store.NoticeMessage, Seq: last.Seq}.String()
		hub.Notice(ctx, notice)
		hub.Notice(ctx, notice)
		if err := hub.Resync(ctx); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range collect(resident, 300*time.Millisecond) {
			if f.Type == "message" {
				got = append(got, fmt.Sprint(f.Line.Seq, " ", f.Line.Text))
			}
		}
		if want := []string{"3 Tweede", "4 Derde", "5 Vierde"}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("the resident got %q, want %q: each once, in order", got, want)
		}
	})
}

// collect returns the frames a peer receives within d, in order.
func collect(p *peer, d time.Duration) []testFrame {
	var out []testFrame
	timeout := time.After(d)
	for {
		select {
		case f, open := <-p.in:
			if !open {
				return out
			}
			out = append(out, f)
		case <-timeout:
			return out
		}
	}
}

// BenchmarkNoticeMessage is the work every instance does per committed chat message on PostgreSQL: with a
// resident of the chat connected (one read of the new line, one frame) and without (nothing to do).
func BenchmarkNoticeMessage(b *testing.B) {
	st := storetest.Open(b, store.SQLite)
	ctx := context.Background()
	hub, base := serve(b, st, 3)
	token := auth.NewSecret()
	cs, err := hub.Start(ctx, store.ChatStart{Question: "Vraag"}, auth.HashSecret(token))
	if err != nil {
		b.Fatal(err)
	}
	other, err := hub.Start(ctx, store.ChatStart{Question: "Niemand kijkt"}, auth.HashSecret(auth.NewSecret()))
	if err != nil {
		b.Fatal(err)
	}
	resident := dial(b, base+"/bewoner", map[string]any{"type": "hello", "token": token})
	resident.await("the question", message("Vraag"))
	go func() {
		for range resident.in {
		}
	}()
	b.Run("connected", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			l, err := st.AddChatLine(ctx, cs.ConversationID, store.ChatLine{Kind: contact.KindOut, Text: "Antwoord"}, contact.Settings{})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			hub.Notice(ctx, store.ChatNotice{Chat: cs.ConversationID, Kind: store.NoticeMessage, Seq: l.Seq}.String())
		}
	})
	b.Run("not-connected", func(b *testing.B) {
		n := store.ChatNotice{Chat: other.ConversationID, Kind: store.NoticeMessage, Seq: 2}.String()
		for b.Loop() {
			hub.Notice(ctx, n)
		}
	})
}
