package public

import (
	"errors"
	"net/http"
	"strconv"

	"loket/internal/auth"
	"loket/internal/kb"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/web/render"
)

// showRequestStart shows the first step of a product's request form; nothing is stored yet.
func (h *Handler) showRequestStart(w http.ResponseWriter, r *http.Request) {
	a, f, ok := h.productWithForm(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	h.renderForm(w, r, http.StatusOK, h.buildFormPage(r, a, f, "", 0, h.prefill(r, f), nil, 0))
}

// showDraft shows a step of a saved draft (?stap=N) or, after the last step, the summary.
func (h *Handler) showDraft(w http.ResponseWriter, r *http.Request) {
	d, a, f, ok := h.loadDraft(w, r)
	if !ok {
		return
	}
	step := stepParam(r, len(f.Steps), d.Step)
	var errs request.FieldErrors
	if step == len(f.Steps) {
		// The summary shows only when every step is right; otherwise send the resident to the first wrong step.
		if _, errs = f.Validate(d.Values, h.now()); len(errs) > 0 {
			step = f.FirstStepWithError(errs)
		}
	}
	if r.URL.Query().Get("bewaard") != "" {
		errs = nil
	}
	p := h.buildFormPage(r, a, f, r.PathValue("token"), step, d.Values, errs, d.Step)
	p.Saved = r.URL.Query().Get("bewaard") != ""
	p.Mail.Sent = r.URL.Query().Get("bewaard") == "gemaild"
	h.renderForm(w, r, http.StatusOK, p)
}

// stepParam reads ?stap=N (1-based) and keeps it within the steps reached so far.
func stepParam(r *http.Request, steps, furthest int) int {
	n, err := strconv.Atoi(r.URL.Query().Get("stap"))
	step := n - 1
	if err != nil || step < 0 || step > furthest {
		step = furthest
	}
	return min(step, steps)
}

// loadDraft finds the draft behind the link's token with its product and form; an unknown token is a 404
// like any other page.
func (h *Handler) loadDraft(w http.ResponseWriter, r *http.Request) (store.Draft, kb.Article, request.Form, bool) {
	d, ok := h.findDraft(w, r)
	if !ok {
		return d, kb.Article{}, request.Form{}, false
	}
	a, f, ok := h.productWithForm(w, r, d.Product)
	return d, a, f, ok
}

func (h *Handler) findDraft(w http.ResponseWriter, r *http.Request) (store.Draft, bool) {
	token := r.PathValue("token")
	if !request.ValidToken(token) {
		h.notFound(w, r)
		return store.Draft{}, false
	}
	d, err := h.deps.Store.Draft(r.Context(), auth.HashSecret(token))
	if errors.Is(err, store.ErrNotFound) {
		h.render(w, r, http.StatusNotFound, "error", render.Page{Title: "Aanvraag niet gevonden", Data: render.ErrorPage{
			Heading: "We vinden deze aanvraag niet",
			Message: "Misschien hebt u de aanvraag al verstuurd. Dan hebt u een e-mail met een link naar uw statuspagina gekregen. Of begin opnieuw vanaf de pagina van het product."}})
		return d, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return d, false
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return d, true
}
