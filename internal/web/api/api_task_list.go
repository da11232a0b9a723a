package api

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"loket/internal/store"
	"loket/internal/web/respond"
)

// apiTeamTask is an interne taak in the API.
type apiTeamTask struct {
	ID             int64      `json:"id"`
	ConversationID int64      `json:"conversation_id"`
	Reference      string     `json:"reference"`
	Channel        string     `json:"channel"`
	Kind           string     `json:"kind"` // callback or task
	Team           string     `json:"team"`
	AssigneeID     int64      `json:"assignee_id,omitempty"`
	Description    string     `json:"description"`
	State          string     `json:"state"` // open, in_progress or done
	Due            *time.Time `json:"due,omitempty"`
	CreatedBy      string     `json:"created_by"`
	CreatedAt      time.Time  `json:"created_at"`
}

func apiTeamTaskFrom(t store.TeamTask) apiTeamTask {
	a := apiTeamTask{ID: t.ID, ConversationID: t.ConversationID, Reference: t.Reference, Channel: t.Channel, Kind: t.Kind,
		Team: t.Team, AssigneeID: t.AssigneeID, Description: t.Description, State: t.State, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt}
	if !t.Due.IsZero() {
		a.Due = &t.Due
	}
	return a
}

// listTasksAPI is GET /api/v1/tasks?team=&state=.
func (h *Handler) listTasksAPI(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.TaskFilter{Team: q.Get("team"), State: q.Get("state")}
	if f.State != "" && !slices.Contains(store.TaskStates, f.State) {
		respond.Fail(w, http.StatusBadRequest, "state must be open, in_progress or done")
		return
	}
	list, err := h.deps.Store.TeamTasks(r.Context(), f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	out := make([]apiTeamTask, 0, len(list))
	for _, t := range list {
		out = append(out, apiTeamTaskFrom(t))
	}
	// Tasks carry residents' names and phone numbers: reading the list is a view of personal data.
	h.auth.Audit(r, "list", "task", "", fmt.Sprintf("via de API; team %q, status %q, %d taken", f.Team, f.State, len(out)))
	respond.JSON(w, http.StatusOK, map[string]any{"tasks": out})
}
