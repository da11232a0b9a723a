package request

import (
	"errors"
	"strings"
	"testing"
	"time"

	"loket/internal/calendar"
	"loket/internal/problem"
)

// termCase is one row of the term table. Every expected date was worked out by hand from the
// articles named in the reason (and checked against a plain calendar), never from this code.
//
// Holidays used below (ATW art. 3 lid 1; Goede Vrijdag through lid 2; decree days lid 3):
// 2025: Tweede Kerstdag Fri 26 Dec. 2026: Fri 2 Jan (decree), Goede Vrijdag 3 Apr, Tweede Paasdag 6 Apr,
// Koningsdag Mon 27 Apr, Bevrijdingsdag Tue 5 May, Hemelvaart Thu 14 May, Fri 15 May (decree), Tweede
// Pinksterdag 25 May, Kerst Fri 25 and Sat 26 Dec. 2027: Nieuwjaar Fri 1 Jan, Tweede Paasdag 29 Mar,
// Koningsdag Tue 27 Apr, Hemelvaart Thu 6 May, Fri 7 May (decree).
type termCase struct {
	name      string
	proc      string // preset id, or "" for a custom procedure in custom
	custom    *Procedure
	committee bool
	termDays  int    // a product's statutory term for a beschikking (0: the preset's)
	received  string // day of receipt, 14:30 Amsterdam
	receivedT time.Time
	sent      string // objection: day the contested decision was sent
	susp      []Suspension
	ext       []Extension
	notices   []string
	decided   string
	today     string
	due       string
	// further expectations, checked when set
	overdue, suspended, lapsed, late, granted bool
	penaltyDays, penaltyEuros                 int
	premature                                 bool
}

func (tc termCase) request(t *testing.T) Request {
	t.Helper()
	p := tc.custom
	if p == nil {
		pr, ok := Preset(tc.proc)
		if !ok {
			t.Fatalf("no preset %q", tc.proc)
		}
		p = &pr
	}
	pr := *p
	if tc.termDays > 0 {
		pr = withProductTerm(pr, Product{DeadlineDays: tc.termDays})
	}
	r := Request{Procedure: pr, Committee: tc.committee, Status: StatusInProgress, ReceivedAt: at(tc.received),
		Suspensions: tc.susp, Extensions: tc.ext}
	if !tc.receivedT.IsZero() {
		r.ReceivedAt = tc.receivedT
	}
	if tc.sent != "" {
		r.Kind, r.DecisionSent = KindObjection, day(tc.sent)
		r.ObjectionUntil = calendar.ObjectionPeriodEnd(r.DecisionSent)
		r.Late = civilDate(r.ReceivedAt).After(r.ObjectionUntil)
	}
	for _, n := range tc.notices {
		r.Notices = append(r.Notices, day(n))
	}
	if tc.decided != "" {
		r.Status, r.DecidedAt = StatusDecided, at(tc.decided)
	}
	return r
}

func susp(asked, until, resolved string) Suspension {
	s := Suspension{Asked: day(asked), Until: day(until)}
	if resolved != "" {
		s.Resolved = day(resolved)
	}
	return s
}

func ext(days int, consent bool) Extension {
	return Extension{Days: days, Reason: "advies", Consent: consent}
}

var lexSilencio = &Procedure{ID: "ontheffing-kort", Name: "Ontheffing", TermDays: 28, TermArticle: "Verordening art. 3",
	Start: StartReceipt, LexSilencio: true, ByLaw: true, Outcomes: applicationOutcomes}

var withoutATW = &Procedure{ID: "verordening-zonder-atw", Name: "Melding", TermDays: 20, TermArticle: "Verordening art. 9",
	Start: StartReceipt, WithoutATW: true, ByLaw: true, Outcomes: applicationOutcomes}

var termTable = []termCase{
	// --- Beschikking: Awb 4:13 lid 2, eight weeks (56 days) counted from the day after receipt; ATW art. 1.
	{name: "2 Mar + 56 = Mon 27 Apr 2026, Koningsdag: ATW moves it to Tue 28 Apr",
		proc: ProcedureDecision, received: "2026-03-02", today: "2026-03-02", due: "2026-04-28"},
	{name: "receipt on Fri 2 Jan 2026 (a decree day) still counts; + 56 = Fri 27 Feb, a working day",
		proc: ProcedureDecision, received: "2026-01-02", today: "2026-01-02", due: "2026-02-27"},
	{name: "a product's statutory term of 3 days: 7 Jan + 3 = Sat 10 Jan → Mon 12 Jan (ATW art. 1; art. 2 holds: Thu 8, Fri 9)",
		proc: ProcedureDecision, termDays: 3, received: "2026-01-07", today: "2026-01-07", due: "2026-01-12"},
	{name: "6 Feb + 56 = Goede Vrijdag 3 Apr (ATW art. 3 lid 2), then the weekend and Tweede Paasdag → Tue 7 Apr",
		proc: ProcedureDecision, received: "2026-02-06", today: "2026-02-06", due: "2026-04-07"},
	{name: "10 Mar + 56 = Tue 5 May, Bevrijdingsdag (every year, art. 3 lid 1) → Wed 6 May",
		proc: ProcedureDecision, received: "2026-03-10", today: "2026-03-10", due: "2026-05-06"},
	{name: "19 Mar + 56 = Hemelvaart Thu 14 May, Fri 15 May equated by decree, weekend → Mon 18 May",
		proc: ProcedureDecision, received: "2026-03-19", today: "2026-03-19", due: "2026-05-18"},
	{name: "30 Mar + 56 = Tweede Pinksterdag Mon 25 May → Tue 26 May",
		proc: ProcedureDecision, received: "2026-03-30", today: "2026-03-30", due: "2026-05-26"},
	{name: "30 Oct + 56 = Eerste Kerstdag Fri 25 Dec, Tweede Kerstdag on Saturday, Sunday → Mon 28 Dec",
		proc: ProcedureDecision, received: "2026-10-30", today: "2026-10-30", due: "2026-12-28"},
	{name: "6 Nov 2026 + 56 = Nieuwjaarsdag Fri 1 Jan 2027, weekend → Mon 4 Jan 2027",
		proc: ProcedureDecision, received: "2026-11-06", today: "2026-11-06", due: "2027-01-04"},
	{name: "31 Oct 2025 + 56 = Tweede Kerstdag Fri 26 Dec 2025, weekend → Mon 29 Dec",
		proc: ProcedureDecision, received: "2025-10-31", today: "2025-10-31", due: "2025-12-29"},
	{name: "received on Saturday 7 Mar: + 56 = Sat 2 May → Mon 4 May (5 May is the holiday, 4 May is not)",
		proc: ProcedureDecision, received: "2026-03-07", today: "2026-03-07", due: "2026-05-04"},
	{name: "1 Feb 2027 + 56 = Tweede Paasdag Mon 29 Mar 2027 → Tue 30 Mar",
		proc: ProcedureDecision, received: "2027-02-01", today: "2027-02-01", due: "2027-03-30"},
	{name: "2 Mar 2027 + 56 = Koningsdag Tue 27 Apr 2027 → Wed 28 Apr",
		proc: ProcedureDecision, received: "2027-03-02", today: "2027-03-02", due: "2027-04-28"},
	{name: "11 Mar 2027 + 56 = Hemelvaart Thu 6 May 2027, Fri 7 May by decree → Mon 10 May",
		proc: ProcedureDecision, received: "2027-03-11", today: "2027-03-11", due: "2027-05-10"},
	{name: "received 00:30 Thu 5 Mar in Amsterdam (23:30 UTC on the 4th): the Dutch date counts, + 56 = Thu 30 Apr",
		proc: ProcedureDecision, receivedT: time.Date(2026, 3, 4, 23, 30, 0, 0, time.UTC), received: "2026-03-05", today: "2026-03-05", due: "2026-04-30"},
	{name: "on the last day the term is not over: 28 Apr, not te laat",
		proc: ProcedureDecision, received: "2026-03-02", today: "2026-04-28", due: "2026-04-28"},
	{name: "the day after the last day it is te laat",
		proc: ProcedureDecision, received: "2026-03-02", today: "2026-04-29", due: "2026-04-28", overdue: true},

	// --- Suspension, Awb 4:15 lid 1 sub a: still from the day after the question until the day the
	// information arrives (the term runs again that day). Raw end without it: Mon 27 Apr 2026.
	{name: "asked Tue 10 Mar, received Fri 20 Mar: 11–19 Mar stand still (9 days), 27 Apr + 9 = Wed 6 May",
		proc: ProcedureDecision, received: "2026-03-02", susp: []Suspension{susp("2026-03-10", "2026-03-24", "2026-03-20")},
		today: "2026-03-25", due: "2026-05-06"},
	{name: "open since 10 Mar, today Sun 15 Mar: 11–15 Mar count (5), 27 Apr + 5 = Sat 2 May → Mon 4 May",
		proc: ProcedureDecision, received: "2026-03-02", susp: []Suspension{susp("2026-03-10", "2026-04-30", "")},
		today: "2026-03-15", due: "2026-05-04", suspended: true},
	{name: "open since 10 Mar, today Wed 29 Apr, past the original 28 Apr: 11 Mar–29 Apr = 50 days, 27 Apr + 50 = Tue 16 Jun, not te laat",
		proc: ProcedureDecision, received: "2026-03-02", susp: []Suspension{susp("2026-03-10", "2026-05-15", "")},
		today: "2026-04-29", due: "2026-06-16", suspended: true},
	{name: "hersteltermijn until 24 Mar passed unused: 11–24 Mar stand still (14), term runs again 25 Mar, 27 Apr + 14 = Mon 11 May",
		proc: ProcedureDecision, received: "2026-03-02", susp: []Suspension{susp("2026-03-10", "2026-03-24", "")},
		today: "2026-04-01", due: "2026-05-11", lapsed: true},
	{name: "information the day after the question suspends nothing: 28 Apr",
		proc: ProcedureDecision, received: "2026-03-02", susp: []Suspension{susp("2026-03-10", "2026-03-24", "2026-03-11")},
		today: "2026-03-12", due: "2026-04-28"},
	{name: "two suspensions, 11–19 Mar (9) and 2–7 Apr (6): 27 Apr + 15 = Tue 12 May",
		proc: ProcedureDecision, received: "2026-03-02",
		susp:  []Suspension{susp("2026-03-10", "2026-03-24", "2026-03-20"), susp("2026-04-01", "2026-04-15", "2026-04-08")},
		today: "2026-04-09", due: "2026-05-12"},
	{name: "a decision while suspended closes the suspension on the decision day: 11–19 Mar, 6 May",
		proc: ProcedureDecision, received: "2026-03-02", susp: []Suspension{susp("2026-03-10", "2026-04-30", "")},
		decided: "2026-03-20", today: "2026-06-01", due: "2026-05-06"},

	// --- Extension of a beschikking (Awb 4:14 lid 3); this preset allows up to the term itself (56 days).
	{name: "suspension of 9 days and extension of 14: 27 Apr + 23 = Wed 20 May",
		proc: ProcedureDecision, received: "2026-03-02", susp: []Suspension{susp("2026-03-10", "2026-03-24", "2026-03-20")},
		ext: []Extension{ext(14, false)}, today: "2026-03-25", due: "2026-05-20"},
	{name: "extension at the maximum of 56 days: 27 Apr + 56 = Mon 22 Jun",
		proc: ProcedureDecision, received: "2026-03-02", ext: []Extension{ext(56, false)}, today: "2026-03-25", due: "2026-06-22"},
	{name: "extension of 28 days ends on Tweede Pinksterdag 25 May → Tue 26 May",
		proc: ProcedureDecision, received: "2026-03-02", ext: []Extension{ext(28, false)}, today: "2026-03-25", due: "2026-05-26"},

	// --- Objection: period of six weeks (Awb 6:7) from the day after sending (6:8); decision within 6 weeks,
	// or 12 with an advisory committee, counted from the day after the period ended (7:10 lid 1).
	{name: "issue example: sent Thu 15 Oct 2026, period ends Thu 26 Nov, decide by Thu 7 Jan 2027",
		proc: ProcedureObjection, sent: "2026-10-15", received: "2026-10-20", today: "2026-10-20", due: "2027-01-07"},
	{name: "issue example with an advisory committee: 26 Nov + 84 = Thu 18 Feb 2027",
		proc: ProcedureObjection, committee: true, sent: "2026-10-15", received: "2026-10-20", today: "2026-10-20", due: "2027-02-18"},
	{name: "received on the last day of the period (26 Nov) is in time (Awb 6:9): 7 Jan 2027",
		proc: ProcedureObjection, sent: "2026-10-15", received: "2026-11-26", today: "2026-11-26", due: "2027-01-07"},
	{name: "received Fri 27 Nov, a day late (Awb 6:11 decides whether it is excusable); its term counts from receipt: + 42 = Fri 8 Jan 2027",
		proc: ProcedureObjection, sent: "2026-10-15", received: "2026-11-27", today: "2026-11-27", due: "2027-01-08", late: true},
	{name: "sent Sat 21 Mar 2026: period + 42 = Sat 2 May → Mon 4 May (ATW); decide 4 May + 42 = Mon 15 Jun",
		proc: ProcedureObjection, sent: "2026-03-21", received: "2026-03-30", today: "2026-03-30", due: "2026-06-15"},
	{name: "sent Fri 20 Feb 2026: period ends Goede Vrijdag 3 Apr → Tue 7 Apr; with committee 7 Apr + 84 = Tue 30 Jun",
		proc: ProcedureObjection, committee: true, sent: "2026-02-20", received: "2026-03-02", today: "2026-03-02", due: "2026-06-30"},
	{name: "objection extended by the maximum 6 weeks (7:10 lid 3): 26 Nov + 42 + 42 = Thu 18 Feb 2027",
		proc: ProcedureObjection, sent: "2026-10-15", received: "2026-10-20", ext: []Extension{ext(42, false)},
		today: "2026-12-01", due: "2027-02-18"},
	{name: "and 4 weeks more with the objector's consent (7:10 lid 4): 26 Nov + 112 = Thu 18 Mar 2027",
		proc: ProcedureObjection, sent: "2026-10-15", received: "2026-10-20", ext: []Extension{ext(42, false), ext(28, true)},
		today: "2027-02-01", due: "2027-03-18"},
	{name: "festivities: permit sent Mon 1 Jun 2026, period ends Mon 13 Jul, objection decided by 13 Jul + 42 = Mon 24 Aug",
		proc: ProcedureObjection, sent: "2026-06-01", received: "2026-06-10", today: "2026-06-12", due: "2026-08-24"},
	{name: "festivities with an advisory committee: 13 Jul + 84 = Mon 5 Oct 2026",
		proc: ProcedureObjection, committee: true, sent: "2026-06-01", received: "2026-06-10", today: "2026-06-12", due: "2026-10-05"},

	// --- Complaint: Awb 9:11 lid 1, six weeks from receipt, ten with a committee; lid 2: at most four weeks more.
	{name: "complaint received Mon 2 Mar: + 42 = Mon 13 Apr (Tweede Paasdag was 6 Apr)",
		proc: ProcedureComplaint, received: "2026-03-02", today: "2026-03-02", due: "2026-04-13"},
	{name: "complaint with a committee: 2 Mar + 70 = Mon 11 May",
		proc: ProcedureComplaint, committee: true, received: "2026-03-02", today: "2026-03-02", due: "2026-05-11"},
	{name: "complaint extended by the maximum 4 weeks: 13 Apr + 28 = Mon 11 May",
		proc: ProcedureComplaint, received: "2026-03-02", ext: []Extension{ext(28, false)}, today: "2026-04-01", due: "2026-05-11"},

	// --- Woo request: Woo 4.4 lid 1, four weeks from receipt; lid 2: at most two weeks more.
	{name: "Woo received Tue 7 Apr: + 28 = Bevrijdingsdag Tue 5 May → Wed 6 May",
		proc: ProcedureWoo, received: "2026-04-07", today: "2026-04-07", due: "2026-05-06"},
	{name: "Woo extended by the maximum two weeks: 5 May + 14 = Tue 19 May",
		proc: ProcedureWoo, received: "2026-04-07", ext: []Extension{ext(14, false)}, today: "2026-04-20", due: "2026-05-19"},
	{name: "Woo received Sat 4 Apr: + 28 = Sat 2 May → Mon 4 May",
		proc: ProcedureWoo, received: "2026-04-04", today: "2026-04-04", due: "2026-05-04"},

	// --- Omgevingswet regular procedure: eight weeks, once extended by at most six (Ow 16.64).
	{name: "Ow received Thu 19 Mar: + 56 = Hemelvaart 14 May, decree Friday, weekend → Mon 18 May",
		proc: ProcedureEnvironment, received: "2026-03-19", today: "2026-03-19", due: "2026-05-18"},
	{name: "Ow extended by the maximum six weeks: 14 May + 42 = Thu 25 Jun",
		proc: ProcedureEnvironment, received: "2026-03-19", ext: []Extension{ext(42, false)}, today: "2026-04-01", due: "2026-06-25"},

	// --- Penalty for late decisions, Awb 4:17: due 28 Apr; notice received Wed 29 Apr; the first day of
	// the penalty is two weeks after it: 29 Apr + 15 = Thu 14 May. €23/day for days 1–14, €35 for 15–28,
	// €45 for 29–42; 42 days at most, without the ATW.
	{name: "notice 29 Apr, today 13 May: still within the two weeks, nothing accrued",
		proc: ProcedureDecision, received: "2026-03-02", notices: []string{"2026-04-29"}, today: "2026-05-13",
		due: "2026-04-28", overdue: true, penaltyDays: 0, penaltyEuros: 0},
	{name: "today 14 May: day 1 of the penalty, €23",
		proc: ProcedureDecision, received: "2026-03-02", notices: []string{"2026-04-29"}, today: "2026-05-14",
		due: "2026-04-28", overdue: true, penaltyDays: 1, penaltyEuros: 23},
	{name: "today 27 May: days 14 May–27 May = 14 days × €23 = €322",
		proc: ProcedureDecision, received: "2026-03-02", notices: []string{"2026-04-29"}, today: "2026-05-27",
		due: "2026-04-28", overdue: true, penaltyDays: 14, penaltyEuros: 322},
	{name: "today 28 May: day 15 at €35, €322 + €35 = €357",
		proc: ProcedureDecision, received: "2026-03-02", notices: []string{"2026-04-29"}, today: "2026-05-28",
		due: "2026-04-28", overdue: true, penaltyDays: 15, penaltyEuros: 357},
	{name: "today 30 Jun: past day 42 (24 Jun) the penalty stops at 14×23 + 14×35 + 14×45 = €1442",
		proc: ProcedureDecision, received: "2026-03-02", notices: []string{"2026-04-29"}, today: "2026-06-30",
		due: "2026-04-28", overdue: true, penaltyDays: 42, penaltyEuros: 1442},
	{name: "decided Wed 20 May: penalty for 14–19 May, 6 × €23 = €138",
		proc: ProcedureDecision, received: "2026-03-02", notices: []string{"2026-04-29"}, decided: "2026-05-20", today: "2026-06-30",
		due: "2026-04-28", overdue: true, penaltyDays: 6, penaltyEuros: 138},
	{name: "a notice received on 20 Apr, while the term still ran, does not count",
		proc: ProcedureDecision, received: "2026-03-02", notices: []string{"2026-04-20"}, today: "2026-06-30",
		due: "2026-04-28", overdue: true, premature: true},

	// --- Lex silencio positivo (Awb 4:20b): a by-law term of 28 days, 2 Mar + 28 = Mon 30 Mar.
	{name: "lex silencio: on the last day, 30 Mar, nothing is granted yet",
		custom: lexSilencio, received: "2026-03-02", today: "2026-03-30", due: "2026-03-30"},
	{name: "lex silencio: on 31 Mar the permit is granted by operation of law",
		custom: lexSilencio, received: "2026-03-02", today: "2026-03-31", due: "2026-03-30", overdue: true, granted: true},

	// --- A by-law term outside the ATW: 2 Mar + 20 = Sun 22 Mar, and it stays there.
	{name: "by-law term without the ATW ends on Sunday 22 Mar",
		custom: withoutATW, received: "2026-03-02", today: "2026-03-02", due: "2026-03-22"},
}

func TestDeadlineTable(t *testing.T) {
	if len(termTable) < 40 {
		t.Fatalf("the table has %d rows; the issue asks for at least 40", len(termTable))
	}
	for _, tc := range termTable {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.request(t)
			d, err := DeadlineFor(r, at(tc.today))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Due.Format(time.DateOnly); got != tc.due {
				t.Errorf("due %s (%s), want %s", got, d.Due.Weekday(), tc.due)
			}
			if d.Overdue != tc.overdue {
				t.Errorf("overdue %v, want %v", d.Overdue, tc.overdue)
			}
			if d.Suspended != tc.suspended || d.RepairLapsed != tc.lapsed {
				t.Errorf("suspended %v lapsed %v, want %v %v", d.Suspended, d.RepairLapsed, tc.suspended, tc.lapsed)
			}
			if r.Late != tc.late {
				t.Errorf("late objection %v, want %v", r.Late, tc.late)
			}
			if d.Granted != tc.granted {
				t.Errorf("granted by operation of law %v, want %v", d.Granted, tc.granted)
			}
			if d.Penalty.Days != tc.penaltyDays || d.Penalty.Euros != tc.penaltyEuros || d.Penalty.Premature != tc.premature {
				t.Errorf("penalty %d days €%d premature %v, want %d days €%d premature %v", d.Penalty.Days, d.Penalty.Euros,
					d.Penalty.Premature, tc.penaltyDays, tc.penaltyEuros, tc.premature)
			}
		})
	}
}

// TestExtensionRules: each procedure's own maximum and article; consent only where the law has it.
func TestExtensionRules(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proc    string
		sent    string
		prior   []Extension
		days    int
		consent bool
		today   string
		want    error
		article string
	}{
		{"objection: 6 weeks is the maximum", ProcedureObjection, "2026-10-15", nil, 42, false, "2026-12-01", nil, ""},
		{"objection: 43 days is over the 6 weeks of 7:10 lid 3", ProcedureObjection, "2026-10-15", nil, 43, false, "2026-12-01", ErrInvalidExtension, "Awb 7:10 lid 3"},
		{"objection: a second extension without consent is refused", ProcedureObjection, "2026-10-15", []Extension{ext(42, false)}, 7, false, "2026-12-01", ErrAlreadyExtended, "Awb 7:10 lid 4"},
		{"objection: a second extension with consent is allowed", ProcedureObjection, "2026-10-15", []Extension{ext(42, false)}, 28, true, "2026-12-01", nil, ""},
		{"complaint: 4 weeks is the maximum", ProcedureComplaint, "", nil, 28, false, "2026-03-10", nil, ""},
		{"complaint: 29 days is over 9:11 lid 2", ProcedureComplaint, "", nil, 29, false, "2026-03-10", ErrInvalidExtension, "Awb 9:11 lid 2"},
		{"complaint: no further extension with consent", ProcedureComplaint, "", []Extension{ext(28, false)}, 7, true, "2026-03-10", ErrInvalidExtension, "Awb 9:11"},
		{"Woo: 14 days is the maximum", ProcedureWoo, "", nil, 14, false, "2026-03-10", nil, ""},
		{"Woo: 15 days is over Woo 4.4 lid 2", ProcedureWoo, "", nil, 15, false, "2026-03-10", ErrInvalidExtension, "Woo 4.4 lid 2"},
		{"Omgevingswet: once only", ProcedureEnvironment, "", []Extension{ext(14, false)}, 14, false, "2026-03-10", ErrAlreadyExtended, "Omgevingswet 16.64 lid 2"},
		{"Omgevingswet: 43 days is over six weeks", ProcedureEnvironment, "", nil, 43, false, "2026-03-10", ErrInvalidExtension, "Omgevingswet 16.64 lid 2"},
		// Received 2 Mar, due 28 Apr: on 29 Apr the term is over and cannot be extended any more.
		{"beschikking: not after the term ended", ProcedureDecision, "", nil, 14, false, "2026-04-29", ErrTermPassed, "Awb 4:14"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			row := termCase{proc: tc.proc, received: "2026-03-02", sent: tc.sent, ext: tc.prior}
			if tc.sent != "" {
				row.received = "2026-10-20"
			}
			r := row.request(t)
			_, err := r.ExtendWith("Bo", tc.days, "Advies van de brandweer", tc.consent, at(tc.today))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var re *problem.Error
			if tc.want != nil && (!errors.As(err, &re) || !strings.Contains(re.Message, tc.article) || re.Fields == nil) {
				t.Fatalf("refusal %v does not name %q", err, tc.article)
			}
		})
	}
}

// TestFestivitiesHearing is the seed's case: the hearing on 30 July comes after the first festivity
// (Monday 13 July 2026). The latest sensible day is the working day before it, Friday 10 July (five
// working days before the deadline of 24 August, Monday 17 August, is later).
func TestFestivitiesHearing(t *testing.T) {
	r := termCase{proc: ProcedureObjection, sent: "2026-06-01", received: "2026-06-10"}.request(t)
	r.RelatedDate, r.RelatedLabel = day("2026-07-13"), "Datum van het evenement"
	d, err := DeadlineFor(r, at("2026-06-12"))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Urgent {
		t.Fatal("an event before the deadline is urgent")
	}
	a := AdviseHearing(r, d, day("2026-07-30"))
	if a.Problem == "" || a.Latest.Format(time.DateOnly) != "2026-07-10" || !strings.Contains(a.Problem, "10 juli 2026") {
		t.Fatalf("advice %+v, want a warning proposing 10 juli 2026", a)
	}
	if a := AdviseHearing(r, d, day("2026-07-08")); a.Problem != "" {
		t.Fatalf("a hearing on 8 July is sensible, got %q", a.Problem)
	}
	// Without the festivity: hearing after the deadline of 24 August; latest is Mon 17 August.
	r.RelatedDate = time.Time{}
	if a := AdviseHearing(r, d, day("2026-08-26")); a.Problem == "" || a.Latest.Format(time.DateOnly) != "2026-08-17" {
		t.Fatalf("hearing after the deadline: %+v, want latest 2026-08-17", a)
	}
}

// TestPenaltyEuros checks the amounts of Awb 4:17 lid 2 at the edges of each rate.
func TestPenaltyEuros(t *testing.T) {
	for days, want := range map[int]int{0: 0, 1: 23, 14: 322, 15: 357, 28: 812, 29: 857, 42: 1442, 60: 1442, -3: 0} {
		if got := PenaltyEuros(days); got != want {
			t.Errorf("PenaltyEuros(%d) = %d, want %d", days, got, want)
		}
	}
}
