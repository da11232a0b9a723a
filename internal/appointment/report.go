package appointment

import (
	"context"
	"slices"
	"time"
)

// Count is how many appointments of a product at a location were booked, cancelled, not attended or
// walk-ins over a period.
type Count struct {
	Product   string `json:"product"`
	Location  string `json:"location"`
	Booked    int64  `json:"booked"`
	Cancelled int64  `json:"cancelled"`
	NoShows   int64  `json:"no_shows"`
	WalkIns   int64  `json:"walk_ins"`
}

// DeskMinutes is the booked time of a desk over a period, in minutes.
type DeskMinutes struct {
	DeskID  int64 `json:"desk"`
	Minutes int64 `json:"minutes"`
}

// WaitSample is the waiting time to the first free slot for a product, as measured on a day.
type WaitSample struct {
	Day     string `json:"day"`
	Product string `json:"product"`
	Minutes int64  `json:"minutes"`
}

// Utilisation is the share of a desk's opening time that was booked.
type Utilisation struct {
	Desk        Desk    `json:"desk"`
	Location    string  `json:"location"`
	OpenMinutes int64   `json:"open_minutes"`
	Booked      int64   `json:"booked_minutes"`
	Percent     float64 `json:"percent"`
}

// Report is the insight into appointments over a period.
type Report struct {
	From, To    time.Time
	Counts      []Count
	Utilisation []Utilisation
	Waits       []WaitSample
}

// Report adds up the appointments of the dates [from, to): counts per product and location, the
// utilisation per desk (booked minutes against the location's opening minutes), and the waiting time to
// the first free slot per product and day.
func (s *Service) Report(ctx context.Context, from, to time.Time) (Report, error) {
	from, to = Date(from), Date(to)
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return Report{}, err
	}
	counts, minutes, err := s.store.AppointmentCounts(ctx, from, to)
	if err != nil {
		return Report{}, err
	}
	waits, err := s.store.WaitSamples(ctx, from.Format(time.DateOnly), to.Format(time.DateOnly))
	if err != nil {
		return Report{}, err
	}
	booked := map[int64]int64{}
	for _, m := range minutes {
		booked[m.DeskID] = m.Minutes
	}
	open := map[string]int64{}
	for _, loc := range sched.Locations {
		for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
			for _, p := range loc.OpeningOn(day) {
				open[loc.ID] += int64(p.To.Sub(p.From).Minutes())
			}
		}
	}
	r := Report{From: from, To: to, Counts: counts, Waits: waits}
	for _, d := range sched.Desks {
		u := Utilisation{Desk: d, Location: d.LocationID, OpenMinutes: open[d.LocationID], Booked: booked[d.ID]}
		if u.OpenMinutes > 0 {
			u.Percent = float64(u.Booked) * 100 / float64(u.OpenMinutes)
		}
		r.Utilisation = append(r.Utilisation, u)
	}
	return r, nil
}

// SampleWaits measures, for every product, the time from now to its first free slot for one person at
// any location, and keeps it as today's figure (a later run the same day replaces it). A product with
// no free slot within the horizon counts as the whole horizon.
func (s *Service) SampleWaits(ctx context.Context) error {
	sched, err := s.store.AppointmentSchedule(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	from, to := sched.window(now, time.Time{}, now)
	busy := map[string][]Busy{}
	for _, loc := range sched.Locations {
		if busy[loc.ID], err = s.store.AppointmentBusy(ctx, loc.ID, from, to.Add(24*time.Hour)); err != nil {
			return err
		}
	}
	day := Date(now).Format(time.DateOnly)
	for _, p := range sched.Products {
		wait := int64(to.Sub(now).Minutes())
		for _, loc := range sched.Locations {
			q := SlotQuery{Products: []string{p.ID}, Persons: 1, Location: loc.ID, From: from, To: to}
			if first, ok := sched.First(q, busy[loc.ID], now); ok {
				wait = min(wait, int64(first.Start.Sub(now).Minutes()))
			}
		}
		if err := s.store.SaveWaitSample(ctx, day, p.ID, wait); err != nil {
			return err
		}
	}
	return nil
}

// WaitSeries groups wait samples per product, in day order, for a chart.
func WaitSeries(samples []WaitSample) map[string][]WaitSample {
	m := map[string][]WaitSample{}
	for _, w := range samples {
		m[w.Product] = append(m[w.Product], w)
	}
	for k := range m {
		slices.SortFunc(m[k], func(a, b WaitSample) int {
			if a.Day < b.Day {
				return -1
			}
			if a.Day > b.Day {
				return 1
			}
			return 0
		})
	}
	return m
}
