package appointment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestICSFollowsRFC5545(t *testing.T) {
	long := "Neem mee: al uw paspoorten en ID-kaarten; één goedgelijkende pasfoto, niet ouder dan 6 maanden\nEn toestemming van alle ouders met gezag — ook voor het jongste kind"
	e := ICSEvent{UID: "afspraak-A-7K3M9Q@voorbeeld.nl", Sequence: 1, Stamp: utc("2026-10-20 12:00"),
		Start: at("2026-10-26 09:00"), End: at("2026-10-26 09:40"), Summary: "Paspoort aanvragen, 4 personen",
		Location: "Stadhuis, Marktplein 1, 1234 AB Voorbeeld", Description: long, URL: "https://loket.voorbeeld.nl/afspraak/abc"}
	raw := string(e.ICS())
	if !strings.HasSuffix(raw, "\r\n") || strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
		t.Fatal("every line must end in CRLF and no bare LF may appear (RFC 5545 3.1)")
	}
	for _, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets, more than 75: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("a fold split a UTF-8 character: %q", line)
		}
	}
	// Unfolding (remove CRLF followed by one space) gives the logical lines back.
	unfolded := strings.ReplaceAll(raw, "\r\n ", "")
	lines := strings.Split(strings.TrimSuffix(unfolded, "\r\n"), "\r\n")
	want := map[string]bool{
		"BEGIN:VCALENDAR": true, "VERSION:2.0": true, "PRODID:-//loket//afspraken//NL": true, "METHOD:PUBLISH": true,
		"BEGIN:VEVENT": true, "UID:afspraak-A-7K3M9Q@voorbeeld.nl": true, "SEQUENCE:1": true,
		"DTSTAMP:20261020T120000Z": true,
		// 26 October 2026 is after the change to winter time: 09:00 CET is 08:00 UTC.
		"DTSTART:20261026T080000Z": true, "DTEND:20261026T084000Z": true,
		`LOCATION:Stadhuis\, Marktplein 1\, 1234 AB Voorbeeld`: true,
		`DESCRIPTION:Neem mee: al uw paspoorten en ID-kaarten\; één goedgelijkende pasfoto\, niet ouder dan 6 maanden\nEn toestemming van alle ouders met gezag — ook voor het jongste kind`: true,
		"STATUS:CONFIRMED": true, "END:VEVENT": true, "END:VCALENDAR": true,
	}
	seen := map[string]bool{}
	for _, l := range lines {
		seen[l] = true
	}
	for l := range want {
		if !seen[l] {
			t.Errorf("missing line %q", l)
		}
	}
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("calendar object must start and end with VCALENDAR: %q … %q", lines[0], lines[len(lines)-1])
	}
	e.Cancelled, e.Sequence = true, 2
	c := strings.ReplaceAll(string(e.ICS()), "\r\n ", "")
	for _, l := range []string{"METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:2", "UID:afspraak-A-7K3M9Q@voorbeeld.nl"} {
		if !strings.Contains(c, "\r\n"+l+"\r\n") {
			t.Errorf("cancellation lacks %q", l)
		}
	}
}

func TestSectionReadsWhatToBring(t *testing.T) {
	body := "## Wat is het?\nTekst.\n\n## Wat moet u meenemen?\n- Al uw paspoorten\n- Eén pasfoto\n\n## Wat kost het?\n- € 84,00\n"
	got := Section(body, "Wat moet u meenemen")
	if strings.Join(got, "|") != "Al uw paspoorten|Eén pasfoto" {
		t.Errorf("got %q", got)
	}
}
