package console

import (
	"net/http"

	"loket/internal/auth"
	"loket/internal/identity"
	"loket/internal/problem"
	"loket/internal/web/render"
)

// totpPage turns on the second factor: a new secret to type into an authenticator app, and the first code.
type totpPage struct {
	Available bool
	On        bool
	Enrolment identity.Enrolment
	Error     string
	Done      bool
	AtLogin   bool // during a sign-in that requires the second factor
}

// showTOTP shows whether the signed-in staff member's second factor is on, or a new secret to turn it on.
func (h *Handler) showTOTP(w http.ResponseWriter, r *http.Request) {
	st, _ := auth.StaffFrom(r.Context())
	p := totpPage{Available: h.deps.TOTP != nil, Done: r.URL.Query().Get("aan") == "1"}
	if p.Available {
		on, err := h.deps.TOTP.Required(r.Context(), st.ID)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		p.On = on
		if !on {
			if p.Enrolment, err = h.deps.TOTP.Enrol(r.Context(), st.ID, st.Email); err != nil {
				h.serverError(w, r, err)
				return
			}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, http.StatusOK, "staff_totp", render.Page{Title: "Tweede stap bij inloggen", Data: p})
}

// confirmTOTP turns the second factor on with a first right code.
func (h *Handler) confirmTOTP(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 1<<10) || h.deps.TOTP == nil {
		return
	}
	st, _ := auth.StaffFrom(r.Context())
	err := h.deps.TOTP.Confirm(r.Context(), st.ID, r.PostForm.Get("code"))
	if problem.KindOf(err) == problem.Invalid {
		p := totpPage{Available: true, Error: problem.FieldsOf(err)["code"]}
		if p.Enrolment, err = h.deps.TOTP.Enrol(r.Context(), st.ID, st.Email); err != nil {
			h.serverError(w, r, err)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "staff_totp", render.Page{Title: "Fout: Tweede stap bij inloggen", Data: p})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "update", "user", st.Email, "tweede stap aan")
	http.Redirect(w, r, "/beheer/tweede-stap?aan=1", http.StatusSeeOther)
}
