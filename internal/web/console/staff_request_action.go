package console

import (
	"errors"
	"net/http"
	"strings"

	"loket/internal/problem"
	"loket/internal/request"
	"loket/internal/web/staffauth"
)

// actor is the signed-in handler as the request service records them: by name, not e-mail address.
func actor(r *http.Request) request.Staff {
	s := staffauth.Staff(r)
	return request.Staff{Email: s.Email, Name: s.Name}
}

// runAction does what every case action shares: parse the form, call the request service, and on a
// refusal show the case page again with the service's message beside the action's form and the
// handler's input kept; on success audit and go back to the case page.
func (h *Handler) runAction(w http.ResponseWriter, r *http.Request, action string, fn func(by request.Staff) error) {
	ref := r.PathValue("ref")
	if !request.ValidReference(ref) {
		h.notFound(w, r)
		return
	}
	if !h.parseStep(w, r) {
		return
	}
	err := fn(actor(r))
	switch {
	case errors.Is(err, request.ErrNotFound):
		h.notFound(w, r)
	case err != nil && problem.KindOf(err) == problem.Internal:
		h.serverError(w, r, err)
	case err != nil:
		input := map[string]string{}
		for k := range r.PostForm {
			input[action+"."+k] = strings.TrimSpace(r.PostForm.Get(k))
		}
		c, ok := h.staffCase(w, r)
		if !ok {
			return
		}
		data := h.caseData(r, c, map[string]string{action: problem.MessageOf(err)}, input)
		var warn *request.HearingWarning
		if errors.As(err, &warn) {
			data.HearingLatest = warn.Advice.Latest
		}
		h.renderCase(w, r, http.StatusUnprocessableEntity, data)
	default:
		h.auth.Audit(r, "update", "request", ref, action)
		http.Redirect(w, r, "/beheer/aanvragen/"+ref+"?gedaan="+action, http.StatusSeeOther)
	}
}

// badInput is a refusal of what was typed in one field, shown like the service's own refusals.
func badInput(field, msg string) error { return problem.Field(field, msg) }
