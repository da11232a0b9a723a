package web

import (
	"net/http"

	"loket/internal/contact"
)

// contactForm holds what a resident typed and a message per field that is not right.
type contactForm struct {
	contact.Question
	Errors map[string]string
}

func (h *publicHandler) showContactForm(w http.ResponseWriter, r *http.Request) {
	h.renderContactForm(w, r, http.StatusOK, contactForm{})
}

func (s *Server) renderContactForm(w http.ResponseWriter, r *http.Request, status int, form contactForm) {
	s.render(w, r, status, "contact", page{Title: "Stel uw vraag", Data: form,
		Breadcrumbs: []crumb{{"Home", "/"}, {"Contact", ""}}})
}
