package api

import (
	"encoding/json"
	"net/http"
	"time"

	"loket/internal/appointment"
	"loket/internal/web/respond"
)

// apiAppointmentBody is the JSON body of POST /api/v1/appointments.
type apiAppointmentBody struct {
	Products []string `json:"products"`
	Persons  int      `json:"persons"`
	Location string   `json:"location"`
	Start    string   `json:"start"` // RFC 3339, as the slots give it
	Name     string   `json:"name"`
	Email    string   `json:"email"`
	Phone    string   `json:"phone"`
	Urgent   bool     `json:"urgent,omitempty"` // staff tokens only: may use the time held back for urgent cases
}

// createAppointment answers POST /api/v1/appointments: 201 with the appointment and its change link after
// the commit, 409 when the slot was taken meanwhile, 422 with a message per field. With a staff token the
// booking is made on a caller's behalf.
func (h *Handler) createAppointment(w http.ResponseWriter, r *http.Request) {
	if !h.limits.Allow(r) {
		respond.Fail(w, http.StatusTooManyRequests, "too many requests; try again in a few minutes")
		return
	}
	st, isStaff, err := h.optionalStaff(r)
	if err != nil {
		h.Unauthenticated(w, r)
		return
	}
	var body apiAppointmentBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		respond.Fail(w, http.StatusBadRequest, `body must be JSON {"products", "persons", "location", "start", "name", "email", "phone"}: `+err.Error())
		return
	}
	start, err := time.Parse(time.RFC3339, body.Start)
	if err != nil && body.Start != "" {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "Niet alles is goed ingevuld.",
			Fields: map[string]string{"start": "Geef het begin als tijdstip volgens RFC 3339, zoals in de lijst met vrije tijden."}})
		return
	}
	b := appointment.Booking{Products: body.Products, Persons: body.Persons, Location: body.Location, Start: start,
		Name: body.Name, Email: body.Email, Phone: body.Phone, Source: appointment.SourceAPI}
	if isStaff {
		b.Source, b.By, b.Urgent = appointment.SourceStaff, st.Email, body.Urgent
	}
	booked, err := h.deps.Appointments.Book(r.Context(), b)
	if err != nil && booked.ID != 0 { // held, but the payment could not start: the time is free again
		respond.Fail(w, http.StatusServiceUnavailable, "Online betalen lukt nu niet. Probeer het over een paar minuten opnieuw.")
		return
	}
	if h.appointmentFailed(w, r, err) {
		return
	}
	if isStaff {
		h.auth.Audit(r, "appointment-book", "appointment", booked.Reference, "")
	}
	out := toAPIAppointment(booked.Appointment, booked.ChangeLink)
	out.FeeCents, out.CheckoutURL, out.HoldUntil = booked.FeeCents, booked.CheckoutURL, booked.HoldUntil
	respond.JSON(w, http.StatusCreated, out)
}
