package appointment

import (
	"fmt"
	"strings"
	"time"
)

// ICSEvent is one appointment as a calendar event.
type ICSEvent struct {
	UID         string
	Sequence    int
	Stamp       time.Time
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	URL         string
	Cancelled   bool
}

// ICS writes the event as an iCalendar object (RFC 5545): CRLF line ends, lines folded at 75 octets
// without splitting a UTF-8 character (3.1), TEXT values escaped (3.3.11), and date-times in UTC
// (form #2 of 3.3.5), which every calendar program shows in its own zone. METHOD:PUBLISH (RFC 5546) makes
// it an event to add rather than an invitation to answer; a cancelled event says METHOD:CANCEL with
// STATUS:CANCELLED and a higher SEQUENCE, so the program removes the event with the same UID.
func (e ICSEvent) ICS() []byte {
	var b strings.Builder
	method, status := "PUBLISH", "CONFIRMED"
	if e.Cancelled {
		method, status = "CANCEL", "CANCELLED"
	}
	line := func(name, value string) { writeFolded(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//loket//afspraken//NL")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", method)
	line("BEGIN", "VEVENT")
	line("UID", e.UID)
	line("SEQUENCE", fmt.Sprint(e.Sequence))
	line("DTSTAMP", icsTime(e.Stamp))
	line("DTSTART", icsTime(e.Start))
	line("DTEND", icsTime(e.End))
	line("SUMMARY", escapeText(e.Summary))
	line("LOCATION", escapeText(e.Location))
	line("DESCRIPTION", escapeText(e.Description))
	if e.URL != "" {
		line("URL", e.URL)
	}
	line("STATUS", status)
	line("TRANSP", "OPAQUE")
	if !e.Cancelled {
		line("BEGIN", "VALARM")
		line("ACTION", "DISPLAY")
		line("DESCRIPTION", escapeText(e.Summary))
		line("TRIGGER", "-PT1H")
		line("END", "VALARM")
	}
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	return []byte(b.String())
}

// icsTime is a UTC DATE-TIME: 20261023T070000Z.
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value: backslash, semicolon and comma get a backslash, a line break is \n.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// writeFolded writes one content line, folded so that no physical line is longer than 75 octets: a
// continuation starts with one space, and a multi-octet character is never split.
func writeFolded(b *strings.Builder, content string) {
	limit := 75
	for len(content) > limit {
		cut := limit
		for cut > 0 && !utf8Start(content[cut]) {
			cut--
		}
		b.WriteString(content[:cut])
		b.WriteString("\r\n ")
		content = content[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(content)
	b.WriteString("\r\n")
}

// utf8Start reports whether a byte begins a UTF-8 character (is not a continuation byte).
func utf8Start(c byte) bool { return c&0xC0 != 0x80 }
