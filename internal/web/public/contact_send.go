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
}

// sendContactForm stores a question and shows its reference number only after the commit.
func (h *Handler) sendContactForm(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 128<<10) {
		return
	}
	q := contact.Question{Name: r.PostForm.Get("naam"), Email: r.PostForm.Get("email"),
		Subject: r.PostForm.Get("onderwerp"), Message: r.PostForm.Get("vraag")}.Normalize()
	if r.PostForm.Get("website") != "" { // honeypot: people do not see this field, robots fill it in
		http.Redirect(w, r, "/contact/verstuurd", http.StatusSeeOther)
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
	q.Owner = h.questionOwner(r)
	rc, err := h.deps.ContactService.Ask(r.Context(), q)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if !rc.Duplicate { // the same question again (a double click, a resend) is one conversation, counted once
		h.recordFormSent(r, form)
	}
	// Post/Redirect/Get: reloading the confirmation shows it again and sends nothing twice. The reference
	// travels in a short-lived cookie of this browser, not in the address, so a link cannot show a false one.
	http.SetCookie(w, &http.Cookie{Name: sentCookie, Value: rc.Reference, Path: "/contact", MaxAge: 3600,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/contact/verstuurd", http.StatusSeeOther)
}

// sentCookie holds the reference of the question this browser just sent, for the confirmation page.
const sentCookie = "loket_vraag"

// showContactSent is GET /contact/verstuurd: the confirmation with the reference number of the question
// this browser sent (from the cookie); without one it says how to ask a question.
func (h *Handler) showContactSent(w http.ResponseWriter, r *http.Request) {
	var data contactSent
	if c, err := r.Cookie(sentCookie); err == nil && contact.FindReference(c.Value) == c.Value {
		data.Reference = c.Value
	}
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, http.StatusOK, "contact_sent", render.Page{Title: "Vraag verstuurd", Data: data})
}

// recordFormSent counts a stored question for insight, without personal data: the sent form
// (and its start, when no script counted it), and the search the resident came from.
func (h *Handler) recordFormSent(r *http.Request, form contactForm) {
	if !form.Started {
		h.deps.Insight.Record(insight.Event{Type: insight.TypeFormStarted, Channel: insight.ChannelForm})
	}
	h.deps.Insight.Record(insight.Event{Type: insight.TypeFormSent, Channel: insight.ChannelForm}) // the contact itself: the service
	if form.SearchID != "" {
		if err := h.deps.Store.AddSearchContact(r.Context(), form.SearchID, insight.ChannelForm); err != nil {
			h.deps.Log.Error("record search contact", "err", err)
		}
	}
}
