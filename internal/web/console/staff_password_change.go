package console

import (
	"net/http"

	"loket/internal/auth"
	"loket/internal/problem"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type passwordData struct {
	Errors map[string]string
	Done   bool
}

// showPasswordChange is the form where staff change their own password.
func (h *Handler) showPasswordChange(w http.ResponseWriter, r *http.Request) {
	h.renderPassword(w, r, http.StatusOK, passwordData{})
}

func (h *Handler) renderPassword(w http.ResponseWriter, r *http.Request, status int, data passwordData) {
	h.render(w, r, status, "staff_password", render.Page{Title: "Wachtwoord veranderen", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Wachtwoord", URL: ""}}})
}

// changePassword checks the current password and sets the new one; the staff member's other sessions end
// and their tokens are revoked, this session stays.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	if !h.parseSmallForm(w, r) {
		h.badRequest(w, r, "Het formulier is niet goed verstuurd.")
		return
	}
	next := r.PostForm.Get("nieuw")
	if next != r.PostForm.Get("herhaal") {
		h.renderPassword(w, r, http.StatusUnprocessableEntity, passwordData{Errors: map[string]string{"herhaal": "Typ twee keer hetzelfde nieuwe wachtwoord."}})
		return
	}
	keep := ""
	if c, err := r.Cookie(staffauth.SessionCookie); err == nil {
		keep = auth.HashSecret(c.Value)
	}
	err := h.accounts.ChangeOwnPassword(r.Context(), staffauth.Staff(r), r.PostForm.Get("huidig"), next, keep)
	switch problem.KindOf(err) {
	case problem.Invalid:
		h.renderPassword(w, r, http.StatusUnprocessableEntity, passwordData{Errors: problem.FieldsOf(err)})
		return
	case problem.TooMany:
		h.renderPassword(w, r, http.StatusTooManyRequests, passwordData{Errors: map[string]string{"huidig": problem.MessageOf(err)}})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.renderPassword(w, r, http.StatusOK, passwordData{Done: true})
}
