package public

import "net/http"

// showAppointmentCalendar downloads the appointment as a calendar file.
func (h *Handler) showAppointmentCalendar(w http.ResponseWriter, r *http.Request) {
	a, ok := h.appointmentByLink(w, r)
	if !ok {
		return
	}
	data, err := h.deps.Appointments.CalendarFile(r.Context(), a, r.PathValue("token"))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="afspraak.ics"`)
	w.Write(data)
}
