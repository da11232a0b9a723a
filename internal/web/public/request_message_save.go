package public

import (
	"errors"
	"net/http"
	"strings"

	"loket/internal/problem"
	"loket/internal/request"
	"loket/internal/web/render"
	"loket/internal/web/upload"
)

// saveRequesterMessage takes a message and optionally a document from the requester. It does not end a
// suspension of the term: the case handler reads it and decides whether the request is now complete.
func (h *Handler) saveRequesterMessage(w http.ResponseWriter, r *http.Request) {
	c, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	if !h.parseStep(w, r) {
		return
	}
	if r.PostFormValue("website") != "" {
		http.Redirect(w, r, request.StatusPath(r.PathValue("token")), http.StatusSeeOther)
		return
	}
	form := render.MessageForm{Text: strings.TrimSpace(r.PostFormValue("bericht"))}
	file, err := upload.MessageFile(h.deps.DataDir, r, &form)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if form.FileError == "" && !h.limits.Allow(r) {
		form.Error = "U hebt veel berichten achter elkaar gestuurd. Probeer het over een paar minuten opnieuw."
	}
	if form.Error == "" && form.FileError == "" {
		_, err = h.deps.Requests.RequesterMessage(r.Context(), c.Reference, form.Text, file)
		switch {
		case err == nil || errors.Is(err, request.ErrDecided):
			http.Redirect(w, r, request.StatusPath(r.PathValue("token"))+"?bericht=1#berichten", http.StatusSeeOther)
			return
		case problem.KindOf(err) == problem.Internal:
			h.serverError(w, r, err)
			return
		}
		form.Error = problem.MessageOf(err)
	}
	p, err := h.buildStatusPage(r, c)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p.Message = form
	h.renderStatus(w, r, http.StatusUnprocessableEntity, p)
}
