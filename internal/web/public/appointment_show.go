package public

import (
	"net/http"

	"loket/internal/appointment"
	"loket/internal/problem"
	"loket/internal/web/render"
)

// showAppointment is the page behind the change link: the appointment with what to bring and the cost,
// the calendar file, and while the cut-off allows, other days and times to move to and a button to cancel.
func (h *Handler) showAppointment(w http.ResponseWriter, r *http.Request) {
	a, ok := h.appointmentByLink(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	h.renderAppointmentShow(w, r, http.StatusOK, a, q.Get("dag"), "", func(p *appointmentShowPage) {
		p.Made, p.Moved = q.Get("gemaakt") != "", q.Get("verzet") != ""
	})
}

// appointmentByLink finds the appointment behind the link; unknown or malformed links get the 404 page.
func (h *Handler) appointmentByLink(w http.ResponseWriter, r *http.Request) (appointment.Appointment, bool) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	a, err := h.deps.Appointments.ByToken(r.Context(), r.PathValue("token"))
	if problem.KindOf(err) == problem.NotFound {
		h.render(w, r, http.StatusNotFound, "error", render.Page{Title: "Afspraak niet gevonden", Data: render.ErrorPage{
			Heading: "We vinden deze afspraak niet", Message: problem.MessageOf(err) + " Of maak een nieuwe afspraak op /afspraak."}})
		return a, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return a, false
	}
	return a, true
}

func (h *Handler) renderAppointmentShow(w http.ResponseWriter, r *http.Request, status int, a appointment.Appointment, day, msg string,
	set func(*appointmentShowPage)) {
	svc := h.deps.Appointments
	token := r.PathValue("token")
	p := appointmentShowPage{Token: token, Error: msg, Cancelled: a.State == appointment.StateCancelled,
		CanChange: svc.CanChange(r.Context(), a), CalendarURL: "/afspraak/" + token + "/agenda.ics"}
	cut := svc.Cutoff(r.Context(), a)
	p.Cutoff = appointment.DutchDate(cut) + " " + appointment.Clock(cut) + " uur"
	var err error
	if p.Summary, err = h.summaryOf(r, a); err != nil {
		h.serverError(w, r, err)
		return
	}
	if set != nil {
		set(&p)
	}
	if p.CanChange {
		f := appointmentForm{Products: a.Products, Persons: a.Persons, Location: a.LocationID, Day: day}
		var bp appointmentPage
		if err := h.addAppointmentSlots(r, &bp, f); err != nil {
			h.serverError(w, r, err)
			return
		}
		for i := range bp.Days {
			bp.Days[i].URL = "/afspraak/" + token + "?dag=" + bp.Days[i].Date + "#tijden"
		}
		p.Days, p.DayLabel, p.Times = bp.Days, bp.DayLabel, bp.Times
	}
	h.render(w, r, status, "appointment_show", render.Page{Title: "Uw afspraak", Data: p,
		Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: "Uw afspraak", URL: ""}}})
}
