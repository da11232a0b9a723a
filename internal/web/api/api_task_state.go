package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"loket/internal/web/respond"
	"loket/internal/web/staffauth"
)

type apiTaskState struct {
	State   string `json:"state"`             // open, in_progress or done
	Outcome string `json:"outcome,omitempty"` // what came of it; required for done
}

// setTaskStateAPI is PATCH /api/v1/tasks/{id} and POST /api/v1/tasks/{id}/state: move a task.
func (h *Handler) setTaskStateAPI(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		respond.Fail(w, http.StatusNotFound, "not found")
		return
	}
	var in apiTaskState
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		respond.Fail(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	if err := h.deps.ContactService.SetTaskState(r.Context(), id, in.State, in.Outcome, staffauth.Staff(r).ID); err != nil {
		h.contactProblem(w, r, err)
		return
	}
	t, err := h.deps.Store.TeamTask(r.Context(), id)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "task-state", "task", strconv.FormatInt(id, 10), in.State)
	respond.JSON(w, http.StatusOK, apiTeamTaskFrom(t))
}
