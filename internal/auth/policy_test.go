package auth

import (
	"errors"
	"sync"
	"testing"
	"time"

	"loket/internal/problem"
)

// TestPasswordPolicy reproduces finding 12: twelve bytes were enough, so "aaaaaaaaaaaa", twelve spaces
// and a 6-character password of 2-byte letters passed. Length counts characters; common passwords and
// patterns are refused with a Dutch message for the field.
func TestPasswordPolicy(t *testing.T) {
	refused := []string{
		"aaaaaaaaaaaa",    // one character repeated
		"            ",    // twelve spaces
		"ééééééàà",        // 8 characters in 16 bytes
		"ab ab ab ab ab",  // two characters and a space: three distinct
		"wachtwoord123",   // listed word with digits added
		"Wachtwoord2026!", // the same, capitalised, with a year and a sign
		"qwertyuiop123",   // keyboard row
		"123456789012",    // digits in a row
		"abcdefghijklm",   // letters in a row
		"   welkom01   ",  // padding around a listed password
		"Gemeentehuis#1",  // listed word
	}
	for _, pw := range refused {
		err := CheckPolicy(pw)
		if err == nil {
			t.Errorf("%q accepted", pw)
			continue
		}
		if problem.KindOf(err) != problem.Invalid || problem.FieldsOf(err)["wachtwoord"] == "" {
			t.Errorf("%q: %v is not an Invalid problem for wachtwoord", pw, err)
		}
		if _, err := HashPassword(pw); !errors.Is(err, ErrWeakPassword) {
			t.Errorf("HashPassword(%q) = %v", pw, err)
		}
	}
	for _, pw := range []string{"paard batterij nietje correct", "Zonnebloem-kade-17", "ééééééàààààà-ü", GeneratePassword()} {
		if err := CheckPolicy(pw); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
}

// TestPasswordChecksAreBounded reproduces finding 4: 32 logins at once ran 32 argon2id checks of 64 MiB
// each. With room for 2, at most 2 run at once and every check still completes; when the slots stay
// taken past the queue wait, a check is ErrBusy (a 429) instead of piling up.
func TestPasswordChecksAreBounded(t *testing.T) {
	hash, err := HashPassword("paard batterij nietje correct")
	if err != nil {
		t.Fatal(err)
	}
	LimitChecks(2)
	defer LimitChecks(defaultChecks)
	gate.peak.Store(0)
	old := queueWait
	queueWait = time.Minute // the machine may be slow: only the bound is checked here, not the speed
	defer func() { queueWait = old }()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := CheckPassword(hash, "fout wachtwoord van iemand")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a queued check failed: %v", err)
		}
	}
	if p := gate.peak.Load(); p != 2 {
		t.Fatalf("%d checks ran at once, want 2", p)
	}

	queueWait = 20 * time.Millisecond
	r1, _ := gate.acquire()
	r2, _ := gate.acquire()
	if _, err := CheckPassword(hash, "paard batterij nietje correct"); !errors.Is(err, ErrBusy) || problem.KindOf(err) != problem.TooMany {
		t.Fatalf("with every slot taken: %v, want ErrBusy", err)
	}
	r1()
	r2()
	if ok, err := CheckPassword(hash, "paard batterij nietje correct"); !ok || err != nil {
		t.Fatalf("after the slots were freed: %v, %v", ok, err)
	}
}

func TestDummyHashIsAHashThatMatchesNothing(t *testing.T) {
	for _, pw := range []string{"", "not a real password, used for timing", "x"} {
		if ok, err := CheckPassword(dummyHash, pw); ok || err != nil {
			t.Fatalf("dummy hash with %q: %v, %v", pw, ok, err)
		}
	}
}
