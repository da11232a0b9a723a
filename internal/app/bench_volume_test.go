package app_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"loket/internal/auth"
	"loket/internal/contact"
	"loket/internal/request"
	"loket/internal/store"
	"loket/internal/store/storetest"
)

// bulkVolume fills st with n conversations spread over the last 89 days (every channel, answered, closed
// and open ones) and m requests received over the same days, a third of them decided (half of those after
// their deadline), in a few statements, on SQLite or PostgreSQL.
func bulkVolume(b *testing.B, st *store.Store, n, m int) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	// Each request's document is this one with its own receipt time and status set in SQL.
	proc, _ := request.Preset(request.ProcedureDecision)
	doc, err := json.Marshal(request.Request{Product: "paspoort", ProductTitle: "Paspoort", Kind: request.KindApplication,
		Team: "Burgerzaken", Status: request.StatusReceived, Procedure: proc})
	if err != nil {
		b.Fatal(err)
	}
	if st.Dialect() == store.SQLite {
		bulkConversations(b, st, n)
		_, err = st.Exec(ctx, `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?),
			t(i, c) AS (SELECT i, julianday('now') - (i % (89 * 24 * 60)) / 1440.0 FROM seq)
			INSERT INTO requests (reference, token_hash, product_id, team, status, deadline, received_at, updated_at, data)
			SELECT 'BULK-R-' || i, 'bulk-' || i, 'paspoort', 'Burgerzaken',
				CASE i % 3 WHEN 0 THEN 'besloten' WHEN 1 THEN 'ontvangen' ELSE 'in_behandeling' END,
				date(c + 56), strftime('%Y-%m-%d %H:%M:%f+00:00', c), strftime('%Y-%m-%d %H:%M:%f+00:00', c),
				json_set(?, '$.received_at', strftime('%Y-%m-%dT%H:%M:%fZ', c), '$.updated_at', strftime('%Y-%m-%dT%H:%M:%fZ', c),
					'$.status', CASE i % 3 WHEN 0 THEN 'besloten' WHEN 1 THEN 'ontvangen' ELSE 'in_behandeling' END)
			FROM t`, m, string(doc))
		if err != nil {
			b.Fatal(err)
		}
		_, err = st.Exec(ctx, `INSERT INTO request_events (request_id, at, actor, kind, status, public)
			SELECT id, strftime('%Y-%m-%d %H:%M:%f+00:00', julianday(received_at) + CASE WHEN id % 2 = 0 THEN 20 ELSE 70 END),
				'bulk', 'status', 'besloten', TRUE FROM requests WHERE status = 'besloten'`)
		if err != nil {
			b.Fatal(err)
		}
	} else {
		if _, err := st.Exec(ctx, `INSERT INTO contact_parties (name, created_at) VALUES ('Bulk', ?)`, time.Now().UTC()); err != nil {
			b.Fatal(err)
		}
		_, err = st.Exec(ctx, `INSERT INTO contact_conversations (reference, party_id, channel, state, created_at, updated_at,
				first_response_at, closed_at)
			SELECT 'BULK-' || i, (SELECT MAX(id) FROM contact_parties),
				CASE i % 6 WHEN 0 THEN 'form' WHEN 1 THEN 'email' WHEN 2 THEN 'chat' WHEN 3 THEN 'whatsapp'
					WHEN 4 THEN 'phone' ELSE 'counter' END,
				CASE WHEN i % 2 = 0 THEN 'closed' ELSE 'open' END, c, c,
				CASE WHEN i % 3 <> 0 THEN c + (i % 600) * interval '1 second' END,
				CASE WHEN i % 2 = 0 THEN c + (i % 30) * interval '1 hour' END
			FROM generate_series(1, ?::int) i, LATERAL (SELECT now() - (i % (89 * 24 * 60)) * interval '1 minute' AS c) t`, n)
		if err != nil {
			b.Fatal(err)
		}
		_, err = st.Exec(ctx, `INSERT INTO requests (reference, token_hash, product_id, team, status, deadline, received_at, updated_at, data)
			SELECT 'BULK-R-' || i, 'bulk-' || i, 'paspoort', 'Burgerzaken',
				CASE i % 3 WHEN 0 THEN 'besloten' WHEN 1 THEN 'ontvangen' ELSE 'in_behandeling' END,
				to_char(c + interval '56 days', 'YYYY-MM-DD'), c, c,
				jsonb_set(jsonb_set(jsonb_set(?::jsonb, '{received_at}', to_jsonb(to_char(c AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
					'{updated_at}', to_jsonb(to_char(c AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
					'{status}', to_jsonb(CASE i % 3 WHEN 0 THEN 'besloten' WHEN 1 THEN 'ontvangen' ELSE 'in_behandeling' END))::text
			FROM generate_series(1, ?::int) i, LATERAL (SELECT now() - (i % (89 * 24 * 60)) * interval '1 minute' AS c) t`, string(doc), m)
		if err != nil {
			b.Fatal(err)
		}
		_, err = st.Exec(ctx, `INSERT INTO request_events (request_id, at, actor, kind, status, public)
			SELECT id, received_at + CASE WHEN id % 2 = 0 THEN interval '20 days' ELSE interval '70 days' END,
				'bulk', 'status', 'besloten', TRUE FROM requests WHERE status = 'besloten'`)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Exec(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d conversations and %d requests inserted in %v", n, m, time.Since(start).Round(time.Millisecond))
}

// BenchmarkInsightPages1M serves the monthly report, the other insight pages, the service-level page and
// the case handlers' request pages to a manager with 1,000,000 conversations and 100,000 requests of the
// last 89 days, after the background rollups ran once (rollup-ms: their time, the work the pages do not
// do). Each page must stay within 200 ms. LOKET_TEST_POSTGRES set runs it on PostgreSQL as well.
//
//	go test ./internal/app -run '^$' -bench InsightPages1M -benchtime 5x -timeout 30m
func BenchmarkInsightPages1M(b *testing.B) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		b.Run(dialect, func(b *testing.B) {
			if dialect == store.Postgres {
				storetest.PostgresURL(b) // skips when LOKET_TEST_POSTGRES=off
			}
			_, a := startDemo(b, dialect)
			bulkVolume(b, a.Store, 1_000_000, 100_000)
			ctx := context.Background()
			// The bulk rows are written around the store, without term facts: derive them as start-up would.
			if err := a.Store.DeriveTermFacts(ctx); err != nil {
				b.Fatal(err)
			}
			levels := contact.DefaultServiceLevels()
			start := time.Now()
			if err := levels.RollupServiceLevels(ctx, a.Store, time.Now()); err != nil {
				b.Fatal(err)
			}
			if err := levels.RollupRecentServiceLevelMonths(ctx, a.Store, time.Now()); err != nil {
				b.Fatal(err)
			}
			rollup := time.Since(start)
			token := staffToken(b, a, "m@voorbeeld.nl", auth.RoleManager)
			h := a.Handler()
			month := time.Now().AddDate(0, -1, 0).Format("2006-01")
			for _, path := range []string{"/beheer/inzicht/maandrapport", "/beheer/inzicht/maandrapport?maand=" + month,
				"/beheer/inzicht", "/beheer/inzicht/kanalen", "/beheer/inzicht/toptaken", "/beheer/inzicht/taken",
				"/beheer/inzicht/werklijst", "/beheer/inzicht/zoeken", "/beheer/inzicht/hiaten", "/beheer/inzicht/bezetting",
				"/beheer/serviceniveaus", "/beheer/aanvragen", "/beheer/aanvragen/cijfers"} {
				b.Run(strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.TrimPrefix(path, "/")), func(b *testing.B) {
					start := time.Now()
					for range b.N {
						req := httptest.NewRequest("GET", path, nil)
						req.Header.Set("Authorization", "Bearer "+token)
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != 200 {
							b.Fatalf("%s: %d", path, rec.Code)
						}
					}
					per := time.Since(start) / time.Duration(b.N)
					b.ReportMetric(float64(per.Microseconds())/1000, "ms/page")
					b.ReportMetric(float64(rollup.Milliseconds()), "rollup-ms")
					if per > 200*time.Millisecond {
						b.Errorf("%s renders in %v at this volume, above 200 ms", path, per)
					}
				})
			}
		})
	}
}
