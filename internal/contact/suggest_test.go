package contact_test

import (
	"strings"
	"testing"

	"loket/internal/contact"
)

func TestSuggestionQueryKeepsTheTopicOfTheWholeConversation(t *testing.T) {
	c := contact.Conversation{Subject: "Parkeervergunning"}
	msgs := []contact.Message{
		{Kind: contact.KindIn, Body: "Ik woon sinds kort in de Kerkstraat. Hoe vraag ik een parkeervergunning aan?"},
		{Kind: contact.KindOut, Body: "U kunt die online aanvragen."},
		{Kind: contact.KindAuto, Body: "We hebben uw vraag ontvangen."},
		{Kind: contact.KindIn, Body: "En wat kost dat?\n\nOp 3 december 2026 schreef Gemeente Voorbeeld:\n> U kunt die online aanvragen.\n> Boom kappen"},
	}
	got := contact.SuggestionQuery(c, msgs)
	want := "Parkeervergunning\nIk woon sinds kort in de Kerkstraat. Hoe vraag ik een parkeervergunning aan?\nEn wat kost dat?"
	if got != want {
		t.Fatalf("query:\n%q\nwant:\n%q", got, want)
	}
	// A long thread keeps the subject, the start of the first question and the latest message.
	long := []contact.Message{{Kind: contact.KindIn, Body: "paspoort " + strings.Repeat("a ", 600)},
		{Kind: contact.KindIn, Body: strings.Repeat("b ", 600)}, {Kind: contact.KindIn, Body: "wanneer is het klaar?"}}
	got = contact.SuggestionQuery(contact.Conversation{Subject: "Reisdocument"}, long)
	if len([]rune(got)) > contact.MaxSuggestionQueryRunes || !strings.HasPrefix(got, "Reisdocument\npaspoort ") ||
		!strings.HasSuffix(got, "\nwanneer is het klaar?") {
		t.Fatalf("long thread: %d runes %q…%q", len([]rune(got)), got[:30], got[len(got)-30:])
	}
}
