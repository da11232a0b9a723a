package auth_test

import (
	"context"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/problem"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// TestThrottleGrowsAndNeverLocks reproduces finding 8: five wrong passwords from anywhere locked an
// account for 15 minutes and refused the right password, while unknown addresses never got that answer.
// Now a known and an unknown address get the same answers from the same attempts, the waits grow
// (3 free, then 1 s, 2 s, 4 s), and the owner signs in from their own computer meanwhile.
func TestThrottleGrowsAndNeverLocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		th := auth.NewThrottle(func() time.Time { return now })
		acc := auth.NewAccounts(s.Accounts(), nil, 0)
		if _, err := acc.Create(ctx, "system", auth.Account{Staff: auth.Staff{Email: "kcc@voorbeeld.nl", Role: auth.RoleAgent}}, "paard batterij nietje correct"); err != nil {
			t.Fatal(err)
		}
		answers := func(email string) []string {
			var got []string
			for i := range 5 {
				_, err := acc.SignIn(ctx, th, email, "fout wachtwoord", "203.0.113."+string(rune('1'+i)))
				got = append(got, problem.MessageOf(err))
			}
			return got
		}
		// Five attackers' addresses, one attempt each, against a known and an unknown account.
		known, unknown := answers("kcc@voorbeeld.nl"), answers("niemand@voorbeeld.nl")
		for i := range known {
			if known[i] != unknown[i] {
				t.Fatalf("attempt %d: known %q, unknown %q", i+1, known[i], unknown[i])
			}
		}
		// 3 free failures; the 4th waits 1 s after the 3rd: all at the same moment, so attempts 4 and 5
		// are asked to wait 1 s. The account's wait is capped at 30 s, never a lock-out.
		if known[3] != "Te veel mislukte pogingen. Wacht 1 seconden en probeer het opnieuw." {
			t.Fatalf("4th attempt: %q", known[3])
		}
		now = now.Add(time.Second)
		if _, err := acc.SignIn(ctx, th, "kcc@voorbeeld.nl", "paard batterij nietje correct", "198.51.100.20"); err != nil {
			t.Fatalf("the owner, one second later: %v", err)
		}
		// Growing per address: after 3 failures 1 s, doubling with each one: after 8 failures 32 s.
		addr := "192.0.2.99"
		for range 8 {
			th.Failed("iemand@voorbeeld.nl", addr)
		}
		if w := th.Wait("ander@voorbeeld.nl", addr); w != 32*time.Second {
			t.Fatalf("after 8 failures the address waits %s, want 32s", w)
		}
		if w := th.Wait("iemand@voorbeeld.nl", "198.51.100.21"); w != 30*time.Second {
			t.Fatalf("the account waits %s from another address, want the 30 s cap", w)
		}
		now = now.Add(31 * time.Second)
		if w := th.Wait("iemand@voorbeeld.nl", "198.51.100.21"); w != 0 {
			t.Fatalf("the account still waits %s after the cap", w)
		}
	})
}
