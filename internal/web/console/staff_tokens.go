package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type tokensData struct {
	Tokens   []store.APIToken
	NewToken string // shown once, right after creation
	Name     string
	Scope    string
	Days     string
	Error    string
	Errors   map[string]string
	MaxDays  int
}

func (h *Handler) showTokens(w http.ResponseWriter, r *http.Request) {
	h.renderTokens(w, r, http.StatusOK, tokensData{})
}

func (h *Handler) renderTokens(w http.ResponseWriter, r *http.Request, status int, data tokensData) {
	list, err := h.deps.Store.APITokens(r.Context(), staffauth.Staff(r).ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data.Tokens = list
	data.MaxDays = int(h.accounts.MaxTokenAge().Hours() / 24)
	if data.Days == "" {
		data.Days = "90"
	}
	h.render(w, r, status, "staff_tokens", render.Page{Title: "API-tokens", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "API-tokens", URL: ""}}})
}

func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is niet goed verstuurd.")
		return
	}
	data := tokensData{Name: strings.TrimSpace(r.PostForm.Get("naam")), Scope: r.PostForm.Get("bereik"), Days: r.PostForm.Get("dagen")}
	days, err := strconv.Atoi(data.Days)
	if err != nil {
		days = 0
	}
	token, _, err := h.accounts.CreateToken(r.Context(), staffauth.Staff(r).Email, staffauth.Staff(r).ID, data.Name, data.Scope,
		time.Duration(days)*24*time.Hour)
	if problem.KindOf(err) == problem.Invalid {
		data.Errors = problem.FieldsOf(err)
		data.Error = data.Errors["naam"]
		h.renderTokens(w, r, http.StatusUnprocessableEntity, data)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.renderTokens(w, r, http.StatusOK, tokensData{NewToken: token})
}

func (h *Handler) deleteToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	t, err := h.deps.Store.APIToken(r.Context(), id)
	if err != nil {
		h.notFound(w, r)
		return
	}
	// The owner revokes their own token; an administrator anyone's (the service checks, and audits).
	if err := h.accounts.RevokeToken(r.Context(), staffauth.Staff(r), id); err != nil {
		if problem.KindOf(err) == problem.NotFound {
			h.notFound(w, r)
			return
		}
		h.serverError(w, r, err)
		return
	}
	back := "/beheer/tokens"
	if t.UserID != staffauth.Staff(r).ID {
		back = "/beheer/gebruikers/" + strconv.FormatInt(t.UserID, 10) + "/tokens"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
