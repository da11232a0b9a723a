package console

import (
	"net/http"

	"loket/internal/auth"
	"loket/internal/problem"
)

// revealBSN shows a case handler the full BSN of whoever made the request, once they give a reason; the
// reveal and its reason are in the audit log before the number is shown.
func (h *Handler) revealBSN(w http.ResponseWriter, r *http.Request) {
	c, ok := h.staffCase(w, r)
	if !ok || !h.parseForm(w, r, 4<<10) {
		return
	}
	if h.deps.IdentityLinks == nil {
		h.notFound(w, r)
		return
	}
	st, _ := auth.StaffFrom(r.Context())
	reason := r.PostForm.Get("reden")
	bsn, err := h.deps.IdentityLinks.RevealBSN(r.Context(), st.Email, c.ID, c.Reference, reason)
	if problem.KindOf(err) == problem.Invalid {
		h.renderCase(w, r, http.StatusUnprocessableEntity, h.caseData(r, c, problem.FieldsOf(err), map[string]string{"reden": reason}))
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	// The case page shows back what the handler sent; the revealed number travels the same way.
	h.renderCase(w, r, http.StatusOK, h.caseData(r, c, nil, map[string]string{revealedBSNKey: bsn}))
}

// revealedBSNKey carries a revealed BSN to the case page; it is never read from a request.
const revealedBSNKey = "\x00bsn"
