package appointment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// unescapeText reverses the TEXT escaping of RFC 5545 3.3.11.
func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// FuzzICSText writes any summary and description (names and article text come from outside) and checks
// that every physical line stays within 75 octets of valid UTF-8 and that unfolding and unescaping give
// the text back.
func FuzzICSText(f *testing.F) {
	f.Add("Paspoort aanvragen, 4 personen", "Neem mee: pasfoto; ID-kaart\nEn €\\ 84,00")
	f.Add(strings.Repeat("é", 80), strings.Repeat("€", 100))
	f.Fuzz(func(t *testing.T, summary, description string) {
		if !utf8.ValidString(summary) || !utf8.ValidString(description) {
			t.Skip("the mails carry UTF-8 text only")
		}
		summary = strings.ReplaceAll(summary, "\r", "")
		description = strings.ReplaceAll(description, "\r", "")
		raw := string(ICSEvent{UID: "x@voorbeeld.nl", Summary: summary, Description: description}.ICS())
		for _, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
			if len(line) > 75 || !utf8.ValidString(line) {
				t.Fatalf("line of %d octets or broken UTF-8: %q", len(line), line)
			}
		}
		fields := map[string]string{}
		for _, l := range strings.Split(strings.ReplaceAll(raw, "\r\n ", ""), "\r\n") {
			if name, value, ok := strings.Cut(l, ":"); ok {
				if _, seen := fields[name]; !seen {
					fields[name] = value
				}
			}
		}
		if got := unescapeText(fields["SUMMARY"]); got != summary {
			t.Errorf("summary %q came back as %q", summary, got)
		}
		if got := unescapeText(fields["DESCRIPTION"]); got != description {
			t.Errorf("description %q came back as %q", description, got)
		}
	})
}
