package api

import (
	"net/http"
	"strings"
	"time"

	"loket/internal/appointment"
	"loket/internal/calendar"
	"loket/internal/problem"
	"loket/internal/web/respond"
)

// apiSlot is one free slot in the JSON API.
type apiSlot struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Location string    `json:"location"`
}

// apiAppointment is an appointment in the JSON API; the change link carries the secret and is only in
// the answer to the booking.
type apiAppointment struct {
	Reference  string    `json:"reference"`
	Products   []string  `json:"products"`
	Persons    int       `json:"persons"`
	Location   string    `json:"location"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	State      string    `json:"state"`
	ChangeLink string    `json:"change_link,omitempty"`
	// A product paid at booking: the amount, and the provider's page where the resident pays; the
	// appointment stays awaiting_payment (its time held) until the provider confirms.
	FeeCents    int64     `json:"fee_cents,omitempty"`
	CheckoutURL string    `json:"checkout_url,omitempty"`
	HoldUntil   time.Time `json:"hold_until,omitzero"`
}

func toAPIAppointment(a appointment.Appointment, link string) apiAppointment {
	return apiAppointment{Reference: a.Reference, Products: a.Products, Persons: a.Persons, Location: a.LocationID,
		Start: a.Start.In(calendar.Amsterdam), End: a.End.In(calendar.Amsterdam), State: string(a.State), ChangeLink: link}
}

// appointmentFailed answers an appointment error by its kind: 422 with a message per field, 404, 409 or
// 500; it reports whether there was one.
func (h *Handler) appointmentFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	if err == nil {
		return false
	}
	switch problem.KindOf(err) {
	case problem.Invalid:
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: problem.MessageOf(err), Fields: problem.FieldsOf(err)})
	case problem.NotFound:
		respond.Fail(w, http.StatusNotFound, problem.MessageOf(err))
	case problem.Conflict:
		respond.Fail(w, http.StatusConflict, problem.MessageOf(err))
	default:
		h.serverError(w, r, err)
	}
	return true
}

// apiTime reads a date (YYYY-MM-DD, midnight in Amsterdam) or an RFC 3339 time; empty is the zero time.
func apiTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if d, err := appointment.ParseDate(s); err == nil {
		return d, true
	}
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}

func appointmentQuery(products []string, persons int, location string, from, to time.Time) appointment.SlotQuery {
	return appointment.SlotQuery{Products: products, Persons: persons, Location: location, From: from, To: to}
}
