package web

import (
	"fmt"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// maxQueryBytes bounds a search query; longer input is refused with a clear message.
const maxQueryBytes = 300

// searchParams reads q and limit; the error message is safe to show.
func searchParams(v url.Values, defaultLimit, maxLimit int) (string, int, error) {
	if len(v["q"]) > 1 {
		return "", 0, fmt.Errorf("geef de zoekvraag maar één keer mee (parameter q)")
	}
	q := v.Get("q")
	if len(q) > maxQueryBytes {
		return "", 0, fmt.Errorf("de zoekvraag is te lang: gebruik maximaal %d tekens", maxQueryBytes)
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
