package store_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"loket/internal/contact"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// The inbox benchmarks run over generated conversations: LOKET_BENCH_CONVERSATIONS of them (default one
// million), 3% not closed (1% each new, open and waiting), half a million parties with an e-mail address,
// every tenth with a phone number. Run them with
//
//	LOKET_TEST_POSTGRES=... go test ./internal/store -run '^$' -bench 'Inbox' -benchtime 200x
//
// Each reports p99-ms (the 99th percentile of one call) beside the mean.

var benchStores sync.Map // dialect → *benchInbox

type benchInbox struct {
	st *store.Store
	n  int
}

func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("LOKET_BENCH_CONVERSATIONS")); err == nil && n >= 1000 {
		return n
	}
	return 1_000_000
}

// inboxBench returns the generated store of a dialect, building it once per test binary.
func inboxBench(b *testing.B, dialect string) *benchInbox {
	if v, ok := benchStores.Load(dialect); ok {
		return v.(*benchInbox)
	}
	n := benchSize()
	st := benchStore(b, dialect)
	var have int
	if err := st.QueryRow(context.Background(), `SELECT COUNT(*) FROM contact_conversations`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have == 0 {
		start := time.Now()
		if err := generateInbox(context.Background(), st, n); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: generated %d conversations in %v", dialect, n, time.Since(start).Round(time.Second))
	} else if have != n {
		b.Fatalf("%s: the kept benchmark database has %d conversations, not %d", dialect, have, n)
	}
	bi := &benchInbox{st: st, n: n}
	benchStores.Store(dialect, bi)
	return bi
}

// benchStore opens a fresh store, or the one kept between runs at LOKET_BENCH_SQLITE (a file) or
// LOKET_BENCH_POSTGRES (a database URL), so a million conversations are generated once.
func benchStore(b *testing.B, dialect string) *store.Store {
	kept := os.Getenv("LOKET_BENCH_SQLITE")
	if dialect == store.Postgres {
		kept = os.Getenv("LOKET_BENCH_POSTGRES")
	}
	if kept == "" {
		return storetest.Open(b, dialect)
	}
	st, err := store.Open(context.Background(), kept)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// generateInbox fills an empty store with n conversations in a few set-based statements.
func generateInbox(ctx context.Context, st *store.Store, n int) error {
	parties := n / 2
	pg := st.Dialect() == store.Postgres
	ts := func(secs string) string { // a UTC timestamp the driver reads back, from seconds since 1970
		if pg {
			return "to_timestamp(" + secs + ")"
		}
		return "strftime('%Y-%m-%d %H:%M:%S', " + secs + ", 'unixepoch') || '+00:00'"
	}
	pad := "printf('%06d', n % 200000)"
	if pg {
		pad = "lpad((n % 200000)::text, 6, '0')"
	}
	seq := func(max int) string {
		return fmt.Sprintf("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) ", max)
	}
	created := "1767258000 + n * 30" // from 1 January 2026, one every 30 seconds
	topics := "CASE n % 10 WHEN 0 THEN 'paspoort' WHEN 1 THEN 'afval' WHEN 2 THEN 'parkeren' WHEN 3 THEN 'verhuizen' WHEN 4 THEN 'bijstand' " +
		"WHEN 5 THEN 'boom' WHEN 6 THEN 'rijbewijs' WHEN 7 THEN 'belasting' WHEN 8 THEN 'geluidsoverlast' ELSE 'subsidie' END"
	state := "CASE n % 100 WHEN 0 THEN 'new' WHEN 1 THEN 'open' WHEN 2 THEN 'waiting' ELSE 'closed' END"
	channel := "CASE (n / 100) % 6 WHEN 0 THEN 'form' WHEN 1 THEN 'email' WHEN 2 THEN 'chat' WHEN 3 THEN 'whatsapp' WHEN 4 THEN 'phone' ELSE 'counter' END"
	team := "CASE (n / 100) % 5 WHEN 0 THEN 'Burgerzaken' WHEN 1 THEN 'Afval' WHEN 2 THEN 'Parkeren' WHEN 3 THEN 'Zorg' ELSE 'Belastingen' END"
	due := "CASE WHEN n % 100 IN (0, 1) THEN " + ts(created+" + 28800 + (n % 7919) * 60") + " ELSE " + ts("253402214400") + " END"
	stmts := []string{
		`INSERT INTO staff_users (id, email, name, role, team, password_hash, created_at) VALUES (1, 'kcc@voorbeeld.nl', 'Karin', 'agent', 'Burgerzaken', '-', ` + ts("1767258000") + `)`,
		seq(parties) + `INSERT INTO contact_parties (id, name, created_at) SELECT n, 'Inwoner' || (1000000 + n) || ' Fam' || (1000 + n % 1999), ` + ts("1767258000") + ` FROM seq`,
		seq(parties) + `INSERT INTO contact_digital_addresses (party_id, kind, address, created_at) SELECT n, 'email', 'r' || n || '@example.org', ` + ts("1767258000") + ` FROM seq`,
		seq(parties/10) + `INSERT INTO contact_digital_addresses (party_id, kind, address, created_at) SELECT n * 10, 'phone', '316' || (10000000 + n * 10), ` + ts("1767258000") + ` FROM seq`,
		seq(n) + `INSERT INTO contact_conversations (id, reference, party_id, channel, subject, state, team, assignee_id, created_at, updated_at,
			first_response_at, closed_at, due_at) SELECT n, 'VB-C-' || (2020 + n / 200000) || '-' || ` + pad + `, (n % ` + strconv.Itoa(parties) + `) + 1, ` + channel + `,
			'Vraag over ' || ` + topics + `, ` + state + `, ` + team + `, CASE WHEN n % 100 = 1 THEN 1 END, ` + ts(created) + `, ` + ts(created) + `,
			CASE WHEN n % 100 > 0 THEN ` + ts(created+" + 3600") + ` END, CASE WHEN n % 100 > 2 THEN ` + ts(created+" + 7200") + ` END, ` + due + ` FROM seq`,
	}
	doc := `c.reference || ' ' || c.subject || ' ' || p.name || ' r' || p.id || '@example.org woord' || (1000 + c.id % 10000) || ' Ik heb een vraag over mijn aanvraag.'`
	if pg {
		// VACUUM as autovacuum would after a bulk load: it sets the visibility map, as on a server in use.
		stmts = append(stmts, `INSERT INTO contact_search (conversation_id, doc) SELECT c.id, `+doc+` FROM contact_conversations c JOIN contact_parties p ON p.id = c.party_id`,
			`VACUUM ANALYZE`)
	} else {
		// One bulk insert leaves many index segments; FTS5 merges them over time, optimize does it at once.
		stmts = append(stmts, `INSERT INTO contact_search (rowid, doc) SELECT c.id, `+doc+` FROM contact_conversations c JOIN contact_parties p ON p.id = c.party_id`,
			`INSERT INTO contact_search (contact_search) VALUES ('optimize')`, `ANALYZE`)
	}
	for _, q := range stmts {
		if _, err := st.Exec(ctx, q); err != nil {
			return fmt.Errorf("%.80s: %w", q, err)
		}
	}
	return nil
}

// measure runs op b.N times and reports the 99th percentile.
func measure(b *testing.B, op func() error) {
	b.Helper()
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t := time.Now()
		if err := op(); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(durations)
	p99 := durations[min(len(durations)-1, len(durations)*99/100)]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}

// cursorAt is the cursor after the k-th conversation (from 1) of a query, found by walking big pages.
func cursorAt(b *testing.B, st *store.Store, q contact.InboxQuery, k int) contact.Cursor {
	b.Helper()
	q.Limit = contact.MaxPageSize
	q, err := q.Normalize()
	if err != nil {
		b.Fatal(err)
	}
	seen := 0
	for {
		page, err := st.Inbox(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		if seen+len(page.Conversations) >= k || page.Next.IsZero() {
			// The cursor of a shorter page that ends at k.
			q.Limit = k - seen
			page, err = st.Inbox(context.Background(), q)
			if err != nil || page.Next.IsZero() {
				b.Fatalf("no conversation after %d: %v", k, err)
			}
			return page.Next
		}
		seen += len(page.Conversations)
		q.After = page.Next
	}
}

func BenchmarkInbox(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			bi := inboxBench(b, dialect)
			ctx := context.Background()
			active := contact.InboxQuery{State: contact.StateActive}
			closedNewest := contact.InboxQuery{State: contact.StateClosed, Sort: contact.SortNewest}
			ref := contact.FormatReference("VB", 2020+(bi.n/3)/200000, int64((bi.n/3)%200000))
			party := bi.n / 2 / 3 / 10 * 10 // a party with a phone number
			phone := "0" + strconv.Itoa(610000000+party)
			cases := []struct {
				name  string
				q     contact.InboxQuery
				after int // start after this many conversations
			}{
				{"active-due-first", active, 0},
				{"active-due-page-20", active, min(20*contact.DefaultPageSize, bi.n/100)},
				{"active-due-last-pages", active, bi.n*2/100 - 100},
				{"active-oldest-deep", contact.InboxQuery{State: contact.StateActive, Sort: contact.SortOldest}, bi.n / 100},
				{"new-email-due", contact.InboxQuery{State: contact.StateNew, Channel: contact.ChannelEmail}, 0},
				{"team-due", contact.InboxQuery{State: contact.StateActive, Team: "Zorg"}, 0},
				{"mine-due", contact.InboxQuery{State: contact.StateActive, AssigneeID: 1}, 0},
				{"closed-newest-first", closedNewest, 0},
				{"closed-newest-deep", closedNewest, bi.n / 2},
				{"all-due-first", contact.InboxQuery{}, 0},
				{"all-due-deep", contact.InboxQuery{}, bi.n / 100},
				{"all-oldest-deep", contact.InboxQuery{Sort: contact.SortOldest}, bi.n * 9 / 10},
				{"search-reference", contact.InboxQuery{Text: ref}, 0},
				{"search-email", contact.InboxQuery{Text: fmt.Sprintf("r%d@example.org", party+1)}, 0},
				{"search-phone", contact.InboxQuery{Text: phone}, 0},
				{"search-name", contact.InboxQuery{Text: fmt.Sprintf("Inwoner%d", 1000000+party+1)}, 0},
				{"search-family-active", contact.InboxQuery{Text: "fam1017", State: contact.StateActive}, 0},
				{"search-family", contact.InboxQuery{Text: "fam1017"}, 0},
				{"search-word", contact.InboxQuery{Text: "woord5711"}, 0},
				{"search-two-words", contact.InboxQuery{Text: "fam1017 paspoort"}, 0},
				{"search-common-word-active", contact.InboxQuery{Text: "paspoort", State: contact.StateActive}, 0},
			}
			for _, tc := range cases {
				b.Run(tc.name, func(b *testing.B) {
					q, err := tc.q.Normalize()
					if err != nil {
						b.Fatal(err)
					}
					if tc.after > 0 {
						q.After = cursorAt(b, bi.st, tc.q, tc.after)
					}
					page, err := bi.st.Inbox(ctx, q)
					if err != nil || len(page.Conversations) == 0 {
						b.Fatalf("%+v: %d conversations, %v", q, len(page.Conversations), err)
					}
					measure(b, func() error { _, err := bi.st.Inbox(ctx, q); return err })
				})
			}
			b.Run("counts", func(b *testing.B) {
				counts, err := bi.st.InboxCounts(ctx, 1)
				if err != nil || counts.Active() != bi.n*3/100 || counts.Mine != bi.n/100 {
					b.Fatalf("counts %+v, want %d active, %d mine: %v", counts, bi.n*3/100, bi.n/100, err)
				}
				measure(b, func() error { _, err := bi.st.InboxCounts(ctx, 1); return err })
			})
		})
	}
}
