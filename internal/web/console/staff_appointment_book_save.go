package console

import (
	"net/http"
	"time"

	"loket/internal/appointment"
	"loket/internal/problem"
	"loket/internal/web/staffauth"
)

// bookAppointmentForCaller books on a caller's behalf; the confirmation with the change link goes to the
// caller's e-mail address. An urgent booking may use the time held back for urgent cases.
func (h *Handler) bookAppointmentForCaller(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	f := readCallerForm(r.PostForm)
	start, _ := time.Parse(time.RFC3339, f.Start)
	booked, err := h.deps.Appointments.Book(r.Context(), appointment.Booking{Products: f.Products, Persons: f.Persons, Location: f.Location,
		Start: start, Name: f.Name, Email: f.Email, Phone: f.Phone, Source: appointment.SourceStaff, Urgent: f.Urgent, By: staffauth.Staff(r).Email})
	switch problem.KindOf(err) {
	case problem.Invalid:
		h.renderAppointmentForCaller(w, r, http.StatusUnprocessableEntity, f, problem.FieldsOf(err), "")
		return
	case problem.Conflict:
		f.Start = ""
		h.renderAppointmentForCaller(w, r, http.StatusConflict, f, nil, problem.MessageOf(err))
		return
	}
	if h.appointmentFailed(w, r, err) {
		return
	}
	h.auth.Audit(r, "appointment-book", "appointment", itoa(booked.ID), booked.Reference)
	http.Redirect(w, r, backToDay(booked.Appointment, "gemaakt"), http.StatusSeeOther)
}
