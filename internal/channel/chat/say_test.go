package chat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestSayReachesTheLiveChat: an agent who answers a chat from the inbox page instead of the chat console is
// seen by the resident at once; after the chat ended the hub refuses, so the inbox stores an ordinary reply.
func TestSayReachesTheLiveChat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		agentID, err := st.AddStaffUser(ctx, store.StaffUser{Staff: auth.Staff{Email: "sanne@voorbeeld.nl", Role: auth.RoleAgent}})
		if err != nil {
			t.Fatal(err)
		}
		hub, base := serve(t, st, 2)
		token := auth.NewSecret()
		cs, err := hub.Start(ctx, store.ChatStart{Question: "Waar is de milieustraat?"}, auth.HashSecret(token))
		if err != nil {
			t.Fatal(err)
		}
		if err := hub.Say(ctx, cs.ConversationID, "Sanne", "Nog in de wachtrij", ""); !errors.Is(err, chat.ErrNotLive) {
			t.Fatalf("Say to a waiting chat: %v, want ErrNotLive", err)
		}
		agent := dial(t, fmt.Sprintf("%s/medewerker?id=%d", base, agentID), map[string]any{"type": "hello"})
		resident := dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": token})
		agent.send(map[string]any{"type": "accept", "chat": cs.ConversationID})
		resident.await("an agent joined", func(f testFrame) bool { return f.Type == "state" && f.State == store.ChatActive })

		if err := hub.Say(ctx, cs.ConversationID, "Sanne", "De milieustraat is aan de Industrieweg 5.", "milieustraat"); err != nil {
			t.Fatal(err)
		}
		resident.await("the inbox answer in the chat", message("De milieustraat is aan de Industrieweg 5."))
		agent.await("the inbox answer in the console", message("De milieustraat is aan de Industrieweg 5."))

		if err := hub.End(ctx, cs.ConversationID, "Einde"); err != nil {
			t.Fatal(err)
		}
		if err := hub.Say(ctx, cs.ConversationID, "Sanne", "Te laat", ""); !errors.Is(err, chat.ErrNotLive) {
			t.Fatalf("Say to an ended chat: %v, want ErrNotLive", err)
		}
	})
}
