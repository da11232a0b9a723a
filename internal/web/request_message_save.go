package web

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"loket/internal/request"
	"loket/internal/store"
)

const maxMessage = 5000

// saveRequesterMessage takes a message and optionally a document from the requester. When the case
// handler had asked for information, it arrives with this and the decision term runs again.
func (h *publicHandler) saveRequesterMessage(w http.ResponseWriter, r *http.Request) {
	req, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	if !h.parseStep(w, r) {
		return
	}
	if r.PostFormValue("website") != "" {
		http.Redirect(w, r, statusURL(r.PathValue("token")), http.StatusSeeOther)
		return
	}
	form := messageForm{Text: strings.TrimSpace(r.PostFormValue("bericht"))}
	file, err := h.messageFile(r, &form)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	switch {
	case form.Text == "" && file == nil && form.FileError == "":
		form.Error = "Schrijf een bericht of voeg een bestand toe."
	case utf8.RuneCountInString(form.Text) > maxMessage || !utf8.ValidString(form.Text):
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
	http.Redirect(w, r, statusURL(r.PathValue("token"))+"?bericht=1#berichten", http.StatusSeeOther)
}

// messageFile stores the document sent with a message, if any.
func (s *Server) messageFile(r *http.Request, form *messageForm) (*store.RequestFile, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["bestand"]) == 0 {
		return nil, nil
	}
	fh := r.MultipartForm.File["bestand"][0]
	if fh.Filename == "" && fh.Size == 0 {
		return nil, nil
	}
	f, msg, err := s.storeUpload(fh, request.MessageUploadTypes, request.MaxMessageUploadKB<<10)
	if err != nil || msg != "" {
		form.FileError = msg
		return nil, err
	}
	return &f, nil
}
