package calendar

import (
	"testing"
	"time"
)

// day parses "2006-01-02" as a civil date.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// at parses "2006-01-02 15:04" as Amsterdam wall-clock time.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02 15:04", s, Amsterdam)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
