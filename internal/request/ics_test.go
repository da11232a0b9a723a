package request

import (
	"strings"
	"testing"
	"time"

	"loket/internal/calendar"
)

// TestHearingICS checks the calendar file against RFC 5545: CRLF lines of at most 75 octets, TEXT
// escaping, UTC times (14:00 in Amsterdam on 8 July 2026 is 12:00 UTC, summer time).
func TestHearingICS(t *testing.T) {
	r := Request{Reference: "VB-2026-000007", ProductTitle: "Bezwaar maken", Hearing: day("2026-07-08"),
		HearingInfo: &Hearing{Start: time.Date(2026, 7, 8, 14, 0, 0, 0, calendar.Amsterdam),
			Place: "Stadhuis, zaal 2; ingang Markt", Bring: strings.Repeat("uw identiteitsbewijs en de brief, ", 4)}}
	ics := string(HearingICS(r, "Gemeente Voorbeeld"))
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "DTSTART:20260708T120000Z\r\n", "DTEND:20260708T130000Z\r\n",
		`LOCATION:Stadhuis\, zaal 2\; ingang Markt`, "UID:hoorzitting-vb-2026-000007@loket\r\n", "END:VCALENDAR\r\n"} {
		if !strings.Contains(ics, want) {
			t.Errorf("missing %q in\n%s", want, ics)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
	}
	if !strings.Contains(ics, "\r\n ") {
		t.Error("the long description was not folded")
	}
}

// BenchmarkDeadlineFor is the hot path of the queue: every open request's term is derived on read.
func BenchmarkDeadlineFor(b *testing.B) {
	p, _ := Preset(ProcedureObjection)
	r := Request{Procedure: p, Kind: KindObjection, Status: StatusInProgress, ReceivedAt: at("2026-06-10"),
		ObjectionUntil: day("2026-07-13"), Suspensions: []Suspension{{Asked: day("2026-07-20"), Until: day("2026-08-03")}},
		Extensions: []Extension{{Days: 42}}, RelatedDate: day("2026-09-01")}
	now := at("2026-07-30")
	for b.Loop() {
		if _, err := DeadlineFor(r, now); err != nil {
			b.Fatal(err)
		}
	}
}
