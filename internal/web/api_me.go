package web

import "net/http"

// showMe tells an integration whose token it uses.
func (h *apiHandler) showMe(w http.ResponseWriter, r *http.Request) {
	st := staff(r)
	writeJSON(w, http.StatusOK, map[string]any{"id": st.ID, "email": st.Email, "name": st.Name, "role": st.Role})
}
