package public

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket/internal/appointment"
	"loket/internal/problem"
	"loket/internal/web/render"
)

// appointmentChoice is one checkbox, radio button or option of the booking page.
type appointmentChoice struct {
	Value, Label, Hint string
	Checked            bool
}

// appointmentDay is a day with free times, as a link in the day list.
type appointmentDay struct {
	Date, Label, URL string
	Free             int
	Current          bool
}

// appointmentForm is what the resident chose and typed, kept through every step.
type appointmentForm struct {
	Products         []string
	Persons          int
	Location         string
	Day              string // YYYY-MM-DD
	Start            string // RFC 3339
	Name, Email, Tel string
}

// appointmentPage is the data of the booking page (appointment.html).
type appointmentPage struct {
	Form      appointmentForm
	Products  []appointmentChoice
	Persons   []appointmentChoice
	Locations []appointmentChoice
	Ready     bool // what, how many and where are chosen: days can be shown
	Days      []appointmentDay
	DayLabel  string
	Times     []appointmentChoice
	Summary   *appointmentSummary // the check before confirming
	Errors    map[string]string
	ErrorList []appointmentError
	Notice    string // a conflict or another message for the whole page
	Hidden    []appointmentHidden
	BackURL   string // from the summary back to the choices
}

type appointmentError struct{ ID, Message string }

type appointmentHidden struct{ Name, Value string }

// appointmentSummary is what the resident checks, and what the appointment page shows.
type appointmentSummary struct {
	What, When, Where, Address, Reference, State string
	Bring                                        []appointmentBring
	Costs                                        []string
	Name, Email, Tel                             string
	PayOnline, Paid                              int64 // cents to pay online at booking, and paid
}

type appointmentBring struct {
	Title string
	Items []string
}

// maxAppointmentDays bounds the day list, which shows the first days with free times.
const maxAppointmentDays = 15

// readAppointmentForm reads the choices from the query or the posted form.
func readAppointmentForm(v url.Values) appointmentForm {
	f := appointmentForm{Products: v["product"], Location: v.Get("locatie"), Day: v.Get("dag"), Start: v.Get("tijd"),
		Name: strings.TrimSpace(v.Get("naam")), Email: strings.TrimSpace(v.Get("email")), Tel: strings.TrimSpace(v.Get("telefoon"))}
	if len(f.Products) > 10 {
		f.Products = f.Products[:10]
	}
	f.Persons, _ = strconv.Atoi(v.Get("personen"))
	if f.Persons == 0 {
		f.Persons = 1
	}
	if start, err := time.Parse(time.RFC3339, f.Start); err == nil && f.Day == "" {
		f.Day = appointment.Date(start).Format(time.DateOnly)
	}
	return f
}

// query is the form's choices of what, how many and where as a query string.
func (f appointmentForm) query() url.Values {
	q := url.Values{"product": f.Products, "personen": {strconv.Itoa(f.Persons)}, "locatie": {f.Location}}
	if f.Day != "" {
		q.Set("dag", f.Day)
	}
	return q
}

func (f appointmentForm) booking(source string) appointment.Booking {
	start, _ := time.Parse(time.RFC3339, f.Start)
	return appointment.Booking{Products: f.Products, Persons: f.Persons, Location: f.Location, Start: start,
		Name: f.Name, Email: f.Email, Phone: f.Tel, Source: source}
}

func (f appointmentForm) hidden() []appointmentHidden {
	var list []appointmentHidden
	for _, p := range f.Products {
		list = append(list, appointmentHidden{"product", p})
	}
	return append(list, appointmentHidden{"personen", strconv.Itoa(f.Persons)}, appointmentHidden{"locatie", f.Location},
		appointmentHidden{"dag", f.Day}, appointmentHidden{"tijd", f.Start}, appointmentHidden{"naam", f.Name},
		appointmentHidden{"email", f.Email}, appointmentHidden{"telefoon", f.Tel})
}

// fieldIDs maps the service's field names to the ids of the inputs, for the error summary's links.
var appointmentFieldIDs = map[string]string{"products": "afspraak-product-0", "persons": "afspraak-personen",
	"location": "afspraak-locatie-0", "start": "afspraak-tijden", "name": "afspraak-naam", "email": "afspraak-email", "phone": "afspraak-telefoon"}

var appointmentFieldOrder = []string{"products", "persons", "location", "start", "name", "email", "phone"}

// buildAppointmentPage fills the choices, and once what, how many and where are known, the days with free
// times and the times of the chosen day.
func (h *Handler) buildAppointmentPage(r *http.Request, f appointmentForm, errs map[string]string) (appointmentPage, error) {
	svc := h.deps.Appointments
	sched, err := svc.Schedule(r.Context())
	if err != nil {
		return appointmentPage{}, err
	}
	p := appointmentPage{Form: f, Errors: errs}
	for _, pr := range sched.Products {
		p.Products = append(p.Products, appointmentChoice{Value: pr.ID, Label: pr.Title, Checked: slices.Contains(f.Products, pr.ID)})
	}
	for n := 1; n <= sched.Rules.MaxPersons; n++ {
		label := "1 persoon"
		if n > 1 {
			label = fmt.Sprintf("%d personen", n)
		}
		p.Persons = append(p.Persons, appointmentChoice{Value: strconv.Itoa(n), Label: label, Checked: n == f.Persons})
	}
	for _, l := range sched.Locations {
		p.Locations = append(p.Locations, appointmentChoice{Value: l.ID, Label: l.Name, Hint: l.Address(), Checked: l.ID == f.Location})
	}
	if len(p.Locations) == 1 && f.Location == "" {
		p.Locations[0].Checked, p.Form.Location, f.Location = true, p.Locations[0].Value, p.Locations[0].Value
	}
	if len(f.Products) > 0 && f.Location != "" {
		if err := h.addAppointmentSlots(r, &p, f); err != nil {
			return p, err
		}
	}
	p.ErrorList = errorList(errs)
	return p, nil
}

// addAppointmentSlots lists the days with free times and, for the chosen day, its times.
func (h *Handler) addAppointmentSlots(r *http.Request, p *appointmentPage, f appointmentForm) error {
	slots, err := h.deps.Appointments.Slots(r.Context(), appointment.SlotQuery{Products: f.Products, Persons: f.Persons, Location: f.Location})
	if problem.KindOf(err) == problem.Invalid {
		p.Errors = mergeErrors(p.Errors, problem.FieldsOf(err))
		return nil
	}
	if err != nil {
		return err
	}
	p.Ready = true
	byDay := map[string][]appointment.Slot{}
	var days []string
	for _, s := range slots {
		d := appointment.Date(s.Start).Format(time.DateOnly)
		if _, ok := byDay[d]; !ok {
			days = append(days, d)
		}
		byDay[d] = append(byDay[d], s)
	}
	for _, d := range days[:min(len(days), maxAppointmentDays)] {
		q := f.query()
		q.Set("dag", d)
		date, _ := appointment.ParseDate(d)
		p.Days = append(p.Days, appointmentDay{Date: d, Label: appointment.DutchDate(date), Free: len(byDay[d]),
			URL: "/afspraak?" + q.Encode() + "#tijden", Current: d == f.Day})
	}
	if date, err := appointment.ParseDate(f.Day); err == nil {
		p.DayLabel = appointment.DutchDate(date)
		for _, s := range byDay[f.Day] {
			v := s.Start.Format(time.RFC3339)
			p.Times = append(p.Times, appointmentChoice{Value: v, Label: appointment.Clock(s.Start) + " tot " + appointment.Clock(s.End) + " uur",
				Checked: v == f.Start})
		}
	}
	return nil
}

func mergeErrors(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func errorList(errs map[string]string) []appointmentError {
	var list []appointmentError
	for _, k := range appointmentFieldOrder {
		if m, ok := errs[k]; ok {
			list = append(list, appointmentError{ID: appointmentFieldIDs[k], Message: m})
		}
	}
	return list
}

// summaryOf describes an appointment (or a booking still to confirm) for the resident.
func (h *Handler) summaryOf(r *http.Request, a appointment.Appointment) (*appointmentSummary, error) {
	loc, infos, err := h.deps.Appointments.Details(r.Context(), a)
	if err != nil {
		return nil, err
	}
	s := &appointmentSummary{What: appointment.Summary(infos, a.Persons), Where: loc.Name, Address: loc.Address(),
		When:      appointment.DutchDate(a.Start) + ", " + appointment.Clock(a.Start) + " tot " + appointment.Clock(a.End) + " uur",
		Reference: a.Reference, State: appointment.StateNames[a.State], Name: a.Name, Email: a.Email, Tel: a.Phone,
		Paid: a.PaidCents}
	if a.PaidCents == 0 && (a.State == appointment.StateBooked || a.State == appointment.StateAwaitingPayment) {
		s.PayOnline = a.FeeCents
	}
	for _, in := range infos {
		if len(in.Bring) > 0 {
			s.Bring = append(s.Bring, appointmentBring{Title: in.Title, Items: in.Bring})
		}
		if in.Cost != "" {
			s.Costs = append(s.Costs, in.Title+": "+in.Cost)
		}
	}
	return s, nil
}

func (h *Handler) renderAppointment(w http.ResponseWriter, r *http.Request, status int, p appointmentPage) {
	h.render(w, r, status, "appointment", render.Page{Title: "Afspraak maken", Data: p,
		Breadcrumbs: []render.Crumb{{Label: "Home", URL: "/"}, {Label: "Afspraak maken", URL: ""}}})
}

// appointmentURL starts booking for a product that needs a counter appointment, else "".
func (h *Handler) appointmentURL(r *http.Request, product string) string {
	if h.deps.Appointments == nil {
		return ""
	}
	links, err := h.catalog.get(r.Context())
	if err != nil {
		h.deps.Log.Error("catalog links", "err", err)
		return ""
	}
	if !links.Appointments[product] {
		return ""
	}
	return "/afspraak?product=" + url.QueryEscape(product)
}

func renderTooMany(phone string) render.Page {
	msg := "Wacht een paar minuten en probeer het dan opnieuw."
	if phone != "" {
		msg += " Lukt het niet? Bel " + phone + "."
	}
	return render.Page{Title: "Even wachten", Data: render.ErrorPage{Heading: "U hebt veel afspraken achter elkaar gemaakt", Message: msg}}
}

// appointmentShowPage is the data of the change link's page (appointment_show.html).
type appointmentShowPage struct {
	Token       string
	Summary     *appointmentSummary
	Made        bool // just booked
	Moved       bool
	Cancelled   bool // cancelled (now or before)
	CanChange   bool
	Cutoff      string
	Days        []appointmentDay
	DayLabel    string
	Times       []appointmentChoice
	Error       string
	CalendarURL string
}
