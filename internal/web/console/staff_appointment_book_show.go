package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"loket/internal/appointment"
	"loket/internal/problem"
	"loket/internal/web/render"
)

// appointmentCallerData is the page on which an agent books, moves or cancels for a caller.
type appointmentCallerData struct {
	Products, Locations []selectOption
	Persons             []selectOption
	Form                appointmentCallerForm
	Ready               bool
	Days                []appointmentCallerDay
	DayLabel            string
	Times               []selectOption
	Existing            []appointmentRow // the caller's open appointments, by e-mail address
	Move                *appointmentRow  // the appointment being moved
	Errors              map[string]string
	Notice              string
}

type appointmentCallerDay struct {
	Label, URL string
	Free       int
	Current    bool
}

// appointmentCallerForm is what the agent chose and typed.
type appointmentCallerForm struct {
	Products                 []string
	Persons                  int
	Location, Day, Start     string
	Name, Email, Phone, Move string
	Urgent                   bool
}

func readCallerForm(v url.Values) appointmentCallerForm {
	f := appointmentCallerForm{Products: v["product"], Location: v.Get("locatie"), Day: v.Get("dag"), Start: v.Get("tijd"),
		Name: strings.TrimSpace(v.Get("naam")), Email: strings.TrimSpace(v.Get("email")), Phone: strings.TrimSpace(v.Get("telefoon")),
		Move: v.Get("verzet"), Urgent: v.Get("spoed") == "ja"}
	if len(f.Products) > 10 {
		f.Products = f.Products[:10]
	}
	f.Persons, _ = strconv.Atoi(v.Get("personen"))
	if f.Persons == 0 {
		f.Persons = 1
	}
	return f
}

// showAppointmentForCaller shows the booking page for an agent; from the registration page the caller's
// name, e-mail address and phone number come along, and the caller's open appointments are listed.
func (h *Handler) showAppointmentForCaller(w http.ResponseWriter, r *http.Request) {
	h.renderAppointmentForCaller(w, r, http.StatusOK, readCallerForm(r.URL.Query()), nil, "")
}

func (h *Handler) renderAppointmentForCaller(w http.ResponseWriter, r *http.Request, status int, f appointmentCallerForm,
	errs map[string]string, notice string) {
	svc := h.deps.Appointments
	sched, err := svc.Schedule(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if id, err := strconv.ParseInt(f.Move, 10, 64); err == nil {
		a, err := svc.ByID(r.Context(), id)
		if h.appointmentFailed(w, r, err) {
			return
		}
		f.Products, f.Persons, f.Location, f.Name, f.Email = a.Products, a.Persons, a.LocationID, a.Name, a.Email
		rows := appointmentRows(sched, []appointment.Appointment{a}, svc.Now())
		data := appointmentCallerData{Move: &rows[0]}
		h.fillCallerPage(w, r, status, sched, f, errs, notice, data)
		return
	}
	h.fillCallerPage(w, r, status, sched, f, errs, notice, appointmentCallerData{})
}

func (h *Handler) fillCallerPage(w http.ResponseWriter, r *http.Request, status int, sched appointment.Schedule, f appointmentCallerForm,
	errs map[string]string, notice string, data appointmentCallerData) {
	svc := h.deps.Appointments
	data.Form, data.Errors, data.Notice = f, errs, notice
	data.Products, data.Locations = appointmentOptions(sched, f.Products, f.Location)
	for n := 1; n <= sched.Rules.MaxPersons; n++ {
		data.Persons = append(data.Persons, selectOption{Value: strconv.Itoa(n), Label: strconv.Itoa(n), Selected: n == f.Persons})
	}
	if f.Email != "" && data.Move == nil {
		list, err := svc.Appointments(r.Context(), appointment.Filter{Email: f.Email, From: svc.Now(), States: []appointment.State{appointment.StateBooked}, Limit: 20})
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		data.Existing = appointmentRows(sched, list, svc.Now())
	}
	if len(f.Products) > 0 && f.Location != "" {
		slots, err := svc.Slots(r.Context(), appointment.SlotQuery{Products: f.Products, Persons: f.Persons, Location: f.Location, Urgent: f.Urgent})
		if problem.KindOf(err) == problem.Invalid {
			data.Errors = problem.FieldsOf(err)
		} else if err != nil {
			h.serverError(w, r, err)
			return
		} else {
			data.Ready = true
			h.addCallerSlots(&data, f, slots)
		}
	}
	h.render(w, r, status, "staff_appointment_book", render.Page{Title: "Afspraak maken voor een beller", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Afspraak maken", URL: ""}}})
}

// addCallerSlots lists the days with free times (at most 15) and the times of the chosen day.
func (h *Handler) addCallerSlots(data *appointmentCallerData, f appointmentCallerForm, slots []appointment.Slot) {
	counts := map[string]int{}
	var days []string
	for _, s := range slots {
		d := appointment.Date(s.Start).Format(time.DateOnly)
		if counts[d] == 0 {
			days = append(days, d)
		}
		counts[d]++
		if d == f.Day {
			v := s.Start.Format(time.RFC3339)
			data.Times = append(data.Times, selectOption{Value: v, Label: appointment.Clock(s.Start) + "–" + appointment.Clock(s.End), Selected: v == f.Start})
		}
	}
	for _, d := range days[:min(len(days), 15)] {
		q := url.Values{"product": f.Products, "personen": {strconv.Itoa(f.Persons)}, "locatie": {f.Location}, "dag": {d},
			"naam": {f.Name}, "email": {f.Email}, "telefoon": {f.Phone}, "verzet": {f.Move}}
		if f.Urgent {
			q.Set("spoed", "ja")
		}
		date, _ := appointment.ParseDate(d)
		data.Days = append(data.Days, appointmentCallerDay{Label: appointment.DutchDate(date), Free: counts[d], Current: d == f.Day,
			URL: "/beheer/afspraken/maken?" + q.Encode() + "#tijden"})
	}
	if d, err := appointment.ParseDate(f.Day); err == nil {
		data.DayLabel = appointment.DutchDate(d)
	}
}
