package store

import "time"

// GroupCommits reports how many groups the write queue committed and how many transactions they held.
func (s *Store) GroupCommits() (groups, writes int64) {
	if s.writes == nil {
		return 0, 0
	}
	return s.writes.groups.Load(), s.writes.writes.Load()
}

// WriterBusy is how long the write queue spent running and committing groups: with one writer, the
// throughput it can reach is the number of writes divided by this.
func (s *Store) WriterBusy() time.Duration {
	if s.writes == nil {
		return 0
	}
	return time.Duration(s.writes.busy.Load())
}

// SyncsWAL reports whether the store fsyncs the WAL itself after each group commit.
func (s *Store) SyncsWAL() bool { return s.writes != nil && s.writes.syncWAL != nil }

// commit runs group as one group commit, for tests that need requests in one group.
func (q *writeQueue) commit(group []*writeReq) {
	again, n := q.commitPlain(group[0], func(n int) (*writeReq, bool) {
		if n < len(group) {
			return group[n], true
		}
		return nil, false
	})
	q.retry(append(again, group[n:]...))
}
