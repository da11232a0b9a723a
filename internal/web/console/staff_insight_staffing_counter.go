package console

import (
	"fmt"
	"net/http"
	"time"

	"loket/internal/appointment"
	"loket/internal/insight"
)

// counterStaffingData is the counter as a channel on the staffing page: one location's desks and desk
// hours per hour of the week, from the visits of a period.
type counterStaffingData struct {
	Locations []appointment.Location
	Location  string
	Period    insight.Period
	Staffing  appointment.CounterStaffing
	Rows      []counterStaffingRow
	Target    string // "80% geholpen binnen 10 minuten"
}

// counterStaffingRow is one hour of the week as the page and the export show it.
type counterStaffingRow struct {
	Day, Hour string
	insight.CounterNeed
}

// counterPeriod is the period of the query, or the four weeks before today.
func (h *Handler) counterPeriod(r *http.Request) insight.Period {
	if r.URL.Query().Get("van") != "" || r.URL.Query().Get("tot") != "" {
		return h.readPeriod(r)
	}
	today := appointment.Date(h.now())
	return insight.Period{From: today.AddDate(0, 0, -28).Format(time.DateOnly), To: today.AddDate(0, 0, -1).Format(time.DateOnly)}
}

// counterStaffingView works out the counter's staffing for the location chosen (the first one by default).
func (h *Handler) counterStaffingView(r *http.Request, locationID string, p insight.Period) (counterStaffingData, error) {
	d := counterStaffingData{Period: p}
	if h.deps.Appointments == nil {
		return d, nil
	}
	sched, err := h.deps.Appointments.Schedule(r.Context())
	if err != nil || len(sched.Locations) == 0 {
		return d, err
	}
	d.Locations, d.Location = sched.Locations, sched.Locations[0].ID
	if _, ok := sched.Location(locationID); ok {
		d.Location = locationID
	}
	if d.Staffing, err = h.deps.Appointments.CounterStaffing(r.Context(), d.Location, p.FromTime(), p.ToTime()); err != nil {
		return d, err
	}
	d.Target = fmt.Sprintf("%.0f%% geholpen binnen %.0f minuten", d.Staffing.Target.Share*100, d.Staffing.Target.Within.Minutes())
	for _, n := range d.Staffing.Hours {
		d.Rows = append(d.Rows, counterStaffingRow{Day: appointment.WeekdayName(n.Weekday), Hour: fmt.Sprintf("%02d:00-%02d:00", n.Hour, n.Hour+1), CounterNeed: n})
	}
	return d, nil
}

// writeCounterStaffing exports the counter's staffing of every location over the period.
func (h *Handler) writeCounterStaffing(w http.ResponseWriter, r *http.Request, format string, p insight.Period) {
	t := insight.Table{Name: exportName("bezetting-balie", p), Sheet: "Balie", Title: "Bezetting van de balie, uit de bezoeken van " + periodTitle(p),
		Columns: []string{"locatie", "dag", "uur", "afspraken (minuten per week)", "zonder afspraak (per uur)", "minuten per bezoek zonder afspraak",
			"balies voor bezoek zonder afspraak", "geholpen binnen de wachttijd", "balie-uren", "balies tegelijk open"}}
	var locations []appointment.Location
	if h.deps.Appointments != nil {
		sched, err := h.deps.Appointments.Schedule(r.Context())
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		locations = sched.Locations
	}
	for _, loc := range locations {
		d, err := h.counterStaffingView(r, loc.ID, p)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		for _, row := range d.Rows {
			t.Rows = append(t.Rows, []any{loc.Name, row.Day, row.Hour, row.PlannedMinutes, row.WalkInsPerHour, row.WalkInMinutes,
				row.WalkInDesks, insight.Share(row.ServiceLevel), row.DeskHours, row.Desks})
		}
	}
	h.writeTable(w, r, format, t)
}
