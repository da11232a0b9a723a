package web

import (
	"net/http"

	"loket/internal/contact"
)

// contactForm holds what a resident typed and a message per field that is not right. SearchID is the
// search the resident came from (from "Stel uw vraag" on a search without a good answer), Started tells
// that contact.js already counted the start of the form.
type contactForm struct {
	contact.Question
	SearchID string
	Started  bool
	Errors   map[string]string
}

func (h *publicHandler) showContactForm(w http.ResponseWriter, r *http.Request) {
	form := contactForm{}
	if id := r.URL.Query().Get("zoekopdracht"); validSearchID(id) {
		form.SearchID = id
	}
	h.renderContactForm(w, r, http.StatusOK, form)
}

func (s *Server) renderContactForm(w http.ResponseWriter, r *http.Request, status int, form contactForm) {
	s.render(w, r, status, "contact", page{Title: "Stel uw vraag", Data: form,
		Breadcrumbs: []crumb{{"Home", "/"}, {"Contact", ""}}})
}
