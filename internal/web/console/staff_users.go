package console

import (
	"errors"
	"net/http"
	"net/mail"
	"strings"

	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type usersData struct {
	Users    []store.StaffUser
	Roles    []auth.Role
	Form     userForm
	Password string // a generated password, shown once
	Reset    bool   // Password is a new password of an existing account
	Done     string // what a change did
	Problem  string // why a change was refused
	Self     int64  // the administrator's own account, which they cannot block
}

type userForm struct {
	Email, Name, Role, Team string
	Errors                  map[string]string
}

func (h *Handler) showUsers(w http.ResponseWriter, r *http.Request) {
	h.renderUsers(w, r, http.StatusOK, usersData{})
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, status int, data usersData) {
	list, err := h.deps.Store.StaffUsers(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data.Users, data.Roles, data.Self = list, auth.Roles, staffauth.Staff(r).ID
	h.auth.Audit(r, "list", "user", "", "")
	h.render(w, r, status, "staff_users", render.Page{Title: "Medewerkers", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Medewerkers", URL: ""}}})
}

// addUser creates an account with a generated password that the administrator hands over once.
func (h *Handler) addUser(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is niet goed verstuurd.")
		return
	}
	f := userForm{Email: strings.TrimSpace(r.PostForm.Get("email")), Name: strings.TrimSpace(r.PostForm.Get("naam")),
		Role: r.PostForm.Get("rol"), Team: strings.TrimSpace(r.PostForm.Get("team")), Errors: map[string]string{}}
	if _, err := mail.ParseAddress(f.Email); err != nil || len(f.Email) > 200 {
		f.Errors["email"] = "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
	}
	role, err := auth.ParseRole(f.Role)
	if err != nil {
		f.Errors["rol"] = "Kies een rol."
	}
	if len(f.Name) > 200 || len(f.Team) > 100 {
		f.Errors["naam"] = "De naam of het team is te lang."
	}
	if len(f.Errors) > 0 {
		h.renderUsers(w, r, http.StatusUnprocessableEntity, usersData{Form: f})
		return
	}
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	_, err = h.deps.Store.AddStaffUser(r.Context(), store.StaffUser{Staff: auth.Staff{Email: f.Email, Name: f.Name, Role: role},
		Team: f.Team, PasswordHash: hash})
	if errors.Is(err, store.ErrConflict) {
		f.Errors["email"] = "Er is al een account met dit e-mailadres."
		h.renderUsers(w, r, http.StatusUnprocessableEntity, usersData{Form: f})
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "create", "user", f.Email, "role "+string(role))
	h.renderUsers(w, r, http.StatusOK, usersData{Password: password, Form: userForm{Email: f.Email}})
}
