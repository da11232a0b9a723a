package store

import (
	"os"
	"strings"
)

// WithWALSync makes the store fsync SQLite's WAL with sync rather than with fdatasync(2) on the file itself,
// for a database whose files a test's VFS follows (powerloss.SyncFile). Without it, a database opened on
// a VFS of its own (a vfs= parameter) commits with synchronous=FULL and is never synced from outside.
func WithWALSync(sync func(walPath string) error) Option {
	return func(s *Store) { s.walSync = sync }
}

// walSyncer is how a group's commit is made durable after it: a function that fsyncs the WAL and one that
// releases what it holds, or nil when the store leaves that to SQLite (synchronous=FULL).
func (s *Store) walSyncer() (sync func() error, release func()) {
	path := strings.TrimPrefix(s.dsn, "file:")
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path == "" || path == ":memory:" || strings.Contains(query, "mode=memory") {
		return nil, nil
	}
	wal := path + "-wal"
	if s.walSync != nil {
		return func() error { return s.walSync(wal) }, func() {}
	}
	if strings.Contains(query, "vfs=") {
		return nil, nil
	}
	f := &walFile{path: wal}
	return f.sync, f.close
}

// walFile is the WAL, opened once for fsyncing: SQLite writes it through its own descriptor, and an
// fsync through any descriptor of a file flushes all of it. The file stays the same while the store is
// open (the writing connection keeps it; a checkpoint rewinds it, never replaces it).
type walFile struct {
	path string
	f    *os.File
}

func (w *walFile) sync() error {
	if w.f == nil {
		f, err := os.Open(w.path)
		if err != nil {
			return err
		}
		w.f = f
	}
	return fdatasync(w.f)
}

func (w *walFile) close() {
	if w.f != nil {
		w.f.Close()
	}
}
