package console

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"loket/internal/auth"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type tokensData struct {
	Tokens   []store.APIToken
	NewToken string // shown once, right after creation
	Name     string
	Error    string
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
	h.render(w, r, status, "staff_tokens", render.Page{Title: "API-tokens", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "API-tokens", URL: ""}}})
}

func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "Het formulier is niet goed verstuurd.")
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("naam"))
	if name == "" || utf8.RuneCountInString(name) > 100 {
		h.renderTokens(w, r, http.StatusUnprocessableEntity, tokensData{Name: name,
			Error: "Geef het token een naam van 1 tot 100 tekens, bijvoorbeeld de naam van het systeem dat het gebruikt."})
		return
	}
	token := auth.NewToken()
	if _, err := h.deps.Store.AddAPIToken(r.Context(), staffauth.Staff(r).ID, name, auth.HashSecret(token)); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "create", "api_token", name, "")
	h.renderTokens(w, r, http.StatusOK, tokensData{NewToken: token})
}

func (h *Handler) deleteToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	if err := h.deps.Store.DeleteAPIToken(r.Context(), staffauth.Staff(r).ID, id); err != nil {
		h.notFound(w, r)
		return
	}
	h.auth.Audit(r, "delete", "api_token", r.PathValue("id"), "")
	http.Redirect(w, r, "/beheer/tokens", http.StatusSeeOther)
}
