package console

import (
	"errors"
	"net/http"

	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type reviewData struct {
	Team           string
	Teams          []string
	Sections       []reviewSection
	Today, SoonEnd string
	NewReviewBy    string
}

// reviewSection is one part of the work list.
type reviewSection struct {
	Heading, ID string
	Articles    []store.ArticleSummary
}

// nextReviewDate is the review date a new or just-checked article gets, as the kb service sets it.
func (h *Handler) nextReviewDate() string { return h.articles().NextReviewDate() }

// showReviewList is a team's work list: overdue articles first, then those due within 30 days.
func (h *Handler) showReviewList(w http.ResponseWriter, r *http.Request) {
	team, ok := r.URL.Query()["team"]
	data := reviewData{Today: h.today().Format("2006-01-02"), SoonEnd: h.today().AddDate(0, 0, 30).Format("2006-01-02"),
		NewReviewBy: h.nextReviewDate()}
	if ok {
		data.Team = team[0]
	} else if u, err := h.deps.Store.StaffUser(r.Context(), staffauth.Staff(r).ID); err == nil {
		data.Team = u.Team // the staff member's own team by default
	} else if !errors.Is(err, store.ErrNotFound) {
		h.serverError(w, r, err)
		return
	}
	var err error
	if data.Teams, err = h.deps.Store.Teams(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	due, err := h.deps.Store.EditorArticles(r.Context(), store.EditorFilter{Owner: data.Team, ReviewBefore: h.today().AddDate(0, 0, 31).Format("2006-01-02")})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	overdue := reviewSection{Heading: "Te laat", ID: "te-laat"}
	soon := reviewSection{Heading: "Binnen 30 dagen", ID: "binnenkort"}
	for _, a := range due {
		if a.ReviewBy < data.Today {
			overdue.Articles = append(overdue.Articles, a)
		} else {
			soon.Articles = append(soon.Articles, a)
		}
	}
	data.Sections = []reviewSection{overdue, soon}
	h.render(w, r, http.StatusOK, "staff_review", render.Page{Title: "Controlelijst", Flash: flashFor(r), Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Controlelijst", URL: ""}}})
}
