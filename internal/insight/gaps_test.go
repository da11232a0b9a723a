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

// The demo's unanswered questions, grouped and linked to the demo's tasks as the console describes them
// (name, topics, article titles). Expected links worked out by hand: no task is about Christmas trees,
// charging points or fireworks, so those groups stay unlinked; a broken container is the waste
// collection task's subject, a passport delivered at home the passport task's.
func TestGapsLinkToTheTaskOfTheirSubject(t *testing.T) {
	ask := func(text string, n int) []Question {
		qs := make([]Question, n)
		for i := range qs {
			qs[i] = Question{Words: Words(text)}
		}
		return qs
	}
	var qs []Question
	for _, q := range []struct {
		text string
		n    int
	}{
		{"Wanneer wordt de kerstboom opgehaald?", 48},
		{"Kan ik een kerstboom kwijt bij de milieustraat?", 21},
		{"Mijn container is kapot, krijg ik een nieuwe container?", 39},
		{"De deksel van mijn containers is kapot", 17},
		{"Kan ik mijn paspoort thuis laten bezorgen?", 29},
		{"Wat kost een laadpaal voor mijn elektrische auto?", 33},
		{"Mag ik vuurwerk afsteken in het park met oud en nieuw?", 18},
	} {
		qs = append(qs, ask(q.text, q.n)...)
	}
	tasks := []TaskWords{
		{ID: 2, Name: "Afval: grofvuil laten ophalen", Words: Words("Afval: grofvuil laten ophalen Grofvuil Grofvuil laten ophalen")},
		{ID: 3, Name: "Afvalkalender en ophaaldagen", Words: Words("Afvalkalender en ophaaldagen Afvalinzameling Afvalkalender Mijn container is niet geleegd")},
		{ID: 1, Name: "Paspoort of ID-kaart aanvragen", Words: Words("Paspoort of ID-kaart aanvragen Reisdocumenten Paspoort aanvragen Identiteitskaart aanvragen")},
		{ID: 8, Name: "Kwijtschelding belastingen", Words: Words("Kwijtschelding belastingen Kwijtschelding Kwijtschelding gemeentelijke belastingen")},
		{ID: 9, Name: "Parkeervergunning aanvragen", Words: Words("Parkeervergunning aanvragen Parkeren Parkeervergunning voor bewoners")},
	}
	// Each group is found by a word of its subject, whichever word became its key.
	want := map[string]string{"kerstboom": "", "container": "Afvalkalender en ophaaldagen", "paspoort": "Paspoort of ID-kaart aanvragen",
		"laadpaal": "", "vuurwerk": ""}
	gaps := GroupGaps(qs, tasks)
	for word, task := range want {
		found := false
		for _, g := range gaps {
			if slices.Contains(g.Words, word) {
				found = true
				if g.TaskName != task {
					t.Errorf("group %q (%v): task %q, want %q", g.Key, g.Words, g.TaskName, task)
				}
			}
		}
		if !found {
			t.Errorf("no group with %q: %+v", word, gaps)
		}
	}
}
