package contact

import (
	"strings"
	"unicode/utf8"
)

// MaxSuggestionQueryRunes bounds the text the knowledge base is searched with for suggested answers.
const MaxSuggestionQueryRunes = 1000

// SuggestionQuery is what suggested answers are looked up with: the subject and what the resident wrote
// in the whole conversation, not only the latest message (a follow-up like "en wat kost dat?" keeps the
// topic of the question it follows). Quoted lines of e-mail replies are left out; when it is long, the
// subject, the start of the first question and the latest message are kept.
func SuggestionQuery(c Conversation, msgs []Message) string {
	var parts []string
	for _, m := range msgs {
		if m.Kind == KindIn && !m.Automatic {
			if text := unquoted(m.Body); text != "" {
				parts = append(parts, text)
			}
		}
	}
	all := strings.TrimSpace(c.Subject + "\n" + strings.Join(parts, "\n"))
	if utf8.RuneCountInString(all) <= MaxSuggestionQueryRunes || len(parts) == 0 {
		return truncate(all, MaxSuggestionQueryRunes)
	}
	const share = (MaxSuggestionQueryRunes - 200) / 2
	q := truncate(c.Subject, 200) + "\n" + truncate(parts[0], share)
	if len(parts) > 1 {
		q += "\n" + truncate(parts[len(parts)-1], share)
	}
	return q
}

// unquoted drops the lines an e-mail program quotes ("> ...") and what follows "Op ... schreef ...:".
func unquoted(body string) string {
	var keep []string
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, ">") {
			continue
		}
		if strings.HasSuffix(t, ":") && ((strings.HasPrefix(t, "Op ") && strings.Contains(t, " schreef")) ||
			(strings.HasPrefix(t, "On ") && strings.Contains(t, " wrote"))) {
			break
		}
		keep = append(keep, line)
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
