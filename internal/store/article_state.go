package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"loket/internal/kb"
)

// SetArticleState puts an article's row online (published) or offline (draft) as it is, without a new
// version; a concept saved beside it stays. kb.ErrNotFound when the article does not exist.
func (s *Store) SetArticleState(ctx context.Context, id, state string) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		var data string
		err := tx.QueryRow(ctx, `SELECT data FROM articles WHERE id = ?`, id).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return kb.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("read article %s: %w", id, err)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal([]byte(data), &doc); err != nil {
			return fmt.Errorf("decode stored article %s: %w", id, err)
		}
		doc["state"], _ = json.Marshal(state)
		b, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET state = ?, data = ? WHERE id = ?`, state, string(b), id); err != nil {
			return fmt.Errorf("set state of article %s: %w", id, err)
		}
		return s.notifyInTx(ctx, tx, id)
	})
	if err == nil {
		s.announce(id)
	}
	return err
}

// LiveVersion is the version number of an article's row: the text residents see when it is published.
func (s *Store) LiveVersion(ctx context.Context, id string) (int, error) {
	var v int
	err := s.QueryRow(ctx, `SELECT version FROM articles WHERE id = ?`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, kb.ErrNotFound
	}
	return v, err
}

// AuditArticle appends a change to an article to the audit log.
func (s *Store) AuditArticle(ctx context.Context, actor, action, id, detail string) error {
	return s.Audit(ctx, AuditEntry{Actor: actor, Action: action, ObjectType: "article", ObjectID: id, Detail: detail})
}

// The store is the knowledge base's storage.
var _ kb.Store = (*Store)(nil)
