package api

import (
	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
	"net/http"
)

// showMe tells an integration whose token it uses.
func (h *Handler) showMe(w http.ResponseWriter, r *http.Request) {
	st := staffauth.Staff(r)
	respond.JSON(w, http.StatusOK, map[string]any{"id": st.ID, "email": st.Email, "name": st.Name, "role": st.Role})
}
