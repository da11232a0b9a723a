package api

import (
	"net/http"

	"loket/internal/insight"
	"loket/internal/web/respond"
)

type apiChannels struct {
	From     string               `json:"from"`
	To       string               `json:"to"`
	Channels []insight.ChannelRow `json:"channels"`
}

// channels lists contacts against staff per channel for a period (from and to are ISO dates, included).
func (h *Handler) channels(w http.ResponseWriter, r *http.Request) {
	p, msg := h.apiPeriod(r)
	if msg != "" {
		respond.Fail(w, http.StatusBadRequest, msg)
		return
	}
	contacts, err := h.deps.Store.ChannelContacts(r.Context(), p.From, p.To)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	settings, err := h.deps.Store.ChannelSettings(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	respond.JSON(w, http.StatusOK, apiChannels{From: p.From, To: p.To, Channels: insight.ChannelTable(contacts, settings)})
}
