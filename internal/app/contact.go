package app

import (
	"context"
	"errors"

	"loket/internal/channel/chat"
	"loket/internal/contact"
	"loket/internal/store"
)

// liveChat lets the contact service say a reply in a chat in progress through this instance's hub.
type liveChat struct{ hub *chat.Hub }

// Say implements contact.LiveChat: a conversation without a chat in progress is contact.ErrNotLive.
func (l liveChat) Say(ctx context.Context, conversationID int64, author, text, suggestion string) error {
	err := l.hub.Say(ctx, conversationID, author, text, suggestion)
	if errors.Is(err, chat.ErrNotLive) || errors.Is(err, store.ErrNotFound) || errors.Is(err, contact.ErrNotFound) {
		return contact.ErrNotLive
	}
	return err
}

// openContact builds the contact service every surface calls.
func (a *App) openContact(set contact.Settings) *contact.Service {
	var live contact.LiveChat
	if a.Chat != nil {
		live = liveChat{a.Chat}
	}
	return contact.NewService(contact.Options{Store: a.Store, Chat: live, Events: a.Insight, Settings: set})
}
