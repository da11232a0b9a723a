// Package shared holds the few steps more than one surface takes today: reading a search query, suggesting
// answers, submitting a request, serving its files, registering a contact, counting a reply. Each belongs in
// its capability's service (issue 11) and moves there; a surface calls these, never another surface.
package shared

import (
	"fmt"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// MaxQueryBytes bounds a search query; longer input is refused with a clear message.
const MaxQueryBytes = 300

// SearchParams reads q and limit; the error message is safe to show.
func SearchParams(v url.Values, defaultLimit, maxLimit int) (string, int, error) {
	if len(v["q"]) > 1 {
		return "", 0, fmt.Errorf("geef de zoekvraag maar één keer mee (parameter q)")
	}
	q := v.Get("q")
	if len(q) > MaxQueryBytes {
		return "", 0, fmt.Errorf("de zoekvraag is te lang: gebruik maximaal %d tekens", MaxQueryBytes)
	}
	if !utf8.ValidString(q) {
		return "", 0, fmt.Errorf("de zoekvraag bevat tekens die we niet kunnen lezen")
	}
	limit := defaultLimit
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return "", 0, fmt.Errorf("limit moet een getal van 1 tot en met %d zijn", maxLimit)
		}
		limit = n
	}
	return q, limit, nil
}
