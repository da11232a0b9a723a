package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/web/staffauth"
)

// addTaskTest stores the result of a moderated task test for a task.
func (h *Handler) addTaskTest(w http.ResponseWriter, r *http.Request) {
	id, ok := taskID(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	f := taskTestForm{TestedOn: r.PostForm.Get("datum"), Participants: r.PostForm.Get("deelnemers"),
		Successes: r.PostForm.Get("geslaagd"), MedianSecs: r.PostForm.Get("tijd"), Note: r.PostForm.Get("toelichting")}
	t := insight.TaskTest{TaskID: id, TestedOn: f.TestedOn, Note: f.Note, CreatedBy: staffauth.Staff(r).Email}
	nums := []struct {
		value, field, msg string
		target            *int
	}{
		{f.Participants, "deelnemers", "Vul het aantal deelnemers in als een heel getal.", &t.Participants},
		{f.Successes, "geslaagd", "Vul het aantal geslaagde deelnemers in als een heel getal.", &t.Successes},
		{f.MedianSecs, "tijd", "Vul de tijd in als een heel aantal seconden.", &t.MedianSecs},
	}
	if _, err := time.Parse(time.DateOnly, f.TestedOn); err != nil {
		f.Error, f.ErrorField = "Vul de datum van de test in als JJJJ-MM-DD.", "datum"
	}
	for _, n := range nums {
		v, err := strconv.Atoi(strings.TrimSpace(n.value))
		if err != nil && f.Error == "" {
			f.Error, f.ErrorField = n.msg, n.field
		}
		*n.target = v
	}
	if f.Error == "" {
		if err := t.Validate(); err != nil {
			f.Error, f.ErrorField = insight.ValidationMessage(err), "deelnemers"
		}
	}
	if f.Error != "" {
		h.renderTask(w, r, http.StatusUnprocessableEntity, nil, &f)
		return
	}
	if _, err := h.deps.Store.Task(r.Context(), id); errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err := h.deps.Store.AddTaskTest(r.Context(), t); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.auth.Audit(r, "create", "task_test", strconv.FormatInt(id, 10), "")
	http.Redirect(w, r, "/beheer/inzicht/taken/"+strconv.FormatInt(id, 10)+"?klaar=taaktest", http.StatusSeeOther)
}
