package api

import (
	"net/http"

	"loket/internal/insight"
	"loket/internal/web/respond"
)

type apiTask struct {
	insight.TaskStats
	ContactShare   float64 `json:"contact_share"`
	NotUsefulShare float64 `json:"not_useful_share"`
	Failure        float64 `json:"failure"`
	Priority       float64 `json:"priority"`
}

// tasks lists every task with its figures for a period, ordered by priority (the work list).
func (h *Handler) tasks(w http.ResponseWriter, r *http.Request) {
	p, msg := h.apiPeriod(r)
	if msg != "" {
		respond.Fail(w, http.StatusBadRequest, msg)
		return
	}
	stats, err := h.deps.Store.TaskStats(r.Context(), p.From, p.To)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := []apiTask{}
	for _, s := range insight.WorkList(stats) {
		out = append(out, apiTask{TaskStats: s, ContactShare: round(s.ContactShare(), 4),
			NotUsefulShare: round(s.NotUsefulShare(), 4), Failure: round(s.Failure(), 4), Priority: round(s.Priority(), 1)})
	}
	respond.JSON(w, http.StatusOK, map[string]any{"from": p.From, "to": p.To, "tasks": out})
}
