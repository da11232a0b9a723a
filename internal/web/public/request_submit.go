package public

import (
	"net/http"
	"net/mail"
	"strings"

	"loket/internal/kb"
	"loket/internal/request"
)

// submitRequest sends a draft: every step is checked again, then the request, its files and the
// confirmation mail are committed together, and only then is the status page shown.
func (h *Handler) submitRequest(w http.ResponseWriter, r *http.Request) {
	d, a, f, ok := h.loadDraft(w, r)
	if !ok {
		return
	}
	if !h.parseForm(w, r, 8<<10) {
		return
	}
	if r.PostForm.Get("website") != "" {
		http.Redirect(w, r, kb.Path(a), http.StatusSeeOther)
		return
	}
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	if f.Fee != nil { // a fee: a complete request is paid first, and sent when the payment is confirmed
		if clean, errs := f.Validate(d.Values, h.now()); len(errs) == 0 && feeOf(f, clean) != nil {
			h.startPayment(w, r, d, a, f, clean)
			return
		}
	}
	token, _, errs, err := h.deps.Requests.SubmitForArticle(r.Context(), a, f, d.Values,
		request.Sending{DraftHash: d.TokenHash, Owner: h.ownerLink(r)})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(errs) > 0 {
		step := f.FirstStepWithError(errs)
		h.renderForm(w, r, http.StatusUnprocessableEntity, h.buildFormPage(r, a, f, r.PathValue("token"), step, d.Values, errs, d.Step))
		return
	}
	http.Redirect(w, r, request.StatusPath(token)+"?verstuurd=1", http.StatusSeeOther)
}

// mailDraftLink e-mails the link of a saved draft, so the resident can go on later on another device.
func (h *Handler) mailDraftLink(w http.ResponseWriter, r *http.Request) {
	d, a, f, ok := h.loadDraft(w, r)
	if !ok {
		return
	}
	if !h.parseForm(w, r, 8<<10) {
		return
	}
	token := r.PathValue("token")
	email := strings.TrimSpace(r.PostForm.Get("email"))
	step := stepParam(r, len(f.Steps), d.Step)
	p := h.buildFormPage(r, a, f, token, min(step, len(f.Steps)-1), d.Values, nil, d.Step)
	p.Saved, p.Mail.Email = true, email
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email || len(email) > 254 {
		p.Mail.Error = "Vul een e-mailadres in zoals naam@voorbeeld.nl."
	} else if r.PostForm.Get("website") == "" && !h.limits.Allow(r) {
		p.Mail.Error = "U hebt veel e-mails achter elkaar aangevraagd. Probeer het over een paar minuten opnieuw."
	}
	if p.Mail.Error != "" {
		h.renderForm(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	if r.PostForm.Get("website") == "" {
		if err := h.deps.Store.QueueRequestMail(r.Context(), request.DraftMail(email, a.Title, h.deps.BaseURL+request.DraftPath(token), h.settings().Name)); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, request.DraftPath(token)+"?stap="+r.URL.Query().Get("stap")+"&bewaard=gemaild#bewaard", http.StatusSeeOther)
}
