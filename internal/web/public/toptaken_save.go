package public

import (
	"net/http"

	"loket/internal/insight"
)

// saveTopTasks stores one survey submission: checked on the server, rate-limited, with a honeypot.
func (h *Handler) saveTopTasks(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	if r.PostForm.Get("website") != "" { // honeypot: people do not see this field, robots fill it in
		http.Redirect(w, r, "/toptaken?bedankt=1", http.StatusSeeOther)
		return
	}
	data := topTasksData{Picked: r.PostForm["taak"]}
	tasks, err := h.deps.Store.Tasks(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	known := map[int64]bool{}
	for _, t := range tasks {
		known[t.ID] = true
	}
	ids, err := insight.ParseVote(data.Picked, known)
	switch {
	case err != nil:
		data.Error = insight.ValidationMessage(err)
	case !h.limits.Allow(r):
		data.Error = "U hebt al vaak gestemd. Probeer het over een paar minuten opnieuw."
	}
	if data.Error != "" {
		h.renderTopTasks(w, r, http.StatusUnprocessableEntity, data)
		return
	}
	if err := h.deps.Store.AddVote(r.Context(), insight.Day(h.now()), ids); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/toptaken?bedankt=1", http.StatusSeeOther)
}
