package powerloss_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"

	_ "modernc.org/sqlite"

	"loket/internal/store/powerloss"
)

// crashAfter runs eight writers that insert one row per transaction into a database on the simulated disk
// with the given synchronous setting, crashes the disk once acks rows were acknowledged, and returns how
// many acknowledged rows the copy taken at the crash lacks.
func crashAfter(t *testing.T, synchronous string, acks int, mode powerloss.Mode, seed uint64) (missing, acked int) {
	t.Helper()
	if err := powerloss.Register(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Cleanup(func() { powerloss.Forget(dir) })
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "t.db")+"?vfs="+powerloss.VFS+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous("+synchronous+")&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	// A checkpoint fsyncs the WAL and the database file whatever the synchronous setting: the table is on
	// the disk before the writers begin.
	if _, err := db.Exec(`PRAGMA wal_checkpoint(FULL)`); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var done []int
	var snapshot []int
	crashed := make(chan struct{})
	crashDir := filepath.Join(t.TempDir(), "after")
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; ; i += 8 {
				select {
				case <-crashed:
					return
				default:
				}
				if _, err := db.Exec(`INSERT INTO t (id, note) VALUES (?, ?)`, i, fmt.Sprintf("row %d %0400d", i, i)); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				done = append(done, i)
				if len(done) == acks {
					// The acknowledgements are read before the disk is: each of them was answered after
					// its commit, so before the crash.
					snapshot = append([]int(nil), done...)
					if err := powerloss.Crash(dir, crashDir, mode, rand.New(rand.NewPCG(seed, 1))); err != nil {
						t.Error(err)
					}
					close(crashed)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	after, err := sql.Open("sqlite", "file:"+filepath.Join(crashDir, "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer after.Close()
	var check string
	if err := after.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity after the crash: %q %v", check, err)
	}
	present := map[int]bool{}
	rows, err := after.Query(`SELECT id FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		present[id] = true
	}
	rows.Close()
	for _, id := range snapshot {
		if !present[id] {
			missing++
		}
	}
	return missing, len(snapshot)
}

// TestUnsyncedCommitsAreLost shows that the simulation loses what the disk does not hold: in WAL mode with
// synchronous=NORMAL (loket's old setting) SQLite fsyncs only at checkpoints, not at each commit, so rows
// acknowledged since the last checkpoint are gone after the crash. Without this the durability tests
// below could pass on a simulation that keeps everything.
func TestUnsyncedCommitsAreLost(t *testing.T) {
	for i, acks := range []int{50, 300} {
		missing, acked := crashAfter(t, "NORMAL", acks, powerloss.DropUnsynced, uint64(i))
		t.Logf("synchronous=NORMAL, crash after %d acknowledgements: %d missing", acked, missing)
		if missing == 0 {
			t.Errorf("synchronous=NORMAL, crash after %d acknowledgements: none of %d missing, want losses", acks, acked)
		}
	}
}

// TestSyncedCommitsSurvive: with synchronous=FULL every acknowledged row is in the copy, whether the disk
// dropped every unsynced write or kept, dropped or tore each at random. 3,000 rows of 400 bytes fill the
// WAL past SQLite's checkpoint (1,000 pages), so crashes also fall during and after checkpoints.
func TestSyncedCommitsSurvive(t *testing.T) {
	for i, acks := range []int{1, 37, 250, 3000} {
		for _, mode := range []powerloss.Mode{powerloss.DropUnsynced, powerloss.KeepSome} {
			if missing, acked := crashAfter(t, "FULL", acks, mode, uint64(i)); missing != 0 {
				t.Errorf("synchronous=FULL, mode %d, crash after %d: %d of %d acknowledged rows missing", mode, acks, missing, acked)
			}
		}
	}
}
