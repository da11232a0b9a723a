package public

import (
	"net/http"

	"loket/internal/identity"
	"loket/internal/problem"
)

// startAddress mails a code to the address the person typed.
func (h *Handler) startAddress(w http.ResponseWriter, r *http.Request) {
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	h.addressAction(w, r, "verstuurd", func(p identity.Person) (addressForm, error) {
		form := addressForm{Email: r.PostForm.Get("email")}
		err := h.deps.IdentityQuestions.StartAddress(r.Context(), p, form.Email)
		form.Error = problem.FieldsOf(err)["email"]
		return form, err
	})
}
