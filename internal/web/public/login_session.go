package public

import (
	"net/http"
	"strings"
	"time"

	"loket/internal/identity"
)

// Cookies of resident login: the session, and the state of a login under way (binds the broker's return
// to the browser that started it).
const (
	residentCookie = "loket_inwoner"
	loginCookie    = "loket_inlog"
)

// resident returns the live session of the logged-in resident or entrepreneur, if any; every call counts
// as activity.
func (h *Handler) resident(r *http.Request) (identity.Active, bool) {
	c, err := r.Cookie(residentCookie)
	if err != nil || !h.deps.Identity.Enabled() {
		return identity.Active{}, false
	}
	a, err := h.deps.Identity.Session(r.Context(), c.Value)
	return a, err == nil
}

func (h *Handler) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: strings.HasPrefix(h.deps.BaseURL, "https://"), MaxAge: int(maxAge.Seconds())})
}

func (h *Handler) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: strings.HasPrefix(h.deps.BaseURL, "https://"), MaxAge: -1})
}

// sessionBar is what every page of a logged-in person shows: who, and when the session ends when idle.
type sessionBar struct {
	Name        string
	Means       string
	IdleSeconds int
	WarnSeconds int
	Acting      string
}

func newSessionBar(a identity.Active) sessionBar {
	b := sessionBar{Name: a.Person.Name, Means: identity.MeansNames[a.Person.Means],
		IdleSeconds: int(a.IdleLeft.Seconds()), WarnSeconds: int(identity.IdleWarning.Seconds())}
	switch {
	case a.Person.ActingBSN != "":
		b.Acting = "U handelt namens iemand anders (DigiD Machtigen)."
	case a.Person.ActingKvK != "":
		b.Acting = "U handelt namens een ander bedrijf (KvK " + a.Person.KvK + ")."
	case a.Person.KvK != "":
		b.Acting = "U bent ingelogd voor het bedrijf met KvK-nummer " + a.Person.KvK + "."
	}
	if b.Name == "" {
		b.Name = "u"
	}
	return b
}
