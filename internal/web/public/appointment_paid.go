package public

import (
	"errors"
	"net/http"

	"loket/internal/appointment"
	"loket/internal/payment"
	"loket/internal/problem"
	"loket/internal/web/render"
)

// appointmentPaidPage tells the resident where a booking that is paid at booking stands.
type appointmentPaidPage struct {
	Token   string
	Booked  bool // paid: the appointment is made and its confirmation mailed
	Failed  bool // not paid: the time is free again
	Summary *appointmentSummary
	Again   string // the booking page with the same choices
}

// showAppointmentPaid is where the provider sends the browser back after paying for an appointment. It
// only reads: the webhook books the appointment, never this return, so a page still waiting refreshes.
func (h *Handler) showAppointmentPaid(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	p, err := h.deps.Payments.ByReturn(r.Context(), r.PathValue("token"))
	if errors.Is(err, problem.ErrNotFound) || (err == nil && p.Purpose() != payment.PurposeAppointment) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	a, err := h.deps.Appointments.ByReference(r.Context(), p.Appointment())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page := appointmentPaidPage{Token: r.PathValue("token"), Booked: a.PaidCents > 0 && a.State != appointment.StateUnpaid,
		Failed: a.State == appointment.StateUnpaid || p.Status.Failed()}
	if page.Summary, err = h.summaryOf(r, a); err != nil {
		h.serverError(w, r, err)
		return
	}
	f := appointmentForm{Products: a.Products, Persons: a.Persons, Location: a.LocationID, Day: appointment.Date(a.Start).Format("2006-01-02")}
	page.Again = "/afspraak?" + f.query().Encode() + "#tijden"
	title := "Uw betaling"
	switch {
	case page.Booked:
		title = "Betaald: uw afspraak is gemaakt"
	case page.Failed:
		title = "Betaling niet gelukt"
	default:
		w.Header().Set("Refresh", "3")
	}
	h.render(w, r, http.StatusOK, "appointment_paid", render.Page{Title: title, Data: page,
		Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: "Afspraak maken", URL: ""}}})
}
