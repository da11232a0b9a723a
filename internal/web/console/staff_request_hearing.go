package console

import (
	"net/http"
	"strings"
	"time"

	"loket/internal/calendar"
	"loket/internal/request"
)

// planHearing plans the hearing with time, place and what to bring. A day after a related date or
// the deadline comes back with a warning and the latest sensible day; "toch" keeps it anyway.
func (h *Handler) planHearing(w http.ResponseWriter, r *http.Request) {
	h.runAction(w, r, "hoorzitting", func(by request.Staff) error {
		day, err := request.ParseDate(r.PostForm.Get("datum"))
		if err != nil {
			return badInput("datum", "Vul een datum in als dag-maand-jaar, bijvoorbeeld 30-07-2026.")
		}
		at, err := time.Parse("15:04", strings.Replace(strings.TrimSpace(r.PostForm.Get("tijd")), ".", ":", 1))
		if err != nil {
			return badInput("tijd", "Vul een tijd in zoals 14:00.")
		}
		start := time.Date(day.Year(), day.Month(), day.Day(), at.Hour(), at.Minute(), 0, 0, calendar.Amsterdam)
		hearing := request.Hearing{Start: start, Place: strings.TrimSpace(r.PostForm.Get("plaats")), Bring: strings.TrimSpace(r.PostForm.Get("meenemen"))}
		_, err = h.deps.Requests.PlanHearing(r.Context(), r.PathValue("ref"), by, hearing, r.PostForm.Get("toch") == "ja")
		return err
	})
}
