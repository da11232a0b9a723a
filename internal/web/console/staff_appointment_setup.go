package console

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"loket/internal/appointment"
	"loket/internal/web/render"
)

// appointmentSetupData is the schedule set-up: locations with hours and exceptions, desks, products, rules.
type appointmentSetupData struct {
	Locations []appointmentSetupLocation
	Products  []appointment.Product
	Fees      map[string]string // per product: its fee per person as typed in euros, "84,00"
	Rules     appointment.Rules
	Part      string            // the form that has errors
	Errors    map[string]string // of that form
}

type appointmentSetupLocation struct {
	appointment.Location
	Desks    []appointmentSetupDesk
	Products []selectOption // for the new-desk form
	DayRows  []appointmentSetupDay
}

type appointmentSetupDay struct{ Date, Label, Note string }

type appointmentSetupDesk struct {
	ID       int64
	Name     string
	Products []selectOption
}

// showAppointmentSetup shows the schedule set-up.
func (h *Handler) showAppointmentSetup(w http.ResponseWriter, r *http.Request) {
	h.renderAppointmentSetup(w, r, http.StatusOK, "", nil)
}

func (h *Handler) renderAppointmentSetup(w http.ResponseWriter, r *http.Request, status int, part string, errs map[string]string) {
	sched, err := h.deps.Appointments.Schedule(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := appointmentSetupData{Products: sched.Products, Rules: sched.Rules, Part: part, Errors: errs, Fees: map[string]string{}}
	for _, p := range sched.Products {
		if p.FeeCents > 0 {
			data.Fees[p.ID] = fmt.Sprintf("%d,%02d", p.FeeCents/100, p.FeeCents%100)
		}
	}
	for _, l := range sched.Locations {
		sl := appointmentSetupLocation{Location: l}
		for _, e := range l.Days {
			sl.DayRows = append(sl.DayRows, appointmentSetupDay{Date: e.Date, Label: dayLabel(e), Note: e.Note})
		}
		for _, d := range sched.Desks {
			if d.LocationID == l.ID {
				sd := appointmentSetupDesk{ID: d.ID, Name: d.Name}
				for _, p := range sched.Products {
					sd.Products = append(sd.Products, selectOption{Value: p.ID, Label: p.Title, Selected: slices.Contains(d.Products, p.ID)})
				}
				sl.Desks = append(sl.Desks, sd)
			}
		}
		for _, p := range sched.Products {
			sl.Products = append(sl.Products, selectOption{Value: p.ID, Label: p.Title})
		}
		data.Locations = append(data.Locations, sl)
	}
	h.render(w, r, status, "staff_appointment_setup", render.Page{Title: "Afspraken instellen", Data: data,
		Flash:       appointmentFlashes[r.URL.Query().Get("gedaan")],
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Afspraken instellen", URL: ""}}})
}

// dayLabel writes an exception for the set-up list.
func dayLabel(e appointment.DayException) string {
	if e.Closed {
		return "gesloten"
	}
	return "open " + strings.TrimSpace(e.Text)
}
