package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"modernc.org/sqlite"

	"loket/internal/store"
	"loket/internal/store/powerloss"
	"loket/internal/store/storetest"
)

// TestEveryConnectionCommitsDurably checks the setting behind "acknowledged means fsync'd" on every pooled
// connection: SQLite's synchronous=FULL (2) syncs the WAL at each commit (NORMAL, 1, leaves the last
// commits to the operating system), and PostgreSQL's synchronous_commit=on, whatever the server's default
// (the test server runs with synchronous_commit=off). The write queue's own connection commits with NORMAL
// and the store fsyncs the WAL after each group (TestGroupCommitSyncsTheWALItself).
func TestEveryConnectionCommitsDurably(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		query, want := `PRAGMA synchronous`, "2"
		if s.Dialect() == store.Postgres {
			query, want = `SHOW synchronous_commit`, "on"
		}
		// Hold several connections at once so that the pool cannot hand out the same one each time.
		var conns []*sql.Conn
		for range 4 {
			c, err := s.DB().Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
		}
		for i, c := range conns {
			var got string
			if err := c.QueryRowContext(ctx, query).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d: %s = %s, want %s", i, query, got, want)
			}
			c.Close()
		}
	})
}

func probeTable(t testing.TB, s *store.Store) {
	t.Helper()
	if _, err := s.Exec(context.Background(), `CREATE TABLE durable_probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
}

func probeIDs(t testing.TB, s *store.Store) []int {
	t.Helper()
	rows, err := s.Query(context.Background(), `SELECT id FROM durable_probe ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestConcurrentTransactionsStayApart runs many transactions at once (on SQLite they share group commits)
// where every third one fails after writing: exactly the others' rows are there, each caller got its own
// outcome, and a failure inside one transaction (a duplicate key) does not spoil the rest of its group.
func TestConcurrentTransactionsStayApart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		probeTable(t, s)
		errRefused := errors.New("refused on purpose")
		const n = 300
		results := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				results[i] = s.InTx(ctx, func(tx *store.Tx) error {
					if _, err := tx.Exec(ctx, `INSERT INTO durable_probe (id, note) VALUES (?, ?)`, i, "x"); err != nil {
						return err
					}
					switch i % 3 {
					case 1:
						return errRefused
					case 2:
						if s.Dialect() == store.Postgres {
							return nil // there a failed statement aborts the whole transaction
						}
						// A second insert of the same key fails inside the transaction; the row above stays
						// only because the transaction gives up on the error itself below.
						_, err := tx.Exec(ctx, `INSERT INTO durable_probe (id, note) VALUES (?, ?)`, i, "again")
						if err == nil {
							return fmt.Errorf("duplicate key %d accepted", i)
						}
						return nil
					}
					return nil
				})
			})
		}
		wg.Wait()
		var want []int
		for i, err := range results {
			switch {
			case i%3 == 1 && !errors.Is(err, errRefused):
				t.Errorf("transaction %d: err %v, want its own refusal", i, err)
			case i%3 != 1 && err != nil:
				t.Errorf("transaction %d: %v", i, err)
			}
			if i%3 != 1 {
				want = append(want, i)
			}
		}
		got := probeIDs(t, s)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("rows after the run: %d rows, want %d (ids %v…)", len(got), len(want), head(got))
		}
	})
}

func head(ids []int) []int {
	if len(ids) > 10 {
		return ids[:10]
	}
	return ids
}

// TestCallerGivingUpIsToldTheTruth: a caller whose context ends while its transaction waits for the group
// commit either gets an error and its row is absent, or gets nil and its row is there; never an error for
// work that was committed.
func TestCallerGivingUpIsToldTheTruth(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	probeTable(t, s)
	const n = 200
	results := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%7)*100*time.Microsecond)
		wg.Go(func() {
			defer cancel()
			results[i] = s.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.Exec(ctx, `INSERT INTO durable_probe (id, note) VALUES (?, ?)`, i, "x")
				return err
			})
		})
	}
	wg.Wait()
	present := map[int]bool{}
	for _, id := range probeIDs(t, s) {
		present[id] = true
	}
	for i, err := range results {
		if (err == nil) != present[i] {
			t.Errorf("transaction %d: err %v, row present %v", i, err, present[i])
		}
	}
}

// TestAcknowledgedWritesSurviveReopen closes the store while writers are still submitting: every write
// that was acknowledged is in the database when it is opened again, and every later one got ErrClosed.
func TestAcknowledgedWritesSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "loket.db")
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	probeTable(t, s)
	var mu sync.Mutex
	var acked []int
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; ; i += 8 {
				err := s.InTx(ctx, func(tx *store.Tx) error {
					_, err := tx.Exec(ctx, `INSERT INTO durable_probe (id, note) VALUES (?, ?)`, i, "x")
					return err
				})
				if errors.Is(err, store.ErrClosed) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, i)
				mu.Unlock()
			}
		})
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 500 {
			break
		}
		time.Sleep(time.Millisecond) // waits for progress, not for time to pass
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	s, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sort.Ints(acked)
	present := map[int]bool{}
	for _, id := range probeIDs(t, s) {
		present[id] = true
	}
	for _, id := range acked {
		if !present[id] {
			t.Fatalf("acknowledged write %d is missing after reopening", id)
		}
	}
}

// TestGroupCommitSyncsTheWALItself checks where the fsync of a group commit happens: for a database on the
// operating system's files the store syncs the WAL itself after the commit (so that the next group runs
// meanwhile), writes are acknowledged, and they are there after reopening; on a VFS of its own without
// WithWALSync, SQLite syncs in every commit (synchronous=FULL), since a file of such a VFS cannot be synced
// from outside. TestNoAcknowledgedMessageLostAtPowerLoss shows that nothing is answered before the sync.
func TestGroupCommitSyncsTheWALItself(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "loket.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !s.SyncsWAL() {
		t.Fatal("a database on the operating system's files is not synced by the store")
	}
	probeTable(t, s)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if _, err := s.Exec(ctx, `INSERT INTO durable_probe (id, note) VALUES (?, ?)`, i, "x"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = store.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	if got := len(probeIDs(t, s)); got != 50 {
		t.Errorf("%d acknowledged writes after reopening, want 50", got)
	}
	s.Close()

	if err := powerloss.Register(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Cleanup(func() { powerloss.Forget(dir) })
	s, err = store.Open(ctx, filepath.Join(dir, "loket.db")+"?vfs="+powerloss.VFS)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.SyncsWAL() {
		t.Error("a database on a VFS of its own is synced from outside SQLite without WithWALSync")
	}
}

// BenchmarkCommitFsync is the disk's limit for one commit at a time with synchronous=FULL, measured on a
// plain SQLite handle without loket's queue: the peer for BenchmarkGroupCommit8Writers in the same run.
func BenchmarkCommitFsync(b *testing.B) {
	sqlite.Fdatasync(true) // the system call the store commits with (store.useFdatasync), so the peer is fair
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "plain.db")+
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE durable_probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		if _, err := db.Exec(`INSERT INTO durable_probe (id, note) VALUES (?, ?)`, i, "x"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "commits/s")
}

// BenchmarkGroupCommit8Writers is eight writers committing through the store at once, each write durable
// before it returns; it reports throughput and the 99th percentile of one write's latency.
func BenchmarkGroupCommit8Writers(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	probeTable(b, s)
	ctx := context.Background()
	eightWriters(b, "writes/s", func(id int) error {
		return s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO durable_probe (id, note) VALUES (?, ?)`, id, "bericht")
			return err
		})
	})
	reportGroups(b, s)
}

// BenchmarkIntake8Writers is durable intake (party, conversation, reference, message and confirmation in
// the outbox, fsync'd) from eight SMTP sessions or form posts at once; with group commit they share fsyncs.
func BenchmarkIntake8Writers(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	ctx := context.Background()
	eightWriters(b, "msgs/s", func(i int) error {
		in := email(fmt.Sprintf("w%d@example.org", i%1000), "Vraag", fmt.Sprintf("w8-%d@example.org", i), "")
		_, err := s.Intake(ctx, in, settings)
		return err
	})
	reportGroups(b, s)
}

// BenchmarkIntake64Writers is the same intake from 64 senders at once (a busy SMTP listener and the
// forms together): groups grow with the writers, and a group's commit costs about the same whatever it holds.
func BenchmarkIntake64Writers(b *testing.B) {
	s := storetest.Open(b, store.SQLite)
	ctx := context.Background()
	writers(b, 64, "msgs/s", func(i int) error {
		in := email(fmt.Sprintf("w%d@example.org", i%1000), "Vraag", fmt.Sprintf("w64-%d@example.org", i), "")
		_, err := s.Intake(ctx, in, settings)
		return err
	})
	reportGroups(b, s)
}

// reportGroups reports how many transactions a group commit held on average.
func reportGroups(b *testing.B, s *store.Store) {
	if groups, writes := s.GroupCommits(); groups > 0 {
		b.ReportMetric(float64(writes)/float64(groups), "writes/group")
		// The single writer's time per write, fsync included: its inverse is the most one writer can reach,
		// steadier on a shared machine than the throughput itself.
		b.ReportMetric(float64(s.WriterBusy().Microseconds())/float64(writes), "writer-µs/write")
	}
}

// BenchmarkIntake8WritersPostgres is the same durable intake on PostgreSQL (synchronous_commit=on for
// every session), where the server groups concurrent commits into one WAL flush itself.
func BenchmarkIntake8WritersPostgres(b *testing.B) {
	s := storetest.Open(b, store.Postgres)
	ctx := context.Background()
	eightWriters(b, "msgs/s", func(i int) error {
		in := email(fmt.Sprintf("w%d@example.org", i%1000), "Vraag", fmt.Sprintf("w8-%d@example.org", i), "")
		_, err := s.Intake(ctx, in, settings)
		return err
	})
}

// BenchmarkCommitFsyncPostgres is PostgreSQL's limit for one durable commit at a time (one writer, a
// one-row insert, synchronous_commit=on): the peer of BenchmarkIntake8WritersPostgres.
func BenchmarkCommitFsyncPostgres(b *testing.B) {
	s := storetest.Open(b, store.Postgres)
	probeTable(b, s)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if _, err := s.Exec(ctx, `INSERT INTO durable_probe (id, note) VALUES (?, ?)`, i, "x"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "commits/s")
}

// eightWriters runs write(n) for n = 1, 2, … from eight goroutines at once and reports the throughput under
// unit and the 99th percentile of one write's latency.
func eightWriters(b *testing.B, unit string, write func(n int) error) {
	writers(b, 8, unit, write)
}

// writers is eightWriters with another number of writers.
func writers(b *testing.B, count int, unit string, write func(n int) error) {
	var mu sync.Mutex
	next := 0
	var lat []time.Duration
	b.SetParallelism(count / max(1, runtime.GOMAXPROCS(0)))
	cpu0 := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			mu.Lock()
			next++
			n := next
			mu.Unlock()
			start := time.Now()
			if err := write(n); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(start))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), unit)
	if len(lat) > 0 {
		// The process's CPU per write (writers and queue): steadier than throughput on a shared machine.
		b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(len(lat)), "cpu-µs/write")
	}
}

// processCPU is the CPU time the process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
