package request

import (
	"errors"
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
	if _, err := r.AskInformation("bo@voorbeeld.nl", "Nog eens", at("2026-03-11")); !errors.Is(err, ErrAlreadyWaiting) {
		t.Fatalf("asking twice: %v", err)
	}
	must(r.InformationReceived(ActorRequester, at("2026-03-20")))
	// 11–19 March stood still (Awb 4:15): 2 March + 56 + 9 = Wednesday 6 May.
	if got := r.Deadline.Format(time.DateOnly); got != "2026-05-06" || r.Status != StatusInProgress {
		t.Fatalf("after the information arrived: %s %s, want 2026-05-06 in progress", got, r.Status)
	}
	if _, err := r.Extend("bo@voorbeeld.nl", 57, "te lang", at("2026-03-21")); !errors.Is(err, ErrInvalidExtension) {
		t.Fatalf("extension longer than the term: %v", err)
	}
	must(r.Extend("bo@voorbeeld.nl", 14, "Advies van de brandweer nodig.", at("2026-03-21")))
	if _, err := r.Extend("bo@voorbeeld.nl", 7, "nog een keer", at("2026-03-22")); !errors.Is(err, ErrAlreadyExtended) {
		t.Fatalf("second extension: %v", err)
	}
	// 27 April + 9 + 14 = Wednesday 20 May.
	if got := r.Deadline.Format(time.DateOnly); got != "2026-05-20" {
		t.Fatalf("after extension: %s", got)
	}
	if _, err := r.Decide("bo@voorbeeld.nl", "misschien", "x", at("2026-04-01")); !errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("unknown outcome: %v", err)
	}
	must(r.Decide("bo@voorbeeld.nl", "toegekend", "U krijgt de vergunning.", at("2026-04-01")))
	if _, err := r.Take("ander@voorbeeld.nl", at("2026-04-02")); !errors.Is(err, ErrDecided) {
		t.Fatalf("take after decision: %v", err)
	}
}

func TestTimeLeft(t *testing.T) {
	// Received Monday 2 March 2026: due Tuesday 28 April (27 April is Koningsdag).
	r := Request{Status: StatusInProgress, ReceivedAt: at("2026-03-02"), TermDays: 56}
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
