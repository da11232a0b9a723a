package store

import (
	"context"
	"fmt"
)

// referenceBatch hands out the reference numbers of the conversations one group commit opens. The first
// number of a year is taken from the counter row as before; the next ones of the same group come from
// memory, and the last one is written back once before the group commits, rather than one upsert of the
// counter row per message. A transaction of the group that is rolled back alone (in its savepoint) leaves
// its number unused: a gap, never a number given twice, as with the upsert.
type referenceBatch struct {
	last  map[int]int64 // year → the last number handed out in this group
	dirty map[int]bool  // years whose counter row is behind last
}

// nextReference returns the next reference number of year.
func (t *Tx) nextReference(ctx context.Context, year int) (int64, error) {
	if b := t.refs; b != nil {
		if n, ok := b.last[year]; ok {
			b.last[year], b.dirty[year] = n+1, true
			return n + 1, nil
		}
	}
	var n int64
	err := t.QueryRow(ctx, `INSERT INTO contact_sequences (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = contact_sequences.last + 1 RETURNING last`, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("reference number: %w", err)
	}
	if b := t.refs; b != nil {
		if b.last == nil {
			b.last, b.dirty = map[int]int64{}, map[int]bool{}
		}
		b.last[year] = n
	}
	return n, nil
}

// flushReferences stores the last reference number the group handed out for each year.
func (t *Tx) flushReferences(ctx context.Context) error {
	if t.refs == nil {
		return nil
	}
	for year := range t.refs.dirty {
		if _, err := t.Exec(ctx, `UPDATE contact_sequences SET last = ? WHERE year = ? AND last < ?`,
			t.refs.last[year], year, t.refs.last[year]); err != nil {
			return fmt.Errorf("reference number: %w", err)
		}
	}
	t.refs = &referenceBatch{}
	return nil
}
