package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
	"time"

	"loket/internal/app"
	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/store"
)

// bulkConversations inserts n conversations spread over the last 89 days on SQLite in one statement, with
// every channel and a mix of answered, closed and open ones, for benchmarks at scale.
func bulkConversations(b *testing.B, st *store.Store, n int) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	if _, err := st.Exec(ctx, `INSERT INTO contact_parties (name, created_at) VALUES ('Bulk', ?)`, time.Now().UTC()); err != nil {
		b.Fatal(err)
	}
	_, err := st.Exec(ctx, `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?),
		t(i, c) AS (SELECT i, julianday('now') - (i % (89 * 24 * 60)) / 1440.0 FROM seq)
		INSERT INTO contact_conversations (reference, party_id, channel, state, created_at, updated_at,
			first_response_at, closed_at)
		SELECT 'BULK-' || i, (SELECT MAX(id) FROM contact_parties),
			CASE i % 6 WHEN 0 THEN 'form' WHEN 1 THEN 'email' WHEN 2 THEN 'chat' WHEN 3 THEN 'whatsapp'
				WHEN 4 THEN 'phone' ELSE 'counter' END,
			CASE WHEN i % 2 = 0 THEN 'closed' ELSE 'open' END,
			strftime('%Y-%m-%d %H:%M:%f+00:00', c), strftime('%Y-%m-%d %H:%M:%f+00:00', c),
			CASE WHEN i % 3 <> 0 THEN strftime('%Y-%m-%d %H:%M:%f+00:00', c + (i % 600) / 86400.0) END,
			CASE WHEN i % 2 = 0 THEN strftime('%Y-%m-%d %H:%M:%f+00:00', c + (i % 30) / 24.0) END
		FROM t`, n)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d conversations inserted in %v", n, time.Since(start).Round(time.Millisecond))
}

// BenchmarkServiceLevelPage1M serves /beheer/serviceniveaus to a signed-in manager with 1,000,000
// conversations of the last 90 days on SQLite. It reports the page's time per view (ns/op) and, once, how
// long the background rollup that counts them takes (rollup-ms: the work the page no longer does).
//
//	go test ./internal/app -run '^$' -bench ServiceLevelPage1M -benchtime 20x
func BenchmarkServiceLevelPage1M(b *testing.B) {
	srv, a := startDemo(b, store.SQLite)
	bulkConversations(b, a.Store, 1_000_000)
	levels := contact.DefaultServiceLevels() // the configuration the test app runs with
	start := time.Now()
	if err := levels.RollupServiceLevels(context.Background(), a.Store, time.Now()); err != nil {
		b.Fatal(err)
	}
	rollup := time.Since(start)
	manager := managerClient(b, a, srv.URL)
	b.ResetTimer()
	for b.Loop() {
		resp, err := manager.Get(srv.URL + "/beheer/serviceniveaus")
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	b.ReportMetric(float64(rollup.Milliseconds()), "rollup-ms")
}

// BenchmarkOutboxCount1M counts the outbox for the inbox header with 1,000,000 sent messages and a few
// queued and failed ones on SQLite.
//
//	go test ./internal/app -run '^$' -bench OutboxCount1M
func BenchmarkOutboxCount1M(b *testing.B) {
	_, a := startDemo(b, store.SQLite)
	ctx := context.Background()
	_, err := a.Store.Exec(ctx, `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 1000000)
		INSERT INTO outbox (message_id, mail_id, recipient, subject, body, state, next_attempt_at, created_at)
		SELECT NULL, 'bulk-' || i, 'r' || i || '@example.org', 'Antwoord', 'Tekst',
			CASE WHEN i % 100000 = 0 THEN 'queued' WHEN i % 100000 = 1 THEN 'failed' ELSE 'sent' END,
			strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'), strftime('%Y-%m-%d %H:%M:%f+00:00', 'now') FROM seq`)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		counts, err := a.Store.OutboxCounts(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if counts["queued"] != 10 || counts["failed"] != 10 {
			b.Fatalf("counts %v, want 10 queued and 10 failed", counts)
		}
	}
}

// managerClient signs a new manager in to the console and returns the client with the session.
func managerClient(b *testing.B, a *app.App, base string) *http.Client {
	b.Helper()
	password := auth.GeneratePassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		b.Fatal(err)
	}
	email := "manager@voorbeeld.nl"
	if _, err := a.Store.AddStaffUser(context.Background(), store.StaffUser{Staff: auth.Staff{Email: email,
		Role: auth.RoleManager}, PasswordHash: hash}); err != nil {
		b.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(base+"/beheer/inloggen", url.Values{"email": {email}, "wachtwoord": {password}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("manager sign-in: %d", resp.StatusCode)
	}
	return c
}
