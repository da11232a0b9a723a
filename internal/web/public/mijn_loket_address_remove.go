package public

import (
	"net/http"
	"strconv"

	"loket/internal/identity"
)

// removeAddress takes one of the person's addresses out of Mijn loket.
func (h *Handler) removeAddress(w http.ResponseWriter, r *http.Request) {
	h.addressAction(w, r, "verwijderd", func(p identity.Person) (addressForm, error) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		return addressForm{}, h.deps.IdentityQuestions.RemoveAddress(r.Context(), p, id)
	})
}
