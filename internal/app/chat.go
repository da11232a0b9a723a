package app

import (
	"context"
	"errors"

	"loket/internal/channel/chat"
	"loket/internal/config"
	"loket/internal/contact"
	"loket/internal/kb"
	"loket/internal/search"
	"loket/internal/web"
)

// openChat builds the chat hub with its opening hours (the contact hours unless --chat-hours says
// otherwise) and knowledge-base suggestions for agents.
func (a *App) openChat(cs contact.Settings) (*chat.Hub, error) {
	set := chat.Settings{Hours: a.settings.chatHours, AlwaysOpen: a.settings.chatAlways,
		MaxPerAgent: a.cfg.ChatMaxPerAgent, MaxWaiting: a.cfg.ChatMaxWaiting,
		Promise: func() string { return a.Municipality.Current().AnswerPromise() }}
	suggest := func(text string) ([]chat.Suggestion, error) {
		hits, err := a.Search.SuggestAnswers(text, 3)
		if errors.Is(err, search.ErrBadQuery) {
			return nil, nil
		}
		var out []chat.Suggestion
		for _, h := range hits {
			out = append(out, chat.Suggestion{ID: h.ID, Title: h.Title,
				Text: h.Summary + " Meer informatie: " + a.cfg.BaseURL + kb.PathFor(h.Type, h.ID)})
		}
		return out, err
	}
	hub := chat.NewHub(a.Store, cs, set, a.Insight, a.log, suggest)
	hub.SetClock(a.clock)
	hub.RefreshQueue(context.Background())
	return hub, nil
}

func whatsAppSettings(cfg config.Config) web.WhatsAppSettings {
	return web.WhatsAppSettings{VerifyToken: cfg.WhatsAppVerifyToken, AppSecret: cfg.WhatsAppAppSecret, Templates: cfg.WhatsAppTemplates,
		PhoneNumberID: cfg.WhatsAppPhoneNumber}
}
