package console

import (
	"net/http"
	"time"

	"loket/internal/appointment"
	"loket/internal/web/render"
)

// appointmentDayData is the counter's day view.
type appointmentDayData struct {
	Locations    []selectOption
	Location     string
	Date         string // YYYY-MM-DD
	DateLabel    string
	Prev, Next   string
	Opening      string
	Rows         []appointmentRow
	Booked, In   int
	Products     []selectOption
	Desks        []selectOption
	WalkInErrors map[string]string
}

// showAppointmentDay is the day view of a location: every appointment by time and desk, with check-in,
// "niet verschenen" and a walk-in form.
func (h *Handler) showAppointmentDay(w http.ResponseWriter, r *http.Request) {
	h.renderAppointmentDay(w, r, http.StatusOK, nil)
}

func (h *Handler) renderAppointmentDay(w http.ResponseWriter, r *http.Request, status int, walkInErrors map[string]string) {
	svc := h.deps.Appointments
	sched, err := svc.Schedule(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q := r.URL.Query()
	loc := q.Get("locatie")
	if _, ok := sched.Location(loc); !ok && len(sched.Locations) > 0 {
		loc = sched.Locations[0].ID
	}
	date := appointment.Date(svc.Now())
	if d, err := appointment.ParseDate(q.Get("datum")); err == nil {
		date = d
	}
	data := appointmentDayData{Location: loc, Date: date.Format(time.DateOnly), DateLabel: appointment.DutchDate(date),
		Prev: date.AddDate(0, 0, -1).Format(time.DateOnly), Next: date.AddDate(0, 0, 1).Format(time.DateOnly), WalkInErrors: walkInErrors}
	data.Products, data.Locations = appointmentOptions(sched, nil, loc)
	if loc != "" {
		day, err := svc.DayView(r.Context(), loc, date)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		data.Rows = appointmentRows(sched, day.Appointments, svc.Now())
		for _, p := range day.Periods {
			if data.Opening != "" {
				data.Opening += " en "
			}
			data.Opening += appointment.Clock(p.From) + "–" + appointment.Clock(p.To)
		}
		for _, d := range day.Desks {
			data.Desks = append(data.Desks, selectOption{Value: itoa(d.ID), Label: d.Name})
		}
		for _, row := range data.Rows {
			switch row.State {
			case string(appointment.StateBooked):
				data.Booked++
			case string(appointment.StateCheckedIn):
				data.In++
			}
		}
	}
	h.render(w, r, status, "staff_appointments", render.Page{Title: "Afspraken aan de balie", Data: data,
		Flash:       appointmentFlashes[q.Get("gedaan")],
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Afspraken aan de balie", URL: ""}}})
}
