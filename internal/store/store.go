// Package store keeps loket's data in SQLite (embedded default) or PostgreSQL. Dialect differences live
// here and nowhere else: callers write SQL with ? placeholders and the store rebinds them for PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	sqlite "modernc.org/sqlite"        // registers the "sqlite" driver
)

// Dialect names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is the database handle shared by every capability.
type Store struct {
	db      *sql.DB
	dialect string
	dsn     string

	mu               sync.Mutex
	listeners        []func(id string)
	catalogListeners []func() // request forms and appointment products changed (catalog.go)

	writes   *writeQueue                // SQLite: every write transaction, committed in groups; nil for PostgreSQL
	prepared stmtCache                  // SQLite: statements prepared once per connection
	origin   string                     // this process, so that it can skip its own change notifications
	walSync  func(walPath string) error // WithWALSync

	channelSuffix string // "_ID" for a tenant's database, so that notifications stay within the tenant

	busy busyCache // appointments: the booked time per location, caught up when its version changes

	clock func() time.Time // every timestamp the store writes or compares; time.Now unless WithClock
}

// Option configures a store at Open.
type Option func(*Store)

// WithClock makes the store read the time from clock instead of time.Now, for every timestamp it writes
// or compares; tests move it instead of sleeping. A nil clock keeps time.Now.
func WithClock(clock func() time.Time) Option {
	return func(s *Store) {
		if clock != nil {
			s.clock = clock
		}
	}
}

// IsPostgresURL reports whether a database setting names a PostgreSQL server rather than a SQLite file.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to the database named by dsn (a SQLite file path or a postgres:// URL) and migrates it.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	return open(ctx, dsn, "", opts)
}

func open(ctx context.Context, dsn, channelSuffix string, opts []Option) (*Store, error) {
	s := &Store{dsn: dsn, origin: newOrigin(), channelSuffix: channelSuffix, clock: time.Now}
	for _, o := range opts {
		o(s)
	}
	var err error
	if IsPostgresURL(dsn) {
		s.dialect = Postgres
		s.db, err = sql.Open("pgx", postgresDSN(dsn))
		if err == nil {
			s.db.SetMaxOpenConns(20)
			s.db.SetMaxIdleConns(10)
		}
	} else {
		s.dialect = SQLite
		useFdatasync()
		s.db, err = sql.Open("sqlite", sqliteDSN(dsn))
		if err == nil {
			// One writer at a time is what SQLite allows; readers run beside it under WAL.
			s.db.SetMaxOpenConns(8)
			s.db.SetMaxIdleConns(8)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	if s.dialect == SQLite {
		if s.writes, err = startWriteQueue(ctx, s); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	return s, nil
}

// sqliteDSN opens SQLite in WAL mode with synchronous=FULL: a commit returns only after the WAL is fsync'd,
// so an acknowledged message survives a power loss or an operating-system crash, not only a killed process.
// The write queue groups concurrent commits so that one fsync covers many of them.
func sqliteDSN(path string) string {
	sep := "?" // a path may carry URI parameters of its own (a test's vfs=powerloss)
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return "file:" + path + sep + "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_txlock=immediate"
}

// useFdatasync makes SQLite commit with fdatasync(2) rather than fsync(2), as SQLite's own Linux builds do:
// it writes the data and the size of the file, all a commit needs to be read back after a power loss, but
// not its timestamps, whose journal update is much of what an fsync waits for. The library's default is
// fsync because it is transpiled without SQLite's configure check; the switch is process-wide.
var useFdatasync = sync.OnceFunc(func() {
	_, _ = sqlite.Fdatasync(true) // where the platform has no fdatasync, SQLite keeps using fsync
})

// postgresDSN makes every session commit synchronously, whatever the server's default: a commit returns
// only after the WAL is flushed. pgx sends unknown URL parameters as run-time parameters.
func postgresDSN(dsn string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "synchronous_commit=on"
}

// Close finishes the queued writes and releases the database.
func (s *Store) Close() error {
	if s.writes != nil {
		s.writes.close()
	}
	s.prepared.close()
	return s.db.Close()
}

// Dialect names the database in use: SQLite or Postgres.
func (s *Store) Dialect() string { return s.dialect }

// DSN is the database setting the store was opened with (needed for PostgreSQL LISTEN connections).
func (s *Store) DSN() string { return s.dsn }

// DB exposes the handle for capability stores in this package's subpackages and tests.
func (s *Store) DB() *sql.DB { return s.db }

// Ping checks that the database answers; used by /readyz.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Rebind turns ? placeholders into $1, $2 … for PostgreSQL.
func (s *Store) Rebind(query string) string {
	if s.dialect != Postgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// Exec runs a statement with ? placeholders. On SQLite it joins the write queue like a transaction does, so
// writers wait in Go's queue rather than in SQLite's sleeping busy handler.
func (s *Store) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s.writes == nil {
		return s.db.ExecContext(ctx, s.Rebind(query), args...)
	}
	var res sql.Result
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.Exec(ctx, query, args...)
		return err
	})
	return res, err
}

// Query runs a query with ? placeholders.
func (s *Store) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := s.prepared.get(ctx, s, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, s.Rebind(query), args...)
}

// QueryRow runs a single-row query with ? placeholders.
func (s *Store) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := s.prepared.get(ctx, s, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, s.Rebind(query), args...)
}

// Tx is a transaction that rebinds placeholders like Store does.
type Tx struct {
	tx *sql.Tx
	s  *Store
	// ctx, when set, replaces the caller's context for every statement: a transaction in a group commit
	// runs to its end even when its caller gives up, because interrupting one statement would roll back the
	// whole group in SQLite.
	ctx context.Context
	// search, when set, collects the search texts of new conversations for one insert per group
	// (search_batch.go).
	search *searchBatch
	// refs, when set, hands out the group's reference numbers from memory and stores the last one before
	// the group commits (reference_batch.go).
	refs *referenceBatch
	// stmts holds the transaction's copies of prepared statements, so that a group of transactions running
	// the same statements binds each to the connection once.
	stmts map[string]*sql.Stmt
}

func (t *Tx) context(ctx context.Context) context.Context {
	if t.ctx != nil {
		return t.ctx
	}
	return ctx
}

// stmt is the transaction's copy of the statement prepared once for query, or nil to prepare it afresh.
func (t *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := t.stmts[query]; ok {
		return st
	}
	st := t.s.prepared.get(ctx, t.s, query)
	if st == nil {
		return nil
	}
	st = t.tx.StmtContext(ctx, st)
	if t.stmts == nil {
		t.stmts = make(map[string]*sql.Stmt, 16)
	}
	t.stmts[query] = st
	return st
}

// insertID runs an INSERT of one row (written without a RETURNING clause) and returns the new row's id:
// on SQLite from the connection's last insert id, which spares reading a result row; on PostgreSQL with
// RETURNING id.
func (t *Tx) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	if t.s.dialect == Postgres {
		var id int64
		err := t.QueryRow(ctx, query+" RETURNING id", args...).Scan(&id)
		return id, err
	}
	res, err := t.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Exec runs a statement inside the transaction.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = t.context(ctx)
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, t.s.Rebind(query), args...)
}

// Query runs a query inside the transaction.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = t.context(ctx)
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, t.s.Rebind(query), args...)
}

// QueryRow runs a single-row query inside the transaction.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = t.context(ctx)
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.s.Rebind(query), args...)
}

// InTx runs fn in one transaction: committed when fn returns nil, rolled back otherwise. It returns after
// the commit is durable. On SQLite, concurrent transactions are committed together by the write queue.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.writes != nil {
		return s.writes.do(ctx, fn)
	}
	return s.inOwnTx(ctx, fn)
}

// inOwnTx runs fn in a transaction of its own.
func (s *Store) inOwnTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(&Tx{tx: sqlTx, s: s}); err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// inTxRetryingConflict runs fn in a transaction like InTx and, when it loses a race on a unique key (two
// first messages from one new address at the same moment), runs it again: the second run finds what the
// winner committed. It gives up after three attempts.
func (s *Store) inTxRetryingConflict(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = s.InTx(ctx, fn); err == nil || !isUniqueViolation(err) {
			return err
		}
	}
	return err
}

// now is the store's clock, in UTC with microsecond precision so both dialects round-trip it alike.
func (s *Store) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// Clock is the clock the store was opened with (time.Now unless WithClock), so that the services built on
// the store read the same time.
func (s *Store) Clock() func() time.Time { return s.clock }
