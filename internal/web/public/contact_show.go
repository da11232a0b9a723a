package public

import (
	"net/http"

	"loket/internal/contact"
	"loket/internal/web/render"
	"loket/internal/web/searchlog"
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

func (h *Handler) showContactForm(w http.ResponseWriter, r *http.Request) {
	form := contactForm{}
	if id := r.URL.Query().Get("zoekopdracht"); searchlog.ValidID(id) {
		form.SearchID = id
	}
	h.renderContactForm(w, r, http.StatusOK, form)
}

func (h *Handler) renderContactForm(w http.ResponseWriter, r *http.Request, status int, form contactForm) {
	h.render(w, r, status, "contact", render.Page{Title: "Stel uw vraag", Data: form,
		Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: "Contact", URL: ""}}})
}
