package search

import (
	"fmt"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// QueryParams reads the search query q and the number of results limit (defaultLimit when absent, at
// most maxLimit) as the public site and the API take them; the error's message is safe to show in Dutch.
func QueryParams(v url.Values, defaultLimit, maxLimit int) (string, int, error) {
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
