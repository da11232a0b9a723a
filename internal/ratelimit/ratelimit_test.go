package ratelimit_test

import (
	"testing"
	"time"

	"loket/internal/ratelimit"
)

func TestKeyedBucketsRefillByTheClock(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := ratelimit.New(60, time.Hour, 3).WithClock(func() time.Time { return now }) // one a minute, 3 at once
	for i := range 3 {
		if !l.Allow("192.0.2.1") {
			t.Fatalf("event %d of the burst refused", i+1)
		}
	}
	if l.Allow("192.0.2.1") {
		t.Fatal("a fourth event at the same moment was allowed")
	}
	if !l.Allow("192.0.2.2") {
		t.Fatal("another key shares the first key's bucket")
	}
	now = now.Add(59 * time.Second)
	if l.Allow("192.0.2.1") {
		t.Fatal("allowed again after 59 s; one token takes 60 s")
	}
	now = now.Add(time.Second)
	if !l.Allow("192.0.2.1") {
		t.Fatal("refused after a full minute")
	}
}

func BenchmarkKeyedAllow(b *testing.B) {
	l := ratelimit.New(60, time.Minute, 10)
	keys := []string{"192.0.2.1", "192.0.2.2", "198.51.100.7", "2001:db8::1"}
	for i := 0; b.Loop(); i++ {
		l.Allow(keys[i%len(keys)])
	}
}
