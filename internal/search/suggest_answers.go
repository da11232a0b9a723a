package search

import (
	"strings"
	"unicode"
)

// MaxMessageBytes is how much of a message SuggestAnswers reads; the question is nearly always at the start.
const MaxMessageBytes = 4000

// SuggestAnswers returns the n articles that best answer a contact message (an e-mail, form or chat
// message), best first, for an agent to send. Quoted earlier messages and the signature are ignored.
func (ix *Index) SuggestAnswers(message string, n int) ([]Hit, error) {
	if n <= 0 {
		n = 3
	}
	n = min(n, MaxLimit)
	text := messageText(message)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	st := ix.st
	p := st.analyseQuery(text, ix.syn)
	hits := []Hit{}
	if len(p.groups) == 0 {
		return hits, nil
	}
	top, _ := ix.rankAndRerank(st, p, text, n)
	for _, c := range top {
		hits = append(hits, st.hit(c, p, false))
	}
	return hits, nil
}

// messageText keeps the part of a message its writer wrote: valid UTF-8 without control characters,
// without quoted lines ("> ...") and without what follows a signature separator or a reply header.
func messageText(m string) string {
	m = strings.ToValidUTF8(m, " ")
	var b strings.Builder
	for _, line := range strings.Split(m, "\n") {
		t := strings.TrimSpace(line)
		if t == "--" || isReplyHeader(t) {
			break
		}
		if strings.HasPrefix(t, ">") {
			continue
		}
		b.WriteString(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, line))
		b.WriteByte(' ')
		if b.Len() >= MaxMessageBytes {
			break
		}
	}
	return cutAt(b.String(), MaxMessageBytes)
}

// isReplyHeader recognises the line mail programs put above a quoted message.
func isReplyHeader(line string) bool {
	l := strings.ToLower(line)
	return strings.HasPrefix(l, "op ") && strings.HasSuffix(l, "schreef:") ||
		strings.HasPrefix(l, "on ") && strings.HasSuffix(l, "wrote:") ||
		strings.HasPrefix(l, "-----original message") || strings.HasPrefix(l, "-----oorspronkelijk bericht") ||
		strings.HasPrefix(l, "van: ") || strings.HasPrefix(l, "from: ")
}
