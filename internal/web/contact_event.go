package web

import (
	"net/http"
	"slices"

	"loket/internal/contact"
)

// recordContactEvent counts "form started" and "suggestion clicked" on the contact form, without personal
// data, so the share of questions answered by a suggestion (deflection) can be measured.
func (h *publicHandler) recordContactEvent(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		h.apiFail(w, http.StatusBadRequest, "bad form")
		return
	}
	kind := r.Form.Get("soort")
	if kind == contact.EventFormSent || !slices.Contains(contact.EventKinds, kind) {
		h.apiFail(w, http.StatusBadRequest, "soort must be form_started or suggestion_clicked")
		return
	}
	if !h.limits.Allow(r) {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	if err := h.deps.Store.RecordContactEvent(r.Context(), kind, r.Form.Get("artikel")); err != nil {
		h.serverError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
