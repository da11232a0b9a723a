package public

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/shared"
)

// saveRequesterMessage takes a message and optionally a document from the requester. When the case
// handler had asked for information, it arrives with this and the decision term runs again.
func (h *Handler) saveRequesterMessage(w http.ResponseWriter, r *http.Request) {
	req, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	if !h.parseStep(w, r) {
		return
	}
	if r.PostFormValue("website") != "" {
		http.Redirect(w, r, shared.StatusURL(r.PathValue("token")), http.StatusSeeOther)
		return
	}
	form := shared.MessageForm{Text: strings.TrimSpace(r.PostFormValue("bericht"))}
	file, err := shared.MessageFile(h.deps.DataDir, r, &form)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	switch {
	case form.Text == "" && file == nil && form.FileError == "":
		form.Error = "Schrijf een bericht of voeg een bestand toe."
	case utf8.RuneCountInString(form.Text) > shared.MaxMessageRunes || !utf8.ValidString(form.Text):
		form.Error = "Uw bericht is te lang. Gebruik maximaal 5000 tekens."
	case form.FileError == "" && !h.limits.Allow(r):
		form.Error = "U hebt veel berichten achter elkaar gestuurd. Probeer het over een paar minuten opnieuw."
	}
	if form.Error != "" || form.FileError != "" {
		p, err := h.buildStatusPage(r, req)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		p.Message = form
		h.renderStatus(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	_, err = h.deps.Store.UpdateRequest(r.Context(), req.Reference, func(cur *request.Request) (store.Change, error) {
		now := time.Now()
		text := form.Text
		if file != nil {
			text = strings.TrimSpace(text + "\n\nBijlage: " + file.Name)
		}
		c := store.Change{File: file, Events: []request.Event{{At: now, Actor: request.ActorRequester, Kind: request.EventMessage, Text: text, Public: true}}}
		if cur.Waiting() {
			e, err := cur.InformationReceived(request.ActorRequester, now)
			if err != nil {
				return c, err
			}
			c.Events = append(c.Events, e)
		}
		return c, nil
	})
	if err != nil && !errors.Is(err, request.ErrDecided) {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, shared.StatusURL(r.PathValue("token"))+"?bericht=1#berichten", http.StatusSeeOther)
}
