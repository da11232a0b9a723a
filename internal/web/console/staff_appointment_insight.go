package console

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"loket/internal/appointment"
	"loket/internal/web/render"
)

// appointmentInsightData is the insight into appointments over a period.
type appointmentInsightData struct {
	From, To    string
	Counts      []appointmentCountRow
	Utilisation []appointmentUseRow
	Waits       []appointmentWaitRow
	WaitChart   chart // waiting time in days per product, per day
}

type appointmentCountRow struct {
	Product, Location                   string
	Booked, Cancelled, NoShows, WalkIns int64
	NoShowShare                         string
}

type appointmentUseRow struct{ Desk, Location, Booked, Open, Percent string }

type appointmentWaitRow struct {
	Product string
	Days    []appointmentWaitDay
	Latest  string
}

type appointmentWaitDay struct{ Day, Wait string }

// showAppointmentInsight shows bookings, cancellations, no-shows and walk-ins per product and location,
// the utilisation per desk and the waiting time to the first free slot per product over time.
func (h *Handler) showAppointmentInsight(w http.ResponseWriter, r *http.Request) {
	svc := h.deps.Appointments
	to := appointment.Date(svc.Now()).AddDate(0, 0, 1)
	from := to.AddDate(0, 0, -28)
	if d, err := appointment.ParseDate(r.URL.Query().Get("van")); err == nil {
		from = d
	}
	if d, err := appointment.ParseDate(r.URL.Query().Get("tot")); err == nil && d.After(from) && d.Sub(from) < 400*24*time.Hour {
		to = d.AddDate(0, 0, 1)
	}
	rep, err := svc.Report(r.Context(), from, to)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	sched, err := svc.Schedule(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	data := appointmentInsightData{From: from.Format(time.DateOnly), To: to.AddDate(0, 0, -1).Format(time.DateOnly)}
	name := func(id string) string {
		if p, ok := sched.Product(id); ok {
			return p.Title
		}
		return id
	}
	for _, c := range rep.Counts {
		loc, _ := sched.Location(c.Location)
		row := appointmentCountRow{Product: name(c.Product), Location: loc.Name, Booked: c.Booked, Cancelled: c.Cancelled, NoShows: c.NoShows, WalkIns: c.WalkIns, NoShowShare: "–"}
		if c.Booked > 0 {
			row.NoShowShare = fmt.Sprintf("%.0f%%", float64(c.NoShows)*100/float64(c.Booked))
		}
		data.Counts = append(data.Counts, row)
	}
	for _, u := range rep.Utilisation {
		loc, _ := sched.Location(u.Location)
		data.Utilisation = append(data.Utilisation, appointmentUseRow{Desk: u.Desk.Name, Location: loc.Name,
			Booked: hours(u.Booked), Open: hours(u.OpenMinutes), Percent: fmt.Sprintf("%.0f%%", u.Percent)})
	}
	for product, series := range appointment.WaitSeries(rep.Waits) {
		row := appointmentWaitRow{Product: name(product)}
		for _, s := range series {
			row.Days = append(row.Days, appointmentWaitDay{Day: s.Day, Wait: waitLabel(s.Minutes)})
		}
		if len(series) > 0 {
			row.Latest = waitLabel(series[len(series)-1].Minutes)
		}
		data.Waits = append(data.Waits, row)
	}
	slices.SortFunc(data.Waits, func(a, b appointmentWaitRow) int { return strings.Compare(a.Product, b.Product) })
	data.WaitChart = waitChart(rep.Waits, name)
	h.render(w, r, http.StatusOK, "staff_appointment_insight", render.Page{Title: "Inzicht in afspraken", Data: data,
		Breadcrumbs: []render.Crumb{{Label: "Beheer", URL: "/beheer"}, {Label: "Inzicht", URL: "/beheer/inzicht"}, {Label: "Afspraken", URL: ""}}})
}

func hours(minutes int64) string { return fmt.Sprintf("%d uur %02d min", minutes/60, minutes%60) }

// waitLabel writes a waiting time in days and hours, as a manager reads it.
func waitLabel(minutes int64) string {
	d, h := minutes/(24*60), minutes%(24*60)/60
	switch {
	case d == 0:
		return fmt.Sprintf("%d uur", h)
	case d == 1:
		return fmt.Sprintf("1 dag %d uur", h)
	}
	return fmt.Sprintf("%d dagen %d uur", d, h)
}

// waitChart draws the waiting time in days per product over the days measured.
func waitChart(samples []appointment.WaitSample, name func(string) string) chart {
	c := chart{Type: "line", AxisName: "Wachttijd in dagen"}
	index := map[string]int{}
	for _, w := range samples {
		if _, ok := index[w.Day]; !ok {
			index[w.Day] = len(c.Labels)
			c.Labels = append(c.Labels, w.Day)
		}
	}
	for product, series := range appointment.WaitSeries(samples) {
		data := make([]float64, len(c.Labels))
		for _, w := range series {
			data[index[w.Day]] = float64(w.Minutes*10/(24*60)) / 10
		}
		c.Series = append(c.Series, chartSeries{Label: name(product), Data: data})
	}
	slices.SortFunc(c.Series, func(a, b chartSeries) int { return strings.Compare(a.Label, b.Label) })
	return c
}
