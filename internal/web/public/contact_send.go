package public

import (
	"net/http"

	"loket/internal/contact"
	"loket/internal/insight"
	"loket/internal/web/render"
	"loket/internal/web/searchlog"
)

type contactSent struct {
	Reference string
	Email     string
}

// sendContactForm stores a question and shows its reference number only after the commit.
func (h *Handler) sendContactForm(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 128<<10) {
		return
	}
	q := contact.Question{Name: r.PostForm.Get("naam"), Email: r.PostForm.Get("email"),
		Subject: r.PostForm.Get("onderwerp"), Message: r.PostForm.Get("vraag")}.Normalize()
	if r.PostForm.Get("website") != "" { // honeypot: people do not see this field, robots fill it in
		h.render(w, r, http.StatusOK, "contact_sent", render.Page{Title: "Vraag verstuurd", Data: contactSent{}})
		return
	}
	form := contactForm{Question: q, Errors: q.Validate(), Started: r.PostForm.Get("gestart") == "1"}
	if id := r.PostForm.Get("zoekopdracht"); searchlog.ValidID(id) {
		form.SearchID = id
	}
	if len(form.Errors) == 0 && !h.limits.Allow(r) {
		form.Errors["form"] = "U hebt veel berichten achter elkaar gestuurd. Probeer het over een paar minuten opnieuw."
		w.Header().Set("Retry-After", "300")
		h.renderContactForm(w, r, http.StatusTooManyRequests, form) // a limit, not a mistake in the form
		return
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
	h.recordFormSent(r, form)
	h.render(w, r, http.StatusOK, "contact_sent", render.Page{Title: "Vraag verstuurd",
		Data: contactSent{Reference: rc.Reference, Email: q.Email}})
}

// recordFormSent counts a stored question for insight, without personal data: the contact, the sent form
// (and its start, when no script counted it), and the search the resident came from.
func (h *Handler) recordFormSent(r *http.Request, form contactForm) {
	if !form.Started {
		h.deps.Insight.Record(insight.Event{Type: insight.TypeFormStarted, Channel: insight.ChannelForm})
	}
	h.deps.Insight.Record(insight.Event{Type: insight.TypeFormSent, Channel: insight.ChannelForm})
	h.deps.Insight.Contact(insight.ChannelForm, "", 0)
	if form.SearchID != "" {
		if err := h.deps.Store.AddSearchContact(r.Context(), form.SearchID, insight.ChannelForm); err != nil {
			h.deps.Log.Error("record search contact", "err", err)
		}
	}
}
