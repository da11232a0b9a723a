package console

import (
	"errors"
	"net/http"
	"strconv"

	"loket/internal/store"
)

func (h *Handler) updateTask(w http.ResponseWriter, r *http.Request) {
	id, ok := taskID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	t, f, ok := h.readTaskForm(w, r)
	f.ID, t.ID = id, id
	if ok {
		_, err := h.deps.Store.SaveTask(r.Context(), t)
		switch {
		case errors.Is(err, store.ErrNotFound):
			h.notFound(w, r)
			return
		case errors.Is(err, store.ErrTaskNameTaken):
			f.Error, f.ErrorField = "Er is al een taak met deze naam. Kies een andere naam.", "naam"
		case err != nil:
			h.serverError(w, r, err)
			return
		default:
			h.auth.Audit(r, "update", "task", strconv.FormatInt(id, 10), t.Name)
			http.Redirect(w, r, "/beheer/inzicht/taken/"+strconv.FormatInt(id, 10)+"?klaar=opgeslagen", http.StatusSeeOther)
			return
		}
	}
	h.renderTask(w, r, http.StatusUnprocessableEntity, &f, nil)
}

func (h *Handler) deleteTask(w http.ResponseWriter, r *http.Request) {
	id, ok := taskID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	err := h.deps.Store.DeleteTask(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "delete", "task", strconv.FormatInt(id, 10), "")
	http.Redirect(w, r, "/beheer/inzicht/taken?klaar=verwijderd", http.StatusSeeOther)
}
