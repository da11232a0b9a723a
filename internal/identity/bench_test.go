package identity_test

import (
	"context"
	"testing"

	"loket/internal/identity"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// BenchmarkResidentSession is the lookup every page of a logged-in resident makes: find the session by
// its keyed hash, open the sealed person (AES-GCM) and record the activity.
func BenchmarkResidentSession(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			st := storetest.Open(b, dialect)
			f := setupBench(b, st)
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				if _, err := f.svc.Session(ctx, f.session); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type benchFixture struct {
	svc     *identity.Service
	session string
}

func setupBench(b *testing.B, st *store.Store) benchFixture {
	p := identitytestBroker(b)
	svc, err := identity.NewService(st, settingsFor(p), nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	authURL, state, err := svc.Begin(ctx, identity.DigiD, "", "/mijn-loket")
	if err != nil {
		b.Fatal(err)
	}
	back, err := p.Login(ctx, authURL, "jan", acr("midden"))
	if err != nil {
		b.Fatal(err)
	}
	login, err := svc.Finish(ctx, callbackOf(back, state))
	if err != nil {
		b.Fatal(err)
	}
	return benchFixture{svc: svc, session: login.SessionID}
}
