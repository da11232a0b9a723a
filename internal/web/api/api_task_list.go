package api

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
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

// apiTaskPage is how many tasks one answer of GET /api/v1/tasks holds; "next" gives the rest.
const apiTaskPage = 100

// listTasksAPI is GET /api/v1/tasks?team=&state=&page=, through the contact service like the console's list.
func (h *Handler) listTasksAPI(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			respond.Fail(w, http.StatusBadRequest, "page must be a number from 1")
			return
		}
		page = n
	}
	f := store.TaskFilter{Team: q.Get("team"), State: q.Get("state"), Limit: apiTaskPage + 1, Offset: (page - 1) * apiTaskPage}
	if f.State != "" && !slices.Contains(store.TaskStates, f.State) {
		respond.Fail(w, http.StatusBadRequest, "state must be open, in_progress or done")
		return
	}
	list, _, err := h.deps.ContactService.Tasks(r.Context(), f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	body := map[string]any{}
	if len(list) > apiTaskPage {
		list = list[:apiTaskPage]
		next := maps.Clone(q)
		next.Set("page", strconv.Itoa(page+1))
		body["next"] = "/api/v1/tasks?" + next.Encode()
	}
	out := make([]apiTeamTask, 0, len(list))
	for _, t := range list {
		out = append(out, apiTeamTaskFrom(t))
	}
	body["tasks"] = out
	// Tasks carry residents' names and phone numbers: reading the list is a view of personal data.
	h.auth.Audit(r, "list", "task", "", fmt.Sprintf("via de API; team %q, status %q, %d taken", f.Team, f.State, len(out)))
	respond.JSON(w, http.StatusOK, body)
}
