package console

import (
	"net/http"
	"strconv"

	"loket/internal/contact"
	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// saveTemplate is POST /beheer/sjablonen: a new reply template (or a changed one, with id).
func (h *Handler) saveTemplate(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 64<<10) {
		return
	}
	t := contact.Template{Team: r.PostForm.Get("team"), Name: r.PostForm.Get("naam"), Body: r.PostForm.Get("tekst"),
		UpdatedBy: staffauth.Staff(r).Email}
	t.ID, _ = strconv.ParseInt(r.PostForm.Get("id"), 10, 64)
	id, err := h.deps.ContactService.SaveTemplate(r.Context(), t)
	if problem.KindOf(err) == problem.Invalid {
		h.renderTemplates(w, r, http.StatusUnprocessableEntity, t, problem.FieldsOf(err))
		return
	}
	if err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "save", "template", strconv.FormatInt(id, 10), t.Team+" "+t.Name)
	http.Redirect(w, r, "/beheer/sjablonen?opgeslagen=1", http.StatusSeeOther)
}

// deleteTemplate is POST /beheer/sjablonen/{id}/verwijderen.
func (h *Handler) deleteTemplate(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	if err := h.deps.ContactService.DeleteTemplate(r.Context(), id); err != nil {
		h.contactError(w, r, err)
		return
	}
	h.auth.Audit(r, "delete", "template", strconv.FormatInt(id, 10), "")
	http.Redirect(w, r, "/beheer/sjablonen", http.StatusSeeOther)
}
