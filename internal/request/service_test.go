package request_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/calendar"
	"loket/internal/insight"
	"loket/internal/problem"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// clock is the injectable clock the tests move.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(day string, hhmm string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hhmm, calendar.Amsterdam)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// events keeps what the service recorded.
type events struct {
	mu   sync.Mutex
	list []insight.Event
}

func (e *events) Record(ev insight.Event) { e.mu.Lock(); e.list = append(e.list, ev); e.mu.Unlock() }
func (e *events) count(typ string) (n int, value int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range e.list {
		if ev.Type == typ {
			n++
			value += ev.Value
		}
	}
	return n, value
}

var permitForm = request.Form{Product: "kapvergunning", Kind: request.KindApplication, Title: "Kapvergunning", Steps: []request.Step{
	{Title: "Over u", Fields: []request.Field{
		{Name: "naam", Label: "Naam", Type: request.TypeText, Required: true, Purpose: request.PurposeName},
		{Name: "email", Label: "E-mailadres", Type: request.TypeEmail, Required: true, Purpose: request.PurposeEmail},
	}},
	{Title: "De boom", Fields: []request.Field{
		{Name: "boom", Label: "Welke boom?", Type: request.TypeText, Required: true},
	}},
}}

var permit = request.Product{ID: "kapvergunning", Title: "Kapvergunning", Team: "Team Vergunningen"}

var objectionForm = request.Form{Product: "bezwaar-maken", Kind: request.KindObjection, Title: "Bezwaar maken", Steps: []request.Step{{Title: "Het besluit", Fields: []request.Field{
	{Name: "email", Label: "E-mailadres", Type: request.TypeEmail, Required: true, Purpose: request.PurposeEmail},
	{Name: "datum_besluit", Label: "Datum van het besluit", Type: request.TypeDate, Required: true, Dates: "past", Purpose: request.PurposeDecisionDate},
	{Name: "datum_evenement", Label: "Datum van het evenement", Type: request.TypeDate, Purpose: request.PurposeRelatedDate},
}}}}

var objection = request.Product{ID: "bezwaar-maken", Title: "Bezwaar maken", Team: "Team Juridische Zaken"}

func newService(s *store.Store) (*request.Service, *clock, *events) {
	c, ev := &clock{}, &events{}
	return &request.Service{Store: s, Insight: ev, Now: c.Now, BaseURL: "https://loket.example"}, c, ev
}

var bo = request.Staff{Email: "bo@voorbeeld.nl", Name: "Bo de Vries"}

// submitThroughSteps runs the resident's journey: start, each step, submit.
func submitThroughSteps(t *testing.T, svc *request.Service, f request.Form, p request.Product, steps ...request.Values) request.Case {
	t.Helper()
	ctx := context.Background()
	d := svc.Start(ctx, p.ID, auth.HashSecret(request.NewToken()))
	for i, v := range steps {
		errs, err := svc.SaveStep(ctx, f, &d, i, v, nil, false)
		if err != nil || len(errs) > 0 {
			t.Fatalf("step %d: %v %v", i, err, errs)
		}
	}
	c, errs, err := svc.Submit(ctx, request.SubmitInput{Form: f, Product: p, Values: d.Values, DraftHash: d.TokenHash,
		TokenHash: auth.HashSecret(request.NewToken()), StatusURL: "https://loket.example/mijn-aanvraag/x"})
	if err != nil || len(errs) > 0 {
		t.Fatalf("submit: %v %v", err, errs)
	}
	return c
}

// TestServiceRecordsRequestInsight: the service, not the demo, records request_started, request_sent
// and handle_seconds, so dashboards count real traffic.
func TestServiceRecordsRequestInsight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, clk, ev := newService(s)
		clk.Set("2026-03-02", "10:00")
		c := submitThroughSteps(t, svc, permitForm, permit,
			request.Values{"naam": "An Jansen", "email": "an@example.nl"}, request.Values{"boom": "Eik"})
		if n, _ := ev.count(insight.TypeRequestStarted); n != 1 {
			t.Fatalf("request_started recorded %d times, want 1", n)
		}
		if n, _ := ev.count(insight.TypeRequestSent); n != 1 {
			t.Fatalf("request_sent recorded %d times, want 1", n)
		}
		clk.Set("2026-03-04", "10:00") // two days later: 48 hours = 172800 s
		if _, err := svc.Decide(context.Background(), c.Reference, bo, "toegekend", "U mag de eik kappen."); err != nil {
			t.Fatal(err)
		}
		if n, v := ev.count(insight.TypeHandleSeconds); n != 1 || v != 172800 {
			t.Fatalf("handle_seconds %d events, %d s; want 1 event of 172800 s", n, v)
		}
	})
}

// TestSuspendedCaseAgesWithoutTurningLate: received Mon 2 Mar 2026, due Tue 28 Apr; information asked
// Tue 10 Mar with a hersteltermijn until 15 May. On Wed 29 Apr, past the original date, the term
// still stands still: 11 Mar–29 Apr (50 days) move it to Tue 16 Jun, and the case is not te laat.
func TestSuspendedCaseAgesWithoutTurningLate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		clk.Set("2026-03-02", "10:00")
		c := submitThroughSteps(t, svc, permitForm, permit,
			request.Values{"naam": "An Jansen", "email": "an@example.nl"}, request.Values{"boom": "Eik"})
		if got := c.Term.Due.Format(time.DateOnly); got != "2026-04-28" {
			t.Fatalf("due on receipt %s, want 2026-04-28", got)
		}
		clk.Set("2026-03-10", "09:00")
		if _, err := svc.AskInformation(ctx, c.Reference, bo, "Een foto van de boom.", day("2026-05-15")); err != nil {
			t.Fatal(err)
		}
		clk.Set("2026-04-29", "09:00")
		got, err := svc.Case(ctx, c.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if got.Term.Overdue || !got.Term.Suspended || got.Term.Due.Format(time.DateOnly) != "2026-06-16" {
			t.Fatalf("on 29 April: overdue %v suspended %v due %s; want not overdue, suspended, 2026-06-16",
				got.Term.Overdue, got.Term.Suspended, got.Term.Due.Format(time.DateOnly))
		}
		queue, err := svc.Queue(ctx, request.QueueFilter{})
		if err != nil || len(queue) != 1 || queue[0].Term.Overdue || !queue[0].Term.Due.Equal(got.Term.Due) {
			t.Fatalf("queue shows %+v (%v), want the same derived date", queue, err)
		}
		// A message from the resident does not end the suspension; the handler decides.
		if _, err := svc.RequesterMessage(ctx, c.Reference, "Ik stuur de foto volgende week.", nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Case(ctx, c.Reference); !got.Term.Suspended {
			t.Fatal("the resident's message ended the suspension")
		}
		// Marked received on Thu 30 Apr: 11 Mar–29 Apr stood still (50), 27 Apr + 50 = Tue 16 Jun.
		clk.Set("2026-04-30", "11:00")
		done, err := svc.MarkInformationReceived(ctx, c.Reference, bo)
		if err != nil {
			t.Fatal(err)
		}
		if done.Term.Suspended || done.Term.Due.Format(time.DateOnly) != "2026-06-16" {
			t.Fatalf("after receipt: suspended %v due %s, want running and 2026-06-16", done.Term.Suspended, done.Term.Due.Format(time.DateOnly))
		}
	})
}

// TestLapsedHersteltermijnPromptsHandler: asked Tue 10 Mar with a term until Tue 24 Mar and no answer.
// From 25 Mar the suspension has ended by itself (11–24 Mar: 14 days, due 27 Apr + 14 = Mon 11 May) and
// the sweep prompts the handler once to decide not to handle the application (Awb 4:5).
func TestLapsedHersteltermijnPromptsHandler(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		clk.Set("2026-03-02", "10:00")
		c := submitThroughSteps(t, svc, permitForm, permit,
			request.Values{"naam": "An Jansen", "email": "an@example.nl"}, request.Values{"boom": "Eik"})
		clk.Set("2026-03-10", "09:00")
		if _, err := svc.AskInformation(ctx, c.Reference, bo, "Een foto van de boom.", day("2026-03-24")); err != nil {
			t.Fatal(err)
		}
		clk.Set("2026-03-24", "23:00")
		if n, err := svc.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("on the last day of the hersteltermijn the sweep did %d (%v), want nothing", n, err)
		}
		clk.Set("2026-03-25", "07:00")
		if n, err := svc.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep after the hersteltermijn did %d (%v), want 1", n, err)
		}
		if n, err := svc.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("second sweep did %d (%v), want 0: the prompt is given once", n, err)
		}
		got, _ := svc.Case(ctx, c.Reference)
		if !got.Term.RepairLapsed || got.Term.Suspended || got.Term.Due.Format(time.DateOnly) != "2026-05-11" {
			t.Fatalf("lapsed %v suspended %v due %s, want lapsed, running, 2026-05-11", got.Term.RepairLapsed, got.Term.Suspended, got.Term.Due.Format(time.DateOnly))
		}
		evs, err := s.RequestEvents(ctx, got.ID, false)
		if err != nil || !strings.Contains(evs[len(evs)-1].Text, "Awb 4:5") {
			t.Fatalf("no prompt to decide under Awb 4:5 in %+v (%v)", evs, err)
		}
		if _, err := svc.Decide(ctx, c.Reference, bo, "buiten_behandeling", "De foto is niet ontvangen."); err != nil {
			t.Fatalf("deciding not to handle: %v", err)
		}
	})
}

// TestObjectionExtensionsAndHearing is the seed's festivities case through the service: permit sent
// Mon 1 Jun 2026, objection period until Mon 13 Jul, decide by Mon 24 Aug (Awb 7:10 lid 1). The
// festivity on 13 Jul makes it urgent at once (the confirmation says so); a hearing on 30 Jul is
// refused with the latest sensible day, Fri 10 Jul.
func TestObjectionExtensionsAndHearing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		clk.Set("2026-06-10", "10:00")
		c := submitThroughSteps(t, svc, objectionForm, objection, request.Values{"email": "bezwaar@example.nl",
			"datum_besluit": "01-06-2026", "datum_evenement": "13-07-2026"})
		if c.Term.Due.Format(time.DateOnly) != "2026-08-24" || !c.Term.Urgent {
			t.Fatalf("due %s urgent %v, want 2026-08-24 and urgent", c.Term.Due.Format(time.DateOnly), c.Term.Urgent)
		}
		clk.Set("2026-06-12", "10:00")
		h := request.Hearing{Start: time.Date(2026, 7, 30, 14, 0, 0, 0, calendar.Amsterdam), Place: "Stadhuis, zaal 2", Bring: "uw identiteitsbewijs"}
		_, err := svc.PlanHearing(ctx, c.Reference, bo, h, false)
		var warn *request.HearingWarning
		if !errors.As(err, &warn) || warn.Advice.Latest.Format(time.DateOnly) != "2026-07-10" || !strings.Contains(warn.Advice.Problem, "10 juli 2026") {
			t.Fatalf("hearing after the festivity: %v, want a warning proposing 10 juli 2026", err)
		}
		// On Sat 11 July, no working day is left before the festivity of Monday 13 July.
		clk.Set("2026-07-11", "10:00")
		h.Start = time.Date(2026, 7, 14, 14, 0, 0, 0, calendar.Amsterdam)
		if _, err := svc.PlanHearing(ctx, c.Reference, bo, h, false); !errors.As(err, &warn) || !strings.Contains(warn.Advice.Problem, "Awb 7:3") {
			t.Fatalf("no day left: %v, want a warning naming Awb 7:3", err)
		}
		clk.Set("2026-06-12", "10:00")
		h.Start = time.Date(2026, 7, 8, 14, 0, 0, 0, calendar.Amsterdam)
		if _, err := svc.PlanHearing(ctx, c.Reference, bo, h, false); err != nil {
			t.Fatal(err)
		}
		mails, err := s.RequestMails(ctx, "bezwaar@example.nl")
		if err != nil {
			t.Fatal(err)
		}
		var invite *store.OutboxMail
		urgent := 0
		for i, m := range mails {
			if strings.HasPrefix(m.Subject, "Uitnodiging hoorzitting") {
				invite = &mails[i]
			}
			if strings.Contains(m.Body, "voorlopige voorziening") {
				urgent++
			}
		}
		if invite == nil || !strings.Contains(invite.Body, "8 juli 2026") || !strings.Contains(invite.Body, "14.00 uur") ||
			!strings.Contains(invite.Body, "Stadhuis, zaal 2") || !strings.Contains(invite.Body, "identiteitsbewijs") {
			t.Fatalf("invitation missing or incomplete: %+v", invite)
		}
		if urgent != 1 {
			t.Fatalf("%d mails explain the voorlopige voorziening, want exactly 1 (the confirmation)", urgent)
		}
		// Extensions: 43 days is over Awb 7:10 lid 3; 42 is allowed; a second without consent is not.
		var re *problem.Error
		if _, err := svc.Extend(ctx, c.Reference, bo, 43, "Advies nodig", false); !errors.As(err, &re) || !strings.Contains(re.Message, "Awb 7:10 lid 3") {
			t.Fatalf("43 days: %v, want a refusal naming Awb 7:10 lid 3", err)
		}
		ext, err := svc.Extend(ctx, c.Reference, bo, 42, "Advies van de commissie nodig", false)
		if err != nil || ext.Term.Due.Format(time.DateOnly) != "2026-10-05" { // 13 Jul + 84 = Mon 5 Oct
			t.Fatalf("after 6 weeks' extension: %v due %s, want 2026-10-05", err, ext.Term.Due.Format(time.DateOnly))
		}
		if _, err := svc.Extend(ctx, c.Reference, bo, 7, "Nog meer tijd", false); !errors.Is(err, request.ErrAlreadyExtended) {
			t.Fatalf("second extension without consent: %v", err)
		}
		if _, err := svc.Extend(ctx, c.Reference, bo, 14, "Met instemming van de indiener", true); err != nil {
			t.Fatalf("further extension with consent: %v", err)
		}
		if _, err := svc.Decide(ctx, c.Reference, bo, "toegekend", "x"); !errors.Is(err, request.ErrUnknownOutcome) {
			t.Fatalf("'toegekend' for an objection: %v, want refused", err)
		}
	})
}

// TestNoticeOfDefaultAndPenalty: due Tue 28 Apr; a notice on Mon 27 Apr is too early; on Wed 29 Apr it
// counts, the penalty starts Thu 14 May (two weeks after), and on Wed 27 May 14 days × €23 = €322
// have accrued; the sweep warns the handler once when the first day has come.
func TestNoticeOfDefaultAndPenalty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		clk.Set("2026-03-02", "10:00")
		c := submitThroughSteps(t, svc, permitForm, permit,
			request.Values{"naam": "An Jansen", "email": "an@example.nl"}, request.Values{"boom": "Eik"})
		clk.Set("2026-04-27", "10:00")
		if _, err := svc.NoticeOfDefault(ctx, c.Reference); !errors.Is(err, request.ErrNotLate) {
			t.Fatalf("notice while the term runs: %v", err)
		}
		clk.Set("2026-04-29", "10:00")
		if _, err := svc.NoticeOfDefault(ctx, c.Reference); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.NoticeOfDefault(ctx, c.Reference); !errors.Is(err, request.ErrAlreadyNoticed) {
			t.Fatalf("second notice: %v", err)
		}
		clk.Set("2026-05-13", "10:00")
		if n, _ := svc.Sweep(ctx); n != 0 {
			t.Fatalf("sweep within the two weeks did %d, want 0", n)
		}
		clk.Set("2026-05-14", "08:00")
		if n, _ := svc.Sweep(ctx); n != 1 {
			t.Fatalf("sweep on the first penalty day did %d, want 1", n)
		}
		clk.Set("2026-05-27", "08:00")
		got, _ := svc.Case(ctx, c.Reference)
		if p := got.Term.Penalty; p.From.Format(time.DateOnly) != "2026-05-14" || p.Days != 14 || p.Euros != 322 {
			t.Fatalf("penalty %+v, want from 2026-05-14, 14 days, €322", p)
		}
	})
}

// TestByLawLexSilencio: a municipality's own procedure of 28 days with lex silencio positivo; received
// Mon 2 Mar, the term ends Mon 30 Mar; on Tue 31 Mar the permit is granted by operation of law, the
// resident is told once.
func TestByLawLexSilencio(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		p, errs, err := svc.SaveByLawProcedure(ctx, request.Procedure{ID: "ontheffing-kort", Name: "Korte ontheffing",
			TermDays: 28, TermArticle: "Verordening art. 3", LexSilencio: true, Penalty: true})
		if err != nil || errs["penalty"] == "" {
			t.Fatalf("lex silencio with a penalty: errs %v err %v, want a refusal on penalty", errs, err)
		}
		p.Penalty = false
		if _, errs, err = svc.SaveByLawProcedure(ctx, p); err != nil || len(errs) > 0 {
			t.Fatalf("save: %v %v", err, errs)
		}
		f := permitForm
		for id, ok := range map[string]bool{"ontheffing-kort": true, "woo": true, "onbekend": false} {
			f.Procedure = id
			if ps, err := svc.CheckFormProcedure(ctx, f); err != nil || (len(ps) == 0) != ok {
				t.Errorf("form naming procedure %q: problems %v (%v)", id, ps, err)
			}
		}
		f.Procedure = "ontheffing-kort"
		clk.Set("2026-03-02", "10:00")
		c := submitThroughSteps(t, svc, f, permit, request.Values{"naam": "An", "email": "an@example.nl"}, request.Values{"boom": "Eik"})
		if c.Term.Due.Format(time.DateOnly) != "2026-03-30" || c.Procedure.ID != "ontheffing-kort" {
			t.Fatalf("due %s procedure %q, want 2026-03-30 ontheffing-kort", c.Term.Due.Format(time.DateOnly), c.Procedure.ID)
		}
		clk.Set("2026-03-31", "08:00")
		if n, err := svc.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		got, _ := svc.Case(ctx, c.Reference)
		if !got.Term.Granted || got.Term.GrantedOn.Format(time.DateOnly) != "2026-03-31" {
			t.Fatalf("granted %v on %s", got.Term.Granted, got.Term.GrantedOn.Format(time.DateOnly))
		}
		mails, _ := s.RequestMails(ctx, "an@example.nl")
		if len(mails) == 0 || !strings.Contains(mails[0].Body, "van rechtswege verleend") {
			t.Fatalf("the resident was not told: %+v", mails)
		}
	})
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// BenchmarkServiceQueue is the handler's queue as the console shows it: 500 open requests of one team
// read from SQLite, each with its term derived today, sorted by that date.
func BenchmarkServiceQueue(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	svc, clk, _ := newService(s)
	ctx := context.Background()
	for i := range 500 {
		clk.Set(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%60).Format(time.DateOnly), "10:00")
		r, err := request.New(permitForm, permit, request.Values{"naam": "An", "email": "an@example.nl", "boom": "Eik"}, clk.Now())
		if err != nil {
			b.Fatal(err)
		}
		if i%4 == 0 {
			r.Suspensions = []request.Suspension{{Asked: day("2026-03-10"), Until: day("2026-03-24")}}
		}
		if err := s.SubmitRequest(ctx, request.Submission{Request: &r, TokenHash: auth.HashSecret(request.NewToken())}); err != nil {
			b.Fatal(err)
		}
	}
	clk.Set("2026-05-01", "09:00")
	for b.Loop() {
		q, err := svc.Queue(ctx, request.QueueFilter{Team: permit.Team})
		if err != nil || len(q) != 500 {
			b.Fatal(len(q), err)
		}
	}
}

// TestFigures: two permits received in March 2026 (due Tue 28 Apr), one suspended 11–19 Mar (9 days)
// and decided on 1 Apr, in time; the other undecided and in default since 29 Apr, so on 20 May it is
// late and 14–20 May (7 days × €23 = €161) of penalty have accrued; an objection received in April.
func TestFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk, _ := newService(s)
		clk.Set("2026-03-02", "10:00")
		steps := []request.Values{{"naam": "An", "email": "an@example.nl"}, {"boom": "Eik"}}
		a := submitThroughSteps(t, svc, permitForm, permit, steps...)
		b := submitThroughSteps(t, svc, permitForm, permit, steps...)
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
		clk.Set("2026-04-01", "10:00")
		must(svc.Decide(ctx, a.Reference, bo, "toegekend", "U mag kappen."))
		clk.Set("2026-04-10", "10:00")
		submitThroughSteps(t, svc, objectionForm, objection, request.Values{"email": "b@example.nl", "datum_besluit": "01-04-2026"})
		clk.Set("2026-04-29", "10:00")
		must(svc.NoticeOfDefault(ctx, b.Reference))
		clk.Set("2026-05-20", "10:00")
		figs, err := svc.Figures(ctx, day("2026-01-01"), day("2027-01-01"))
		if err != nil || len(figs) != 2 {
			t.Fatalf("figures %+v %v, want 2 rows", figs, err)
		}
		if f := figs[0]; f.Month != "2026-04" || f.Procedure != "Bezwaar" || f.Received != 1 || f.Decided != 0 || f.OpenLate != 0 {
			t.Errorf("April row %+v", f)
		}
		want := request.Figure{Month: "2026-03", Procedure: "Aanvraag om een beschikking", Product: "Kapvergunning", Team: "Team Vergunningen",
			Received: 2, Decided: 1, DecidedInTime: 1, OpenLate: 1, SuspendedDays: 9, PenaltyEuros: 161}
		if figs[1] != want || figs[1].InTimePercent() != 100 {
			t.Errorf("March row %+v, want %+v", figs[1], want)
		}
	})
}
