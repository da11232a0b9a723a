package request

import (
	"strings"
	"time"

	"loket/internal/calendar"
)

func amsterdam() *time.Location { return calendar.Amsterdam }

// HearingDuration is how long a hearing is planned for in the calendar file.
const HearingDuration = time.Hour

// HearingICS writes the hearing as an iCalendar object (RFC 5545): one VEVENT with a stable UID, times
// in UTC, text escaped and lines folded at 75 octets, CRLF line ends.
func HearingICS(r Request, organiser string) []byte {
	h := r.HearingInfo
	if h == nil {
		return nil
	}
	start := h.Start.UTC()
	lines := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//loket//hoorzitting//NL", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
		"BEGIN:VEVENT",
		"UID:hoorzitting-" + strings.ToLower(r.Reference) + "@loket",
		"DTSTAMP:" + start.Format("20060102T150405Z"),
		"DTSTART:" + start.Format("20060102T150405Z"),
		"DTEND:" + start.Add(HearingDuration).Format("20060102T150405Z"),
		"SUMMARY:" + icsText("Hoorzitting "+r.ProductTitle+" ("+r.Reference+")"),
		"LOCATION:" + icsText(h.Place),
		"DESCRIPTION:" + icsText(strings.TrimSpace("Hoorzitting van "+organiser+". "+bringLine(h.Bring))),
		"END:VEVENT", "END:VCALENDAR",
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(fold(l))
	}
	return []byte(b.String())
}

func bringLine(s string) string {
	if s == "" {
		return ""
	}
	return "Neem mee: " + s
}

// icsText escapes a TEXT value (RFC 5545 3.3.11).
func icsText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// fold splits a content line into lines of at most 75 octets, continuing with a space (RFC 5545 3.1),
// without cutting a UTF-8 character.
func fold(line string) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		w := len(string(r))
		if n+w > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += w
	}
	b.WriteString("\r\n")
	return b.String()
}
