package web

import (
	"net/http"

	"loket/internal/contact"
)

type contactSent struct {
	Reference string
	Email     string
}

// sendContactForm stores a question and shows its reference number only after the commit.
func (h *publicHandler) sendContactForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 128<<10)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is te groot of niet goed verstuurd.")
		return
	}
	q := contact.Question{Name: r.PostForm.Get("naam"), Email: r.PostForm.Get("email"),
		Subject: r.PostForm.Get("onderwerp"), Message: r.PostForm.Get("vraag")}.Normalize()
	if r.PostForm.Get("website") != "" { // honeypot: people do not see this field, robots fill it in
		h.render(w, r, http.StatusOK, "contact_sent", page{Title: "Vraag verstuurd", Data: contactSent{}})
		return
	}
	form := contactForm{Question: q, Errors: q.Validate()}
	if len(form.Errors) == 0 && !h.limits.Allow(r) {
		form.Errors["form"] = "U hebt veel berichten achter elkaar gestuurd. Probeer het over een paar minuten opnieuw."
	}
	if len(form.Errors) > 0 {
		h.renderContactForm(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	rc, err := h.deps.Store.Intake(r.Context(), q.Inbound(), h.deps.Contact)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := h.deps.Store.RecordContactEvent(r.Context(), contact.EventFormSent, ""); err != nil {
		h.deps.Log.Error("contact event", "err", err)
	}
	h.render(w, r, http.StatusOK, "contact_sent", page{Title: "Vraag verstuurd",
		Data: contactSent{Reference: rc.Reference, Email: q.Email}})
}
