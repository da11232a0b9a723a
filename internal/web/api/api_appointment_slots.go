package api

import (
	"net/http"
	"strconv"
	"strings"

	"loket/internal/web/respond"
)

// listAppointmentSlots answers GET /api/v1/appointments/slots: the free slots for products and persons,
// at one location or every one, between from and to (dates or RFC 3339 times; at most the booking horizon).
func (h *Handler) listAppointmentSlots(w http.ResponseWriter, r *http.Request) {
	if !h.slotReads.Allow(r) {
		respond.Fail(w, http.StatusTooManyRequests, "too many requests; try again in a few minutes")
		return
	}
	q := r.URL.Query()
	fields := map[string]string{}
	products := strings.Split(q.Get("products"), ",")
	if q.Get("products") == "" {
		products = nil
	}
	persons := 1
	if p := q.Get("persons"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			fields["persons"] = "Vul het aantal personen in als getal."
		}
		persons = n
	}
	from, ok := apiTime(q.Get("from"))
	if !ok {
		fields["from"] = "Schrijf de datum als JJJJ-MM-DD of als tijdstip volgens RFC 3339."
	}
	to, ok := apiTime(q.Get("to"))
	if !ok {
		fields["to"] = "Schrijf de datum als JJJJ-MM-DD of als tijdstip volgens RFC 3339."
	}
	if len(fields) > 0 {
		respond.JSON(w, http.StatusUnprocessableEntity, respond.Error{Error: "Niet alles is goed ingevuld.", Fields: fields})
		return
	}
	slots, err := h.deps.Appointments.Slots(r.Context(), appointmentQuery(products, persons, q.Get("location"), from, to))
	if h.appointmentFailed(w, r, err) {
		return
	}
	out := make([]apiSlot, 0, len(slots))
	for _, s := range slots {
		out = append(out, apiSlot{Start: s.Start, End: s.End, Location: s.Location})
	}
	respond.JSON(w, http.StatusOK, map[string]any{"slots": out})
}
