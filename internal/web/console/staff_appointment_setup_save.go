package console

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"loket/internal/appointment"
	"loket/internal/problem"
)

// saveAppointmentSetup saves one part of the schedule (?onderdeel=locatie, dag, balie, product or regels); a
// mistake shows the set-up again with the messages at that form.
func (h *Handler) saveAppointmentSetup(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r, 32<<10) {
		return
	}
	f, svc, ctx := r.PostForm, h.deps.Appointments, r.Context()
	part := r.URL.Query().Get("onderdeel")
	var err error
	switch part {
	case "locatie":
		_, err = svc.SaveLocation(ctx, appointment.Location{ID: strings.TrimSpace(f.Get("id")), Name: f.Get("naam"), Street: f.Get("straat"),
			Postcode: f.Get("postcode"), City: f.Get("plaats"), HoursText: f.Get("openingstijden")})
	case "dag":
		if f.Get("verwijderen") != "" {
			err = svc.DeleteDay(ctx, f.Get("locatie"), f.Get("datum"))
		} else {
			err = svc.SaveDay(ctx, f.Get("locatie"), f.Get("datum"), f.Get("soort") == "dicht", f.Get("tijden"), f.Get("notitie"))
		}
	case "balie":
		id, _ := strconv.ParseInt(f.Get("id"), 10, 64)
		if f.Get("verwijderen") != "" {
			err = svc.DeleteDesk(ctx, id)
		} else {
			_, err = svc.SaveDesk(ctx, appointment.Desk{ID: id, LocationID: f.Get("locatie"), Name: f.Get("naam"), Products: f["product"]})
		}
	case "product":
		minutes, _ := strconv.Atoi(f.Get("minuten"))
		refund, rerr := strconv.Atoi(f.Get("terug_procent"))
		if f.Get("terug_procent") == "" {
			refund = 100 // a new product: all back when cancelled in time, unless set otherwise
		} else if rerr != nil {
			refund = -1
		}
		euros, ferr := parseDecimal(f.Get("bedrag"))
		fee := int64(math.Round(euros * 100))
		if ferr != nil {
			fee = -1 // the service names the field
		}
		err = svc.SaveProduct(ctx, appointment.Product{ID: strings.TrimSpace(f.Get("id")), Title: strings.TrimSpace(f.Get("naam")), MinutesPerPerson: minutes,
			PayAtBooking: f.Get("vooraf_betalen") != "", FeeCents: fee, RefundPercent: refund})
	case "regels":
		n := func(name string) int { v, _ := strconv.Atoi(f.Get(name)); return v }
		err = svc.SaveRules(ctx, appointment.Rules{StepMinutes: n("stap"), BufferMinutes: n("buffer"), HorizonDays: n("vooruit"),
			MinNoticeMinutes: n("vooraf"), UrgentPercent: n("spoed_procent"), UrgentReleaseDays: n("spoed_dagen"), MaxPersons: n("personen"),
			MaxOpenPerEmail: n("per_adres"), CutoffHours: n("wijzigen_uur"), ReminderHour: n("herinnering_uur"),
			CounterTargetPercent: n("balie_doel"), CounterTargetMinutes: n("balie_binnen"), PaymentHoldMinutes: n("betalen_minuten")})
	default:
		h.notFound(w, r)
		return
	}
	if problem.KindOf(err) == problem.Invalid {
		h.renderAppointmentSetup(w, r, http.StatusUnprocessableEntity, part, problem.FieldsOf(err))
		return
	}
	if h.appointmentFailed(w, r, err) {
		return
	}
	h.auth.Audit(r, "appointment-setup", "appointment-"+part, f.Get("id"), "")
	http.Redirect(w, r, "/beheer/afspraken/instellingen?gedaan=opgeslagen#"+part, http.StatusSeeOther)
}
