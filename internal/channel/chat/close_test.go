package chat_test

import (
	"context"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/channel/chat"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestCloseEndsOpenConnectionsBeforeTheStore: shutting down ends every open chat connection and returns
// only when each has finished with the store, so closing the store after it loses nothing mid-write; a
// connection that arrives during shutdown is turned away.
func TestCloseEndsOpenConnectionsBeforeTheStore(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	hub, base := serveWith(t, st, chat.Settings{AlwaysOpen: true})
	ctx := context.Background()
	token := auth.NewSecret()
	if _, err := hub.Start(ctx, store.ChatStart{Question: "Mag ik een boom kappen?"}, auth.HashSecret(token)); err != nil {
		t.Fatal(err)
	}
	agent := dial(t, base+"/medewerker?id=1", map[string]any{"type": "hello"})
	resident := dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": token})
	resident.await("the question", message("Mag ik een boom kappen?"))
	agent.await("the queue", func(f testFrame) bool { return f.Type == "queue" })

	closed := make(chan struct{})
	go func() { hub.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return while connections were open")
	}
	for _, p := range []*peer{agent, resident} {
		for range p.in { // drains what was under way; the loop ends when the hub has closed the connection
		}
	}
	late := dial(t, base+"/bewoner", map[string]any{"type": "hello", "token": token})
	for range late.in {
		t.Fatal("a connection made during shutdown got frames")
	}
}
