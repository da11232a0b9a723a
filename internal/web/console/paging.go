package console

import (
	"net/url"
	"strconv"
)

// pageNumber reads a page number (1, 2, … up to last) from the query parameter key; anything else is the
// first page.
func pageNumber(q url.Values, key string, last int) int {
	n, err := strconv.Atoi(q.Get(key))
	if err != nil || n < 1 || n > last {
		return 1
	}
	return n
}

// pageURL is the console page at path with this page's query, without its one-time messages
// (cloneValues), and with key set to value, or removed when value is "".
func pageURL(path string, q url.Values, key, value string) string {
	v := cloneValues(q)
	v.Del(key)
	if value != "" {
		v.Set(key, value)
	}
	return path + "?" + v.Encode()
}
