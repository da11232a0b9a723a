package request_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// benchNow is the day the volume benchmarks look at the queue and the figures.
var benchNow = time.Date(2026, 12, 1, 9, 0, 0, 0, calendar.Amsterdam)

// seedRequests stores n requests received over the year before benchNow in batched inserts: five teams
// and products, 40% decided (a quarter of those late), 5% waiting for information (the term stands
// still, so their deadline moves with the date), one in 200 late with a notice of default, the rest open.
func seedRequests(b *testing.B, s *store.Store, n int) {
	b.Helper()
	ctx := context.Background()
	teams := []string{"Team Vergunningen", "Team Afval", "Team Burgerzaken", "Team Juridisch", "Team Belastingen"}
	list := make([]store.BulkRequest, 0, n)
	for i := range n {
		p := request.Product{ID: fmt.Sprintf("product-%d", i%5), Title: fmt.Sprintf("Product %d", i%5), Team: teams[i%5]}
		received := benchNow.AddDate(0, 0, -(i*7919)%365).Add(-time.Duration(i%600) * time.Minute)
		r, err := request.New(permitForm, p, request.Values{"naam": "An Jansen", "email": "an@example.nl", "boom": "Eik"}, received)
		if err != nil {
			b.Fatal(err)
		}
		r.Reference = fmt.Sprintf("BK-%06d", i)
		switch age := benchNow.Sub(received); {
		case i%5 < 2 && age > 30*24*time.Hour:
			r.Status, r.Outcome = request.StatusDecided, "toegekend"
			r.DecidedAt = received.AddDate(0, 0, 20+(i%4)*15) // 20, 35, 50 or 65 days: the last is late
		case i%20 == 2 && age > 5*24*time.Hour && age < 70*24*time.Hour:
			asked := received.AddDate(0, 0, 3)
			r.Status = request.StatusInfoNeeded
			r.Suspensions = []request.Suspension{{Asked: asked, Until: asked.AddDate(0, 0, 14+(i%3)*20), What: "Een foto."}}
		case i%200 == 3 && age > 80*24*time.Hour:
			d, err := request.DeadlineFor(r, benchNow)
			if err != nil {
				b.Fatal(err)
			}
			r.Notices = []time.Time{d.Due.AddDate(0, 0, 3)}
		}
		list = append(list, store.BulkRequest{Request: r, TokenHash: fmt.Sprintf("bench-%d", i)})
	}
	if err := s.BulkInsertRequests(ctx, list); err != nil {
		b.Fatal(err)
	}
	if s.Dialect() == store.Postgres { // what autovacuum does after a load: statistics and the visibility map
		if _, err := s.DB().ExecContext(ctx, `VACUUM ANALYZE requests`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRequestQueue100k measures the case handlers' queue page at 100,000 requests (about 60,000 open,
// 2,500 of them waiting for information): the counts of the three sections and the first page of each, for
// every team and for one team, and a page deep into the work supply.
func BenchmarkRequestQueue100k(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			s := storetest.Open(b, dialect)
			seedRequests(b, s, 100000)
			svc := &request.Service{Store: s, Now: func() time.Time { return benchNow }}
			ctx := context.Background()
			for _, bc := range []struct {
				name    string
				f       request.QueueFilter
				offsets map[request.QueueSection]int
			}{
				{"all-teams", request.QueueFilter{}, nil},
				{"one-team", request.QueueFilter{Team: "Team Afval"}, nil},
				{"page-200", request.QueueFilter{}, map[request.QueueSection]int{request.SectionOpen: 199 * request.QueuePageSize}},
			} {
				b.Run(bc.name, func(b *testing.B) {
					for b.Loop() {
						v, err := svc.QueueView(ctx, bc.f, bc.offsets, 0)
						if err != nil || len(v.Pages[request.SectionOpen].Cases) != request.QueuePageSize {
							b.Fatal(len(v.Pages[request.SectionOpen].Cases), err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkRequestFigures100k measures the figures per month, procedure, product and team over the last
// twelve months at 100,000 requests.
func BenchmarkRequestFigures100k(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			s := storetest.Open(b, dialect)
			seedRequests(b, s, 100000)
			svc := &request.Service{Store: s, Now: func() time.Time { return benchNow }}
			ctx := context.Background()
			to := time.Date(2026, 12, 1, 0, 0, 0, 0, calendar.Amsterdam)
			for b.Loop() {
				figs, err := svc.Figures(ctx, to.AddDate(-1, 0, 0), to)
				if err != nil || len(figs) < 12*5 {
					b.Fatal(len(figs), err)
				}
			}
		})
	}
}
