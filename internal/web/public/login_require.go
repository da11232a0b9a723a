package public

import (
	"net/http"
	"net/url"

	"loket/internal/identity"
	"loket/internal/kb"
	"loket/internal/request"
)

// loginAllows lets a form through when it needs no login, or when the person is logged in with one of
// the means the form names at its level or higher; otherwise it sends the browser to the login page
// (which offers exactly those means) and returns false.
func (h *Handler) loginAllows(w http.ResponseWriter, r *http.Request, a kb.Article, f request.Form) bool {
	if len(f.Login) == 0 {
		return true
	}
	if s, ok := h.resident(r); ok {
		for means, level := range f.Login {
			want, known := h.levels().ByName(level)
			got, _ := h.levels().ByName(s.Person.Level)
			if known && identity.Means(means) == s.Person.Means && identity.Meets(got, want) {
				return true
			}
		}
	}
	back := "/producten/" + a.ID + "/aanvragen"
	if r.Method == http.MethodGet && r.URL.Path != back {
		back = r.URL.RequestURI()
	}
	q := url.Values{"terug": {back}}
	for means, level := range f.Login {
		q.Set(means, level)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/inloggen?"+q.Encode(), http.StatusSeeOther)
	return false
}

// prefill is what a new form starts with: the logged-in person's name in the field for the name.
func (h *Handler) prefill(r *http.Request, f request.Form) request.Values {
	v := request.Values{}
	s, ok := h.resident(r)
	if !ok || s.Person.Name == "" {
		return v
	}
	for _, fl := range f.Fields() {
		if fl.Purpose == request.PurposeName && fl.Type == request.TypeText {
			v[fl.Name] = s.Person.Name
		}
	}
	return v
}

// ownerLink builds, for a request about to be sent, its link to the logged-in person (BSN or KvK number),
// committed with the request so it always shows in Mijn loket and the case handler sees who made it;
// nil when nobody is logged in.
func (h *Handler) ownerLink(r *http.Request) func(statusToken string) (*request.OwnerLink, error) {
	s, ok := h.resident(r)
	if !ok || h.deps.IdentityLinks == nil {
		return nil
	}
	return func(token string) (*request.OwnerLink, error) { return h.deps.IdentityLinks.OwnerLink(s.Person, token) }
}

// questionOwner is the logged-in person a question or chat started now belongs to, for Mijn loket: the
// link is stored in the transaction that stores the question; "" when nobody is logged in.
func (h *Handler) questionOwner(r *http.Request) string {
	s, ok := h.resident(r)
	if !ok || h.deps.IdentityLinks == nil {
		return ""
	}
	return h.deps.IdentityLinks.OwnerOf(s.Person)
}

// linkAppointmentToPerson ties an appointment booked while logged in to the person, for Mijn loket.
func (h *Handler) linkAppointmentToPerson(r *http.Request, id int64, changeToken string) error {
	s, ok := h.resident(r)
	if !ok || h.deps.IdentityLinks == nil {
		return nil
	}
	return h.deps.IdentityLinks.LinkAppointment(r.Context(), id, s.Person, changeToken)
}
