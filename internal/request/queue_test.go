package request_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestQueuePagesHoldEveryOpenRequestInOrder: 130 permits received one a day from Monday 5 January 2026,
// stored latest first (so the id order is the reverse of the date order). An eight-week term
// (Awb 4:13) received on day d ends on d + 56 days, moved to the Monday when that is a weekend day
// (ATW art. 1). On Tuesday 10 March 2026 the requests received 5–12 January (due 2, 3, 4, 5, 6 March
// and three times Monday 9 March) are late: 8. The other 122 are in the work supply: pages of 50, 50 and
// 22, nothing left out, nothing twice, and the order across the pages is the order of the whole list.
// Within 9 March the oldest request comes first: received 12 January (stored before 11 and 10 January).
func TestQueuePagesHoldEveryOpenRequestInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		base := time.Date(2026, 1, 5, 10, 0, 0, 0, calendar.Amsterdam)
		received := map[int64]string{}
		for i := 129; i >= 0; i-- {
			r, err := request.New(permitForm, permit, request.Values{"naam": "An", "email": fmt.Sprintf("r%d@example.nl", i), "boom": "Eik"},
				base.AddDate(0, 0, i))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SubmitRequest(ctx, request.Submission{Request: &r, TokenHash: auth.HashSecret(request.NewToken())}); err != nil {
				t.Fatal(err)
			}
			received[r.ID] = r.ReceivedAt.Format("01-02")
		}
		clk.Set("2026-03-10", "09:00")
		view, err := svc.QueueView(ctx, request.QueueFilter{Team: permit.Team}, nil, 50)
		if err != nil {
			t.Fatal(err)
		}
		late := view.Pages[request.SectionLate]
		var got []string
		for _, c := range late.Cases {
			got = append(got, received[c.ID]+" "+c.Term.Due.Format("01-02"))
		}
		want := []string{"01-05 03-02", "01-06 03-03", "01-07 03-04", "01-08 03-05", "01-09 03-06", "01-12 03-09", "01-11 03-09", "01-10 03-09"}
		if !slices.Equal(got, want) || late.Total != 8 || late.HasNext() {
			t.Fatalf("late: %v (total %d), want %v", got, late.Total, want)
		}
		if n := view.Count(request.SectionOpen); n != 122 {
			t.Fatalf("work supply counts %d, want 122", n)
		}
		// Every page of the work supply, against the whole list sorted by the derived deadline.
		var paged []int64
		for off, size := range map[int]int{0: 50, 50: 50, 100: 22} {
			v, err := svc.QueueView(ctx, request.QueueFilter{Team: permit.Team}, map[request.QueueSection]int{request.SectionOpen: off}, 50)
			if err != nil {
				t.Fatal(err)
			}
			p := v.Pages[request.SectionOpen]
			if len(p.Cases) != size || p.Offset != off || p.HasNext() != (off < 100) || p.HasPrevious() != (off > 0) {
				t.Fatalf("page at %d: %d cases, next %v, previous %v; want %d", off, len(p.Cases), p.HasNext(), p.HasPrevious(), size)
			}
			for i, c := range p.Cases {
				if c.Term.Overdue || c.Term.Urgent {
					t.Errorf("%s in the work supply is late or urgent", c.Reference)
				}
				for len(paged) < off+i+1 {
					paged = append(paged, 0)
				}
				paged[off+i] = c.ID
			}
		}
		all, err := svc.Queue(ctx, request.QueueFilter{})
		if err != nil || len(all) != 130 {
			t.Fatalf("whole queue: %d (%v), want 130", len(all), err)
		}
		var whole []int64
		for i, c := range all {
			if i > 0 && (c.Term.Due.Before(all[i-1].Term.Due) || c.Term.Due.Equal(all[i-1].Term.Due) && c.ID < all[i-1].ID) {
				t.Fatalf("whole queue out of order at %d", i)
			}
			if !c.Term.Overdue {
				whole = append(whole, c.ID)
			}
		}
		if !slices.Equal(paged, whole) {
			t.Fatalf("the pages hold %v,\nthe whole list %v", paged, whole)
		}
		// A page past the end (the list got shorter meanwhile) shows the last page.
		v, err := svc.QueueView(ctx, request.QueueFilter{Team: permit.Team}, map[request.QueueSection]int{request.SectionOpen: 500}, 50)
		if err != nil || v.Pages[request.SectionOpen].Offset != 100 || len(v.Pages[request.SectionOpen].Cases) != 22 {
			t.Fatalf("page past the end: %+v %v", v.Pages[request.SectionOpen].Offset, err)
		}
	})
}

// TestSuspendedCaseMovesInQueueWithTheClock: three permits with an eight-week term. A received Monday
// 2 March 2026 (due 2 March + 56 = Monday 27 April, Koningsdag, so Tuesday 28 April), B Monday 9 March
// (due Monday 4 May), C Monday 16 March (due Monday 11 May). A's handler asks for information on Tuesday
// 10 March with a hersteltermijn until 15 May: from 11 March A's term stands still (Awb 4:15) and its
// deadline moves a day each day, without any event:
//   - 10 March: nothing stood still yet: A 28 April, B, C;
//   - 20 March: 11–20 March stood still (10 days): 27 April + 10 = Thursday 7 May: B, A, C;
//   - 27 March: 17 days: 27 April + 17 = Thursday 14 May, Ascension Day; Friday 15 May is equated with a
//     holiday (Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, …), so Monday 18 May: B, C, A;
//   - 5 May: B's term has passed (te laat); A stood still 11 March–5 May (56 days): 27 April + 56 =
//     Monday 22 June, not late: the work supply is C, A.
func TestSuspendedCaseMovesInQueueWithTheClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		names := map[string]string{}
		submit := func(day, name string) string {
			clk.Set(day, "10:00")
			c := submitThroughSteps(t, svc, permitForm, permit, request.Values{"naam": "An", "email": "an@example.nl"}, request.Values{"boom": "Eik"})
			names[c.Reference] = name
			return c.Reference
		}
		a := submit("2026-03-02", "A")
		submit("2026-03-09", "B")
		clk.Set("2026-03-10", "11:00")
		if _, err := svc.AskInformation(ctx, a, bo, "Een foto van de boom.", day("2026-05-15")); err != nil {
			t.Fatal(err)
		}
		submit("2026-03-16", "C")
		queue := func(day string) (late, open []string) {
			t.Helper()
			clk.Set(day, "09:00")
			v, err := svc.QueueView(ctx, request.QueueFilter{Team: permit.Team}, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range v.Pages[request.SectionLate].Cases {
				late = append(late, names[c.Reference]+" "+c.Term.Due.Format(time.DateOnly))
			}
			for _, c := range v.Pages[request.SectionOpen].Cases {
				open = append(open, names[c.Reference]+" "+c.Term.Due.Format(time.DateOnly))
			}
			if v.Count(request.SectionLate) != len(late) || v.Count(request.SectionOpen) != len(open) {
				t.Errorf("on %s the counts %d/%d differ from the lists %v %v", day, v.Count(request.SectionLate), v.Count(request.SectionOpen), late, open)
			}
			return late, open
		}
		for _, tc := range []struct {
			day        string
			late, open []string
		}{
			{"2026-03-10", nil, []string{"A 2026-04-28", "B 2026-05-04", "C 2026-05-11"}},
			{"2026-03-20", nil, []string{"B 2026-05-04", "A 2026-05-07", "C 2026-05-11"}},
			{"2026-03-27", nil, []string{"B 2026-05-04", "C 2026-05-11", "A 2026-05-18"}},
			{"2026-05-05", []string{"B 2026-05-04"}, []string{"C 2026-05-11", "A 2026-06-22"}},
		} {
			late, open := queue(tc.day)
			if !slices.Equal(late, tc.late) || !slices.Equal(open, tc.open) {
				t.Errorf("on %s: late %v, work supply %v; want %v and %v", tc.day, late, open, tc.late, tc.open)
			}
		}
		if n, err := svc.QueueAttention(ctx, request.QueueFilter{Team: permit.Team}); err != nil || n != 2 {
			t.Errorf("on 5 May %d requests need attention (%v), want 2: B is late, C has 4 working days left (6, 7, 8 and 11 May)", n, err)
		}
	})
}

// TestFiguresCountAnOpenSuspensionUntilToday: a permit received Monday 2 March 2026, asked for
// information on Tuesday 10 March (hersteltermijn until 15 May) and not answered. Its term stands still
// from 11 March, so the figures count 10 suspension days on 20 March (11–20 March) and 17 on 27 March,
// with no event between; a second permit received the same day and decided on 1 April in time (due
// 28 April) adds one decided in time and no suspension days.
func TestFiguresCountAnOpenSuspensionUntilToday(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		clk.Set("2026-03-02", "10:00")
		steps := []request.Values{{"naam": "An", "email": "an@example.nl"}, {"boom": "Eik"}}
		a := submitThroughSteps(t, svc, permitForm, permit, steps...)
		b := submitThroughSteps(t, svc, permitForm, permit, steps...)
		clk.Set("2026-03-10", "10:00")
		if _, err := svc.AskInformation(ctx, a.Reference, bo, "Een foto.", day("2026-05-15")); err != nil {
			t.Fatal(err)
		}
		clk.Set("2026-04-01", "10:00")
		if _, err := svc.Decide(ctx, b.Reference, bo, "toegekend", "U mag kappen."); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			day       string
			suspended int
		}{{"2026-03-20", 10}, {"2026-03-27", 17}} {
			clk.Set(tc.day, "09:00")
			figs, err := svc.Figures(ctx, day("2026-03-01"), day("2026-04-01"))
			if err != nil || len(figs) != 1 {
				t.Fatalf("on %s: %+v %v, want one row", tc.day, figs, err)
			}
			want := request.Figure{Month: "2026-03", Procedure: "Aanvraag om een beschikking", Product: "Kapvergunning", Team: "Team Vergunningen",
				Received: 2, Decided: 1, DecidedInTime: 1, SuspendedDays: tc.suspended}
			if figs[0] != want {
				t.Errorf("on %s: %+v, want %+v", tc.day, figs[0], want)
			}
		}
	})
}

// TestTermFactsDoNotDependOnTheDay: for a request without an open request for information, the facts the
// store keeps come out the same whatever day they are derived on, so they may be kept: received Monday
// 2 March 2026 with an eight-week term (due Tuesday 28 April, Koningsdag), suspended 11–19 March
// (asked 10, received 20 March: 9 days; 2 March + 56 + 9 = Wednesday 6 May), then late and given notice of default on
// 11 May (the dwangsom runs from 26 May).
func TestTermFactsDoNotDependOnTheDay(t *testing.T) {
	r, err := request.New(permitForm, permit, request.Values{"naam": "An", "email": "an@example.nl", "boom": "Eik"},
		time.Date(2026, 3, 2, 10, 0, 0, 0, calendar.Amsterdam))
	if err != nil {
		t.Fatal(err)
	}
	r.Suspensions = []request.Suspension{{Asked: day("2026-03-10"), Until: day("2026-03-24"), Resolved: day("2026-03-20")}}
	r.Notices = []time.Time{day("2026-05-11")}
	var first request.TermFacts
	for i, d := range []string{"2026-03-21", "2026-05-12", "2026-06-30", "2027-01-15"} {
		f, err := request.TermFactsOf(r, day(d))
		if err != nil {
			t.Fatal(err)
		}
		if f.Moves || f.Due.Format(time.DateOnly) != "2026-05-06" || f.SuspendedDays != 9 || f.PenaltyFrom.Format(time.DateOnly) != "2026-05-26" {
			t.Fatalf("on %s: moves %v due %s suspended %d penalty from %s; want fixed, 2026-05-06, 9, 2026-05-26",
				d, f.Moves, f.Due.Format(time.DateOnly), f.SuspendedDays, f.PenaltyFrom.Format(time.DateOnly))
		}
		if i == 0 {
			first = f
		} else if f.Due != first.Due || f.Urgent != first.Urgent || f.Month != first.Month {
			t.Errorf("on %s the facts differ from those of 21 March", d)
		}
	}
	// An open request for information moves with the date.
	r.Suspensions = append(r.Suspensions, request.Suspension{Asked: day("2026-04-01"), Until: day("2026-04-15")})
	r.Notices = nil
	if f, err := request.TermFactsOf(r, day("2026-04-02")); err != nil || !f.Moves || f.Term.Suspensions == nil {
		t.Fatalf("open request for information: moves %v (%v), want moving with its term part", f.Moves, err)
	}
}

// TestFiguresKeptCountsMatchACountOfEveryRequest: the counts kept per month with every change give the same
// figures as grouping every request received in the period, after submissions, a request for
// information, a decision, a notice of default, a bulk import and a row written around the store.
func TestFiguresKeptCountsMatchACountOfEveryRequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		clk.Set("2026-03-02", "10:00")
		steps := []request.Values{{"naam": "An", "email": "an@example.nl"}, {"boom": "Eik"}}
		a := submitThroughSteps(t, svc, permitForm, permit, steps...)
		b := submitThroughSteps(t, svc, permitForm, permit, steps...)
		c := submitThroughSteps(t, svc, permitForm, permit, steps...)
		clk.Set("2026-03-10", "10:00")
		must := func(_ request.Case, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(svc.AskInformation(ctx, a.Reference, bo, "Een foto.", day("2026-03-24")))
		clk.Set("2026-03-20", "10:00")
		must(svc.MarkInformationReceived(ctx, a.Reference, bo))
		must(svc.AskInformation(ctx, c.Reference, bo, "Een tekening.", day("2026-04-15")))
		clk.Set("2026-04-01", "10:00")
		must(svc.Decide(ctx, a.Reference, bo, "toegekend", "U mag kappen."))
		clk.Set("2026-04-29", "10:00")
		must(svc.NoticeOfDefault(ctx, b.Reference))
		var bulk []store.BulkRequest
		for i := range 30 {
			r, err := request.New(permitForm, request.Product{ID: "x", Title: "Product X", Team: "Team X"},
				request.Values{"naam": "An", "email": "an@example.nl", "boom": "Eik"}, time.Date(2026, 2, 1+i%28, 10, 0, 0, 0, calendar.Amsterdam))
			if err != nil {
				t.Fatal(err)
			}
			r.Reference = fmt.Sprintf("BK-%d", i)
			if i%3 == 0 {
				r.Status, r.DecidedAt, r.Outcome = request.StatusDecided, r.ReceivedAt.AddDate(0, 0, 10+i*2), "toegekend"
			}
			bulk = append(bulk, store.BulkRequest{Request: r, TokenHash: fmt.Sprintf("bk-%d", i)})
		}
		if err := s.BulkInsertRequests(ctx, bulk); err != nil {
			t.Fatal(err)
		}
		old := bulk[0].Request
		old.Reference, old.Status = "OUD-1", request.StatusReceived
		doc, _ := json.Marshal(old)
		if _, err := s.Exec(ctx, `INSERT INTO requests (reference, token_hash, product_id, team, status, deadline, received_at, updated_at, data)
			VALUES ('OUD-1', 'oud-1', 'x', 'Team X', 'ontvangen', '2026-03-30', ?, ?, ?)`, old.ReceivedAt.UTC(), old.ReceivedAt.UTC(), string(doc)); err != nil {
			t.Fatal(err)
		}
		clk.Set("2026-05-20", "10:00")
		from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, calendar.Amsterdam), time.Date(2026, 6, 1, 0, 0, 0, 0, calendar.Amsterdam)
		kept, err := svc.Figures(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		counted, err := svc.Figures(ctx, from.Add(-time.Nanosecond), to) // not a month's start: every request is grouped
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(kept, counted) || len(kept) != 2 {
			t.Fatalf("kept counts %+v,\nevery request counted %+v", kept, counted)
		}
		received := 0
		for _, f := range kept {
			received += f.Received
		}
		if received != 34 {
			t.Errorf("%d requests in the figures, want 34 (3 submitted, 30 imported, 1 written around the store)", received)
		}
	})
}
