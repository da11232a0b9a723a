package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxPrepared bounds the statement cache; queries built with a varying number of placeholders beyond it
// are prepared afresh each time, as before.
const maxPrepared = 512

// stmtCache keeps SQLite statements prepared: database/sql then prepares each once per connection instead
// of parsing the SQL on every call. PostgreSQL needs none: pgx caches prepared statements per connection.
type stmtCache struct {
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// get returns the prepared statement for query, or nil when it is not to be cached.
func (c *stmtCache) get(ctx context.Context, s *Store, query string) *sql.Stmt {
	if s.dialect != SQLite {
		return nil
	}
	c.mu.RLock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxPrepared
	c.mu.RUnlock()
	if ok || full {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the caller runs the query unprepared and reports the error itself
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}
