package app

import (
	"context"
	"errors"
	"time"

	"loket/internal/channel/chat"
	"loket/internal/contact"
	"loket/internal/insight"
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
	return contact.NewService(contact.Options{Store: a.Store, Chat: live, Events: a.Insight, Settings: set, Now: a.clock})
}

// remindWaiting reminds residents who have not answered and closes what waited too long, every 10 minutes.
func (a *App) remindWaiting(ctx context.Context) {
	insight.Every(ctx, 10*time.Minute, a.log, "waiting for residents", func(ctx context.Context) error {
		rep, err := a.Contact.RunWaiting(ctx)
		if rep.Reminded+rep.Closed > 0 {
			a.log.Info("waiting for residents", "reminded", rep.Reminded, "closed", rep.Closed)
		}
		return err
	})
}
