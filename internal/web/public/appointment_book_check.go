package public

import (
	"net/http"

	"loket/internal/appointment"
	"loket/internal/problem"
)

// checkAppointmentBooking checks the chosen time and the contact details with every rule and shows the
// summary to confirm; a mistake shows the page again with the resident's input and a message per field.
func (h *Handler) checkAppointmentBooking(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 16<<10) {
		return
	}
	f := readAppointmentForm(r.PostForm)
	b := f.booking(appointment.SourceWeb)
	if err := h.deps.Appointments.Check(r.Context(), b); err != nil {
		h.appointmentProblem(w, r, f, err)
		return
	}
	p, err := h.buildAppointmentPage(r, f, nil)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	sched, err := h.deps.Appointments.Schedule(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	a := appointment.Appointment{Products: b.Products, Persons: b.Persons, LocationID: b.Location, Start: b.Start,
		End: b.Start.Add(sched.Duration(b.Products, b.Persons)), Name: b.Name, Email: b.Email, Phone: b.Phone, State: appointment.StateBooked,
		FeeCents: sched.Fee(b.Products, b.Persons)}
	if p.Summary, err = h.summaryOf(r, a); err != nil {
		h.serverError(w, r, err)
		return
	}
	p.Hidden = f.hidden()
	p.BackURL = "/afspraak?" + f.query().Encode() + "#tijden"
	h.renderAppointment(w, r, http.StatusOK, p)
}

// appointmentProblem shows the booking page again after a refused booking: 422 with the messages per
// field, 409 when the time was taken meanwhile.
func (h *Handler) appointmentProblem(w http.ResponseWriter, r *http.Request, f appointmentForm, err error) {
	status := http.StatusUnprocessableEntity
	var errs map[string]string
	switch problem.KindOf(err) {
	case problem.Invalid:
		errs = problem.FieldsOf(err)
	case problem.Conflict:
		status, f.Start = http.StatusConflict, ""
	default:
		h.serverError(w, r, err)
		return
	}
	p, perr := h.buildAppointmentPage(r, f, errs)
	if perr != nil {
		h.serverError(w, r, perr)
		return
	}
	if status == http.StatusConflict {
		p.Notice = problem.MessageOf(err)
	}
	h.renderAppointment(w, r, status, p)
}
