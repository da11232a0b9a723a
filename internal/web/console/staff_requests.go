package console

import (
	"net/http"
	"net/url"
	"strconv"

	"loket/internal/request"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

// queueData is the case handlers' queue: overdue, urgent and the rest, each by derived deadline and
// each paged on its own, so nothing is cut off.
type queueData struct {
	Team     string // the team shown; empty means every team
	MyTeam   string
	Teams    []string
	Sections []queueSection
	WarnDays int
}

// queueSection is one list of the queue: one page of it, its count and the links to the pages around.
type queueSection struct {
	ID, Title, Badge, Intro, Empty string
	Rows                           []queueRow
	Page                           request.QueuePage
	PreviousURL, NextURL           string
}

// queueRow is a request with its term as of today.
type queueRow struct {
	request.Case
	StatusName string
}

// queueTexts are the headings and texts of the sections, in the order the page shows them.
var queueTexts = map[request.QueueSection]queueSection{
	request.SectionLate: {Title: "Te laat", Badge: "badge--danger", Empty: "Geen aanvragen over de termijn."},
	request.SectionUrgent: {Title: "Spoed", Badge: "badge--warning", Empty: "Geen spoedzaken.",
		Intro: "Een datum in de aanvraag (evenement, begin van werkzaamheden) valt vóór de beslistermijn of de hoorzitting."},
	request.SectionOpen: {Title: "Werkvoorraad", Empty: "Geen open aanvragen."},
}

func (h *Handler) showRequestQueue(w http.ResponseWriter, r *http.Request) {
	me, err := h.deps.Store.StaffUser(r.Context(), staffauth.Staff(r).ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	data := queueData{MyTeam: me.Team, Team: q.Get("team"), WarnDays: request.WarnWorkingDays}
	if _, set := q["team"]; !set {
		data.Team = me.Team
	}
	if data.Teams, err = h.deps.Store.RequestTeams(r.Context()); err != nil {
		h.serverError(w, r, err)
		return
	}
	offsets := map[request.QueueSection]int{}
	for _, sec := range request.QueueSections {
		if n, err := strconv.Atoi(q.Get(string(sec))); err == nil && n > 1 {
			offsets[sec] = (n - 1) * request.QueuePageSize
		}
	}
	view, err := h.deps.Requests.QueueView(r.Context(), request.QueueFilter{Team: data.Team}, offsets, request.QueuePageSize)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	for _, sec := range request.QueueSections {
		data.Sections = append(data.Sections, newQueueSection(q, sec, view.Pages[sec]))
	}
	h.auth.Audit(r, "list", "request", "", "team "+data.Team)
	h.render(w, r, http.StatusOK, "staff_requests", render.Page{Title: "Aanvragen", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Aanvragen", URL: ""}}})
}

// newQueueSection fills one section of the page; its links keep the team and the other sections' pages.
func newQueueSection(q url.Values, sec request.QueueSection, p request.QueuePage) queueSection {
	s := queueTexts[sec]
	s.ID, s.Page = string(sec), p
	for _, c := range p.Cases {
		s.Rows = append(s.Rows, queueRow{Case: c, StatusName: request.StatusNames[c.Status]})
	}
	link := func(offset int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		if _, set := q["team"]; !set {
			v.Del("team")
		}
		if n := offset/p.Limit + 1; n > 1 {
			v.Set(string(sec), strconv.Itoa(n))
		} else {
			v.Del(string(sec))
		}
		return "/beheer/aanvragen?" + v.Encode() + "#" + string(sec)
	}
	if p.HasPrevious() {
		s.PreviousURL = link(p.PreviousOffset())
	}
	if p.HasNext() {
		s.NextURL = link(p.NextOffset())
	}
	return s
}
