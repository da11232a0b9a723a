package public

import (
	"net/http"

	"loket/internal/request"
)

// showHearingCalendar lets the requester add the hearing to a calendar (an iCalendar file).
func (h *Handler) showHearingCalendar(w http.ResponseWriter, r *http.Request) {
	c, ok := h.requestByLink(w, r)
	if !ok {
		return
	}
	if c.HearingInfo == nil {
		h.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="hoorzitting-`+c.Reference+`.ics"`)
	w.Write(request.HearingICS(c.Request, "Gemeente Voorbeeld"))
}
