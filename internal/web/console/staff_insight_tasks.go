package console

import (
	"errors"
	"net/http"
	"strconv"

	"loket/internal/insight"
	"loket/internal/store"
	"loket/internal/web/render"
	"loket/internal/web/staffauth"
)

type tasksData struct {
	Tasks   []insight.Task
	Form    taskForm
	CanEdit bool
}

// taskForm holds what an editor typed, so an error never loses it.
type taskForm struct {
	ID                        int64
	Name, Description, Target string
	Articles, Topics          string
	Error, ErrorField         string
}

func (h *Handler) showTasks(w http.ResponseWriter, r *http.Request) {
	h.renderTasks(w, r, http.StatusOK, taskForm{})
}

func (h *Handler) renderTasks(w http.ResponseWriter, r *http.Request, status int, form taskForm) {
	tasks, err := h.deps.Store.Tasks(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := tasksData{Tasks: tasks, Form: form, CanEdit: staffauth.Staff(r).Can(staffauth.Editors...)}
	h.render(w, r, status, "staff_insight_tasks", render.Page{Title: "Taken", Data: data, Flash: flashFrom(r),
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Taken", URL: ""}}})
}

// readTaskForm parses and checks the task form; the form comes back with a message when it is wrong.
func (h *Handler) readTaskForm(w http.ResponseWriter, r *http.Request) (insight.Task, taskForm, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return insight.Task{}, taskForm{Error: "Het formulier is te groot of niet goed verstuurd."}, false
	}
	f := taskForm{Name: r.PostForm.Get("naam"), Description: r.PostForm.Get("uitleg"), Target: r.PostForm.Get("streeftijd"),
		Articles: r.PostForm.Get("artikelen"), Topics: r.PostForm.Get("onderwerpen")}
	t := insight.Task{Name: f.Name, Description: f.Description, Articles: insight.SplitList(f.Articles), Topics: insight.SplitList(f.Topics)}
	if f.Target != "" {
		n, err := strconv.Atoi(f.Target)
		if err != nil {
			f.Error, f.ErrorField = "Vul de streeftijd in als een heel aantal seconden, bijvoorbeeld 120.", "streeftijd"
			return t, f, false
		}
		t.TargetSeconds = n
	}
	if err := t.Validate(); err != nil {
		f.Error, f.ErrorField = insight.ValidationMessage(err), "naam"
		if t.Name != "" {
			f.ErrorField = "uitleg"
		}
		return t, f, false
	}
	for _, id := range t.Articles {
		if _, err := h.deps.Store.Article(r.Context(), id); err != nil {
			f.Error, f.ErrorField = "Het artikel ‘"+id+"’ bestaat niet. Gebruik de id van het artikel, bijvoorbeeld paspoort.", "artikelen"
			return t, f, false
		}
	}
	return t, f, true
}

func (h *Handler) createTask(w http.ResponseWriter, r *http.Request) {
	t, f, ok := h.readTaskForm(w, r)
	if ok {
		id, err := h.deps.Store.SaveTask(r.Context(), t)
		switch {
		case errors.Is(err, store.ErrTaskNameTaken):
			f.Error, f.ErrorField = "Er is al een taak met deze naam. Kies een andere naam.", "naam"
		case err != nil:
			h.serverError(w, r, err)
			return
		default:
			h.auth.Audit(r, "create", "task", strconv.FormatInt(id, 10), t.Name)
			http.Redirect(w, r, "/beheer/inzicht/taken/"+strconv.FormatInt(id, 10)+"?klaar=aangemaakt", http.StatusSeeOther)
			return
		}
	}
	h.renderTasks(w, r, http.StatusUnprocessableEntity, f)
}
