package store

import (
	"context"
	"fmt"
	"time"
)

// ExpireDrafts deletes, in one transaction, the drafts not changed since before and their files, the
// files that belong to no draft and no request and are older than before, and the draft files replaced by
// a newer upload to the same field. It returns the number of drafts and the ids of the deleted files.
func (s *Store) ExpireDrafts(ctx context.Context, before time.Time) (int, []string, error) {
	var drafts int
	var files []string
	err := s.InTx(ctx, func(tx *Tx) error {
		drafts, files = 0, nil
		rows, err := tx.Query(ctx, `SELECT f.id FROM request_files f WHERE f.request_id IS NULL AND (
			f.draft_hash IN (SELECT token_hash FROM request_drafts WHERE updated_at < ?)
			OR (f.created_at < ? AND (f.draft_hash IS NULL OR f.draft_hash NOT IN (SELECT token_hash FROM request_drafts)))
			OR (f.field <> '' AND EXISTS (SELECT 1 FROM request_files n WHERE n.draft_hash = f.draft_hash AND n.field = f.field
				AND n.request_id IS NULL AND (n.created_at > f.created_at OR (n.created_at = f.created_at AND n.id > f.id)))))`,
			before.UTC(), before.UTC())
		if err != nil {
			return fmt.Errorf("expired files: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			files = append(files, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range files {
			if _, err := tx.Exec(ctx, `DELETE FROM request_files WHERE id = ?`, id); err != nil {
				return err
			}
		}
		res, err := tx.Exec(ctx, `DELETE FROM request_drafts WHERE updated_at < ?`, before.UTC())
		if err != nil {
			return fmt.Errorf("expire drafts: %w", err)
		}
		n, err := res.RowsAffected()
		drafts = int(n)
		return err
	})
	return drafts, files, err
}
