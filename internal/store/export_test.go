package store

// GroupCommits reports how many groups the write queue committed and how many transactions they held.
func (s *Store) GroupCommits() (groups, writes int64) {
	if s.writes == nil {
		return 0, 0
	}
	return s.writes.groups.Load(), s.writes.writes.Load()
}
