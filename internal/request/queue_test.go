package request_test

import (
	"context"
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
