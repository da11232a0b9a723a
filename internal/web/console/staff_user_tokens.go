package console

import (
	"net/http"
	"strconv"

	"loket/internal/store"
	"loket/internal/web/render"
)

type userTokensData struct {
	User   store.StaffUser
	Tokens []store.APIToken
}

// showUserTokens lists another staff member's API tokens, so an administrator can revoke one.
func (h *Handler) showUserTokens(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	u, err := h.deps.Store.StaffUser(r.Context(), id)
	if err != nil {
		h.notFound(w, r)
		return
	}
	list, err := h.deps.Store.APITokens(r.Context(), id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "list", "token", "", u.Email)
	h.render(w, r, http.StatusOK, "staff_user_tokens", render.Page{Title: "Tokens van " + u.Email, Data: userTokensData{User: u, Tokens: list},
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Medewerkers", URL: "/beheer/gebruikers"}, {Label: "Tokens", URL: ""}}})
}
