package public

import (
	"net/http"

	"loket/internal/identity"
	"loket/internal/problem"
)

// startPhone begins linking the WhatsApp number the person typed: the page then shows the message to
// send from it.
func (h *Handler) startPhone(w http.ResponseWriter, r *http.Request) {
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	h.addressAction(w, r, "whatsapp", func(p identity.Person) (addressForm, error) {
		form := addressForm{Phone: r.PostForm.Get("telefoon")}
		err := h.deps.IdentityQuestions.StartPhone(r.Context(), p, form.Phone)
		form.PhoneError = problem.FieldsOf(err)["telefoon"]
		return form, err
	})
}
