package public

import (
	"net/http"
	"time"

	"loket/internal/problem"
)

// moveAppointment moves the appointment to the chosen time; the old time is free again at once.
func (h *Handler) moveAppointment(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 4<<10) {
		return
	}
	a, ok := h.appointmentByLink(w, r)
	if !ok {
		return
	}
	start, err := time.Parse(time.RFC3339, r.PostForm.Get("tijd"))
	if err != nil {
		h.renderAppointmentShow(w, r, http.StatusUnprocessableEntity, a, r.PostForm.Get("dag"), "Kies een nieuwe tijd uit de lijst.", nil)
		return
	}
	if _, err := h.deps.Appointments.Move(r.Context(), a, start, false, r.PathValue("token")); err != nil {
		status := http.StatusConflict
		msg := problem.MessageOf(err)
		if problem.KindOf(err) == problem.Invalid {
			status = http.StatusUnprocessableEntity
			for _, m := range problem.FieldsOf(err) {
				msg = m
			}
		} else if problem.KindOf(err) == problem.Internal {
			h.serverError(w, r, err)
			return
		}
		h.renderAppointmentShow(w, r, status, a, r.PostForm.Get("dag"), msg, nil)
		return
	}
	http.Redirect(w, r, "/afspraak/"+r.PathValue("token")+"?verzet=1", http.StatusSeeOther)
}
