package request

import (
	"testing"
	"time"

	"loket/internal/calendar"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// at is a moment on a Dutch working day, in the afternoon, as requests arrive.
func at(s string) time.Time {
	d := day(s)
	return time.Date(d.Year(), d.Month(), d.Day(), 14, 30, 0, 0, calendar.Amsterdam)
}

func TestDecisionDeadline(t *testing.T) {
	for _, tc := range []struct {
		name        string
		received    string
		termDays    int
		extension   int
		suspensions []calendar.Suspension
		today       string
		want        string
	}{
		{"eight weeks on a Monday that is King's Day moves to Tuesday", "2026-03-02", 56, 0, nil, "2026-03-02", "2026-04-28"},
		{"no term from the product means the Awb default of eight weeks", "2026-03-02", 0, 0, nil, "2026-03-02", "2026-04-28"},
		{"a term ending on a Friday stays", "2026-01-02", 56, 0, nil, "2026-01-02", "2026-02-27"},
		{"a term ending on Saturday moves to Monday", "2026-01-07", 3, 0, nil, "2026-01-07", "2026-01-12"},
		{"Christmas and the weekend at the year's end", "2026-12-04", 21, 0, nil, "2026-12-04", "2026-12-28"},
		{"a term ending on New Year's Day moves past the weekend into the new year", "2026-12-11", 21, 0, nil, "2026-12-11", "2027-01-04"},
		{"suspension of ten days adds ten days", "2026-03-02", 56, 0,
			[]calendar.Suspension{{Asked: day("2026-03-10"), Resolved: day("2026-03-20")}}, "2026-03-25", "2026-05-07"},
		{"an open suspension counts up to today", "2026-03-02", 56, 0,
			[]calendar.Suspension{{Asked: day("2026-03-10")}}, "2026-03-15", "2026-05-04"},
		{"extension of four weeks ending on Whit Monday", "2026-03-02", 56, 28, nil, "2026-03-02", "2026-05-26"},
		{"suspension and extension together", "2026-03-02", 56, 14,
			[]calendar.Suspension{{Asked: day("2026-03-10"), Resolved: day("2026-03-20")}}, "2026-03-25", "2026-05-21"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Request{ReceivedAt: at(tc.received), TermDays: tc.termDays, ExtensionDays: tc.extension, Suspensions: tc.suspensions}
			if r.TermDays == 0 {
				r.TermDays = DefaultTermDays
			}
			if err := r.Recompute(at(tc.today)); err != nil {
				t.Fatal(err)
			}
			if got := r.Deadline.Format(time.DateOnly); got != tc.want {
				t.Errorf("deadline %s (%s), want %s", got, r.Deadline.Weekday(), tc.want)
			}
		})
	}
}

func TestActionsMoveTheDeadline(t *testing.T) {
	r := Request{ReceivedAt: at("2026-03-02"), TermDays: 56, Status: StatusReceived}
	must := func(_ Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Take("bo@voorbeeld.nl", at("2026-03-03")))
	if r.Status != StatusInProgress || r.Assignee != "bo@voorbeeld.nl" {
		t.Fatalf("after take: %s %s", r.Status, r.Assignee)
	}
	must(r.AskInformation("bo@voorbeeld.nl", "Stuur de tekening.", at("2026-03-10")))
	if _, err := r.AskInformation("bo@voorbeeld.nl", "Nog eens", at("2026-03-11")); err != ErrAlreadyWaiting {
		t.Fatalf("asking twice: %v", err)
	}
	must(r.InformationReceived(ActorRequester, at("2026-03-20")))
	if got := r.Deadline.Format(time.DateOnly); got != "2026-05-07" || r.Status != StatusInProgress {
		t.Fatalf("after the information arrived: %s %s, want 2026-05-07 in progress", got, r.Status)
	}
	if _, err := r.Extend("bo@voorbeeld.nl", 57, "te lang", at("2026-03-21")); err != ErrInvalidExtension {
		t.Fatalf("extension longer than the term: %v", err)
	}
	must(r.Extend("bo@voorbeeld.nl", 14, "Advies van de brandweer nodig.", at("2026-03-21")))
	if _, err := r.Extend("bo@voorbeeld.nl", 7, "nog een keer", at("2026-03-22")); err != ErrAlreadyExtended {
		t.Fatalf("second extension: %v", err)
	}
	if got := r.Deadline.Format(time.DateOnly); got != "2026-05-21" {
		t.Fatalf("after extension: %s", got)
	}
	if _, err := r.Decide("bo@voorbeeld.nl", "misschien", "x", at("2026-04-01")); err != ErrUnknownOutcome {
		t.Fatalf("unknown outcome: %v", err)
	}
	must(r.Decide("bo@voorbeeld.nl", "toegekend", "U krijgt de vergunning.", at("2026-04-01")))
	if _, err := r.Take("ander@voorbeeld.nl", at("2026-04-02")); err != ErrDecided {
		t.Fatalf("take after decision: %v", err)
	}
}

func TestTimeLeft(t *testing.T) {
	r := Request{Status: StatusInProgress, Deadline: day("2026-04-28")}
	for _, tc := range []struct {
		today         string
		left          int
		warn, overdue bool
	}{
		{"2026-04-01", 16, false, false}, // Good Friday, Easter Monday and King's Day do not count
		{"2026-04-21", 4, true, false},
		{"2026-04-28", 0, true, false},
		{"2026-04-29", -1, false, true},
		{"2026-05-04", -4, false, true},
	} {
		if got := r.WorkingDaysLeft(at(tc.today)); got != tc.left {
			t.Errorf("%s: %d working days left, want %d", tc.today, got, tc.left)
		}
		if r.Warn(at(tc.today)) != tc.warn || r.Overdue(at(tc.today)) != tc.overdue {
			t.Errorf("%s: warn %v overdue %v, want %v %v", tc.today, r.Warn(at(tc.today)), r.Overdue(at(tc.today)), tc.warn, tc.overdue)
		}
	}
}
