package insight

import (
	"slices"
	"testing"
)

func TestQuestionWordsDropWhatMayNameAPerson(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		names []string
		want  []string
	}{
		{"plain question", "Wanneer wordt het grofvuil opgehaald?", nil, []string{"grofvuil", "opgehaald"}},
		{"the sender's own name", "Container kapot. Groet, Piet Jansen", []string{"Piet Jansen"}, []string{"container", "kapot"}},
		{"a capitalised name inside a sentence", "Mijn buurvrouw Fatima heeft geen parkeervergunning", nil,
			[]string{"buurvrouw", "parkeervergunning"}},
		{"a capital after a full stop is a sentence", "Alles goed. Parkeren kost veel", nil, []string{"alles", "parkeren", "kost"}},
		{"numbers, addresses and links", "bel 06-12345678 of mail a@b.nl zie https://x.nl/afval", nil, []string{"bel", "mail", "zie"}},
		{"quoted e-mail and signature", "Mijn vraag gaat over afval\n> eerder bericht over paspoort\n--\nKlaas Vaak\nStraat 1", nil,
			[]string{"afval"}},
		{"signature in Dutch", "Lantaarnpaal stuk\nMet vriendelijke groet,\nAnna", nil, []string{"lantaarnpaal", "stuk"}},
	}
	for _, tt := range tests {
		if got := QuestionWords(tt.text, tt.names...); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
