package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"loket/internal/appointment"
	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// registerWalkIn records a resident helped without an appointment: checked in at once and a counter contact.
func (h *Handler) registerWalkIn(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 8<<10) {
		return
	}
	f := r.PostForm
	persons, _ := strconv.Atoi(f.Get("personen"))
	desk, _ := strconv.ParseInt(f.Get("balie"), 10, 64)
	a, err := h.deps.Appointments.RegisterWalkIn(r.Context(), appointment.WalkIn{Location: f.Get("locatie"), DeskID: desk,
		Products: f["product"], Persons: persons, Name: strings.TrimSpace(f.Get("naam")), Email: strings.TrimSpace(f.Get("email")),
		Phone: strings.TrimSpace(f.Get("telefoon")), By: staffauth.Staff(r).Email})
	if problem.KindOf(err) == problem.Invalid {
		r.URL.RawQuery = url.Values{"locatie": {f.Get("locatie")}, "datum": {appointment.Date(h.now()).Format(time.DateOnly)}}.Encode()
		h.renderAppointmentDay(w, r, http.StatusUnprocessableEntity, problem.FieldsOf(err))
		return
	}
	if h.appointmentFailed(w, r, err) {
		return
	}
	h.auth.Audit(r, "appointment-walk-in", "appointment", strconv.FormatInt(a.ID, 10), a.Reference)
	http.Redirect(w, r, backToDay(a, "inloop"), http.StatusSeeOther)
}
