package public

import (
	"context"
	"net/http"

	"loket/internal/identity"
	"loket/internal/problem"
)

// startAddress mails a code to the address the person typed.
func (h *Handler) startAddress(w http.ResponseWriter, r *http.Request) {
	h.startLink(w, r, "verstuurd", "email", (*identity.Questions).StartAddress, func(f *addressForm, typed, msg string) {
		f.Email, f.Error = typed, msg
	})
}

// startPhone begins linking the WhatsApp number the person typed: the page then shows the message to
// send from it.
func (h *Handler) startPhone(w http.ResponseWriter, r *http.Request) {
	h.startLink(w, r, "whatsapp", "telefoon", (*identity.Questions).StartPhone, func(f *addressForm, typed, msg string) {
		f.Phone, f.PhoneError = typed, msg
	})
}

// startLink starts linking what the person typed in the form field, within the limit a stranger's
// requests get; keep puts what was typed and the field's message back in the form when it is refused.
func (h *Handler) startLink(w http.ResponseWriter, r *http.Request, done, field string,
	start func(*identity.Questions, context.Context, identity.Person, string) error, keep func(f *addressForm, typed, msg string)) {
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	h.addressAction(w, r, done, func(p identity.Person) (addressForm, error) {
		var form addressForm
		typed := r.PostForm.Get(field)
		err := start(h.deps.IdentityQuestions, r.Context(), p, typed)
		keep(&form, typed, problem.FieldsOf(err)[field])
		return form, err
	})
}
