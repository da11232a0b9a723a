package public

import (
	"net/http"
	"strconv"

	"loket/internal/identity"
	"loket/internal/problem"
)

// confirmAddress checks the code the person typed for one of their addresses.
func (h *Handler) confirmAddress(w http.ResponseWriter, r *http.Request) {
	h.addressAction(w, r, "bevestigd", func(p identity.Person) (addressForm, error) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		err := h.deps.IdentityQuestions.ConfirmAddress(r.Context(), p, id, r.PostForm.Get("code"))
		form := addressForm{CodeFor: id, CodeError: problem.FieldsOf(err)["code"]}
		if form.CodeError == "" && problem.KindOf(err) == problem.Invalid {
			form.CodeError = problem.MessageOf(err)
		}
		return form, err
	})
}
