package public

import (
	"errors"
	"net/http"

	"loket/internal/problem"
	"loket/internal/request"
)

// saveNoticeOfDefault takes the requester's notice of default (ingebrekestelling, Awb 4:17) from the
// status page; the service refuses it while the term still runs.
func (h *Handler) saveNoticeOfDefault(w http.ResponseWriter, r *http.Request) {
	c, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	if !h.parseForm(w, r, 1<<10) {
		return
	}
	if !h.limits.Allow(r) {
		h.tooMany(w, r)
		return
	}
	_, err := h.deps.Requests.NoticeOfDefault(r.Context(), c.Reference)
	switch {
	case err == nil:
		http.Redirect(w, r, request.StatusPath(r.PathValue("token"))+"#berichten", http.StatusSeeOther)
	case errors.Is(err, request.ErrNotFound):
		h.notFound(w, r)
	case problem.KindOf(err) == problem.Internal:
		h.serverError(w, r, err)
	default:
		p, err2 := h.buildStatusPage(r, c)
		if err2 != nil {
			h.serverError(w, r, err2)
			return
		}
		p.NoticeError = problem.MessageOf(err)
		h.renderStatus(w, r, http.StatusUnprocessableEntity, p)
	}
}
