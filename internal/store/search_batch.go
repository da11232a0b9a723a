package store

import (
	"context"
	"fmt"
	"strings"
)

// searchBatch holds the search texts of the conversations a group commit opens, written with one
// statement before the group commits. Every write to SQLite's full-text table flushes the table's pending
// terms as a new segment at the next statement, so one insert per message made a segment per message and
// the merging of them a fifth of the intake's work; one insert per group makes one.
type searchBatch struct {
	ids  []int64
	docs map[int64]string
}

// batchSearch reports whether tx collects search texts for its group (SQLite's group commit without
// savepoints) and, if so, keeps doc as the new conversation id's text.
func (t *Tx) batchSearch(id int64, doc string) bool {
	if t.search == nil {
		return false
	}
	if t.search.docs == nil {
		t.search.docs = map[int64]string{}
	}
	t.search.ids = append(t.search.ids, id)
	t.search.docs[id] = truncateRunes(doc, maxSearchDoc)
	return true
}

// addToBatchedSearch appends text to the search text of a conversation opened earlier in the same group;
// false when the conversation's text is in the table already.
func (t *Tx) addToBatchedSearch(id int64, text string) bool {
	if t.search == nil {
		return false
	}
	doc, ok := t.search.docs[id]
	if !ok {
		return false
	}
	t.search.docs[id] = truncateRunes(doc+" "+text, maxSearchDoc)
	return true
}

// flushSearch writes the group's search texts, at most 100 rows a statement.
func (t *Tx) flushSearch(ctx context.Context) error {
	if t.search == nil {
		return nil
	}
	ids := t.search.ids
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 100)]
		ids = ids[len(chunk):]
		args := make([]any, 0, 2*len(chunk))
		for _, id := range chunk {
			args = append(args, id, t.search.docs[id])
		}
		q := `INSERT INTO contact_search (rowid, doc) VALUES (?, ?)` + strings.Repeat(`, (?, ?)`, len(chunk)-1)
		if _, err := t.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("search texts: %w", err)
		}
	}
	t.search = &searchBatch{}
	return nil
}
