package console

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
)

// appointmentRow is one appointment on the counter's day view or in a caller's list.
type appointmentRow struct {
	ID                                          int64
	Time, Date, Desk, Reference, Name, What     string
	State, StateLabel, Source, Email, Phone     string
	CanCheckIn, CanNoShow, WalkIn, Conversation bool
	ConversationID                              int64
}

var appointmentSourceLabels = map[string]string{appointment.SourceWeb: "website", appointment.SourceAPI: "koppeling",
	appointment.SourceStaff: "telefoon", appointment.SourceWalkIn: "zonder afspraak"}

// appointmentRows describes appointments with the names of desks and products.
func appointmentRows(sched appointment.Schedule, list []appointment.Appointment, now time.Time) []appointmentRow {
	desks := map[int64]string{}
	for _, d := range sched.Desks {
		desks[d.ID] = d.Name
	}
	rows := make([]appointmentRow, 0, len(list))
	for _, a := range list {
		titles := make([]string, 0, len(a.Products))
		for _, id := range a.Products {
			p, _ := sched.Product(id)
			titles = append(titles, strings.TrimSpace(p.Title))
		}
		what := strings.Join(titles, " en ")
		if a.Persons > 1 {
			what += fmt.Sprintf(" (%d personen)", a.Persons)
		}
		rows = append(rows, appointmentRow{ID: a.ID, Time: appointment.Clock(a.Start) + "–" + appointment.Clock(a.End),
			Date: appointment.DutchDate(a.Start), Desk: desks[a.DeskID], Reference: a.Reference, Name: a.Name, What: what,
			State: string(a.State), StateLabel: appointment.StateNames[a.State], Source: appointmentSourceLabels[a.Source],
			Email: a.Email, Phone: a.Phone, CanCheckIn: a.State == appointment.StateBooked,
			CanNoShow: a.State == appointment.StateBooked && !now.Before(a.Start), WalkIn: a.Source == appointment.SourceWalkIn,
			ConversationID: a.ConversationID, Conversation: a.ConversationID > 0})
	}
	return rows
}

// appointmentOptions are the choices of products and locations for the console's forms.
func appointmentOptions(sched appointment.Schedule, products []string, location string) ([]selectOption, []selectOption) {
	var ps, ls []selectOption
	for _, p := range sched.Products {
		ps = append(ps, selectOption{Value: p.ID, Label: p.Title, Selected: slices.Contains(products, p.ID)})
	}
	for _, l := range sched.Locations {
		ls = append(ls, selectOption{Value: l.ID, Label: l.Name, Selected: l.ID == location})
	}
	return ps, ls
}

// appointmentID reads the {id} of the path.
func appointmentID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// appointmentFailed shows a refused action as the console's error page with the safe message; it
// reports whether there was an error.
func (h *Handler) appointmentFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	if err == nil {
		return false
	}
	switch problem.KindOf(err) {
	case problem.NotFound:
		h.notFound(w, r)
	case problem.Internal:
		h.serverError(w, r, err)
	default:
		msg := problem.MessageOf(err)
		for _, m := range problem.FieldsOf(err) {
			msg += " " + m
		}
		h.badRequest(w, r, msg)
	}
	return true
}

// backToDay is the day view of the appointment's location and date, with a message.
func backToDay(a appointment.Appointment, done string) string {
	return "/beheer/afspraken?" + url.Values{"locatie": {a.LocationID}, "datum": {appointment.Date(a.Start).Format(time.DateOnly)},
		"gedaan": {done}}.Encode() + "#afspraak-" + strconv.FormatInt(a.ID, 10)
}

var appointmentFlashes = map[string]string{
	"aangemeld": "De inwoner is aangemeld. Het bezoek staat als baliecontact bij de persoon.",
	"niet":      "De afspraak staat op niet verschenen.", "inloop": "Het bezoek zonder afspraak is vastgelegd.",
	"gemaakt": "De afspraak is gemaakt. De inwoner krijgt een bevestiging per e-mail.", "afgezegd": "De afspraak is afgezegd.",
	"verzet": "De afspraak is verzet. De inwoner krijgt een e-mail met de nieuwe tijd.", "opgeslagen": "De wijziging is opgeslagen.",
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
