package console

import (
	"net/http"
	"net/url"
	"strconv"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// bulkInbox is POST /beheer/inbox/bulk: assign, take, close or set the state of the chosen conversations,
// then back to the same page of the inbox with what was done.
func (h *Handler) bulkInbox(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 64<<10) {
		return
	}
	back, _ := url.ParseQuery(r.PostForm.Get("terug"))
	var ids []int64
	for _, s := range r.PostForm["id"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			h.badRequest(w, r, "Kies gesprekken uit de lijst.")
			return
		}
		ids = append(ids, id)
	}
	var res contact.Bulk
	var err error
	svc := h.deps.ContactService
	switch action := r.PostForm.Get("actie"); action {
	case "zelf":
		res, err = svc.BulkAssign(r.Context(), ids, r.PostForm.Get("team"), staffauth.Staff(r).ID)
	case "toewijzen":
		assignee, ok := h.chosenColleague(w, r, r.PostForm.Get("medewerker"))
		if !ok {
			return
		}
		res, err = svc.BulkAssign(r.Context(), ids, r.PostForm.Get("team"), assignee)
	case "status":
		res, err = svc.BulkSetState(r.Context(), ids, r.PostForm.Get("status"))
	case "sluiten":
		res, err = svc.BulkSetState(r.Context(), ids, contact.StateClosed)
	default:
		h.badRequest(w, r, "Kies wat er met de gesprekken moet gebeuren.")
		return
	}
	back.Del("gedaan")
	back.Del("mislukt")
	back.Del("fout")
	switch {
	case problem.KindOf(err) == problem.Invalid:
		for _, msg := range problem.FieldsOf(err) {
			back.Set("fout", msg)
		}
	case err != nil:
		h.serverError(w, r, err)
		return
	default:
		back.Set("gedaan", strconv.Itoa(res.Done))
		if len(res.Failed) > 0 {
			back.Set("mislukt", strconv.Itoa(len(res.Failed)))
		}
	}
	for _, id := range ids {
		if _, failed := res.Failed[id]; !failed && err == nil {
			h.auth.Audit(r, "bulk-"+r.PostForm.Get("actie"), "conversation", strconv.FormatInt(id, 10), "")
		}
	}
	http.Redirect(w, r, "/beheer/inbox?"+back.Encode(), http.StatusSeeOther)
}

// chosenColleague reads a colleague from a select ("0" or "": nobody); on false the answer was written.
func (h *Handler) chosenColleague(w http.ResponseWriter, r *http.Request, who string) (int64, bool) {
	if who == "" || who == "0" {
		return 0, true
	}
	id, err := strconv.ParseInt(who, 10, 64)
	if err != nil {
		h.badRequest(w, r, "Kies een collega uit de lijst.")
		return 0, false
	}
	if u, err := h.deps.Store.StaffUser(r.Context(), id); err != nil || u.Disabled || !u.Can(staffauth.Agents...) {
		h.badRequest(w, r, "Deze collega bestaat niet of beantwoordt geen vragen. Kies een collega uit de lijst.")
		return 0, false
	}
	return id, true
}
