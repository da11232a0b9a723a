package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"loket/internal/kb"
)

// Inheritance returns how a tenant's article inherits a national article; kb.ErrNotFound when it does not.
func (s *Store) Inheritance(ctx context.Context, id string) (kb.Inheritance, error) {
	in, err := scanInheritance(s.QueryRow(ctx, `SELECT article_id, upl, national_version, bases
		FROM article_inheritance WHERE article_id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return in, kb.ErrNotFound
	}
	return in, err
}

// Inheritances lists the articles that inherit the national article of upl, or every inheriting article
// when upl is empty, by article id.
func (s *Store) Inheritances(ctx context.Context, upl string) ([]kb.Inheritance, error) {
	q, args := `SELECT article_id, upl, national_version, bases FROM article_inheritance`, []any{}
	if upl != "" {
		q, args = q+` WHERE upl = ?`, append(args, upl)
	}
	rows, err := s.Query(ctx, q+` ORDER BY article_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list inheritances: %w", err)
	}
	return scanAll(rows, scanInheritance)
}

// SaveInheritance updates the national version and the overrides' bases of an inheriting article.
func (s *Store) SaveInheritance(ctx context.Context, in kb.Inheritance) error {
	return s.InTx(ctx, func(tx *Tx) error { return saveInheritanceTx(ctx, tx, in) })
}

// SaveInherited stores an inheriting article's live row, the concept beside it (when beside is not nil)
// and its inheritance in one transaction; the search index and the other instances hear of the article
// as of any other change.
func (s *Store) SaveInherited(ctx context.Context, live kb.Article, beside *kb.Article, in kb.Inheritance, author string) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := s.upsertArticle(ctx, tx, live, author); err != nil {
			return err
		}
		if beside != nil {
			d := *beside
			d.State, d.UpdatedAt = kb.StateDraft, s.now()
			data, err := articleJSON(d)
			if err != nil {
				return err
			}
			if err := saveDraftTx(ctx, tx, d, data, author); err != nil {
				return err
			}
		}
		return saveInheritanceTx(ctx, tx, in)
	})
	if err != nil {
		return fmt.Errorf("save inherited article %s: %w", live.ID, err)
	}
	s.announce(live.ID)
	return nil
}

func saveInheritanceTx(ctx context.Context, tx *Tx, in kb.Inheritance) error {
	if in.Bases == nil {
		in.Bases = map[string]string{}
	}
	bases, err := json.Marshal(in.Bases)
	if err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE article_inheritance SET upl = ?, national_version = ?, bases = ? WHERE article_id = ?`,
		in.UPL, in.NationalVersion, string(bases), in.ArticleID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO article_inheritance (article_id, upl, national_version, bases) VALUES (?, ?, ?, ?)`,
		in.ArticleID, in.UPL, in.NationalVersion, string(bases))
	return err
}

func scanInheritance(row scanner) (kb.Inheritance, error) {
	var in kb.Inheritance
	var bases string
	if err := row.Scan(&in.ArticleID, &in.UPL, &in.NationalVersion, &bases); err != nil {
		return in, err
	}
	in.Bases = map[string]string{}
	if err := json.Unmarshal([]byte(bases), &in.Bases); err != nil {
		return in, fmt.Errorf("decode inheritance of %s: %w", in.ArticleID, err)
	}
	return in, nil
}

// SaveInheritances records many inheritances in one transaction (a tenant joining the national base with
// its whole knowledge base at once).
func (s *Store) SaveInheritances(ctx context.Context, list []kb.Inheritance) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for _, in := range list {
			if err := saveInheritanceTx(ctx, tx, in); err != nil {
				return fmt.Errorf("inheritance of %s: %w", in.ArticleID, err)
			}
		}
		return nil
	})
}
