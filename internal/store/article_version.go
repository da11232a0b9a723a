package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"loket/internal/kb"
)

// ArticleVersion is one saved state of an article: every change records one.
type ArticleVersion = kb.Version

// ArticleVersions lists the versions of an article, newest first; kb.ErrNotFound when there are none.
func (s *Store) ArticleVersions(ctx context.Context, id string) ([]ArticleVersion, error) {
	rows, err := s.Query(ctx, `SELECT article_id, version, state, data, author, created_at FROM article_versions
		WHERE article_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("list versions of %s: %w", id, err)
	}
	list, err := scanAll(rows, scanVersion)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, kb.ErrNotFound
	}
	return list, nil
}

// ArticleVersion returns one version of an article; kb.ErrNotFound when it does not exist.
func (s *Store) ArticleVersion(ctx context.Context, id string, version int) (ArticleVersion, error) {
	v, err := scanVersion(s.QueryRow(ctx, `SELECT article_id, version, state, data, author, created_at
		FROM article_versions WHERE article_id = ? AND version = ?`, id, version))
	if errors.Is(err, sql.ErrNoRows) {
		return v, kb.ErrNotFound
	}
	return v, err
}

// CurrentVersion returns the number of the newest saved version of an article, a draft beside the published
// article included; kb.ErrNotFound when the article does not exist.
func (s *Store) CurrentVersion(ctx context.Context, id string) (int, error) {
	var v int
	err := s.QueryRow(ctx, `SELECT COALESCE(MAX(v.version), 0) FROM articles a
		JOIN article_versions v ON v.article_id = a.id WHERE a.id = ?`, id).Scan(&v)
	if err == nil && v == 0 {
		err = kb.ErrNotFound
	}
	return v, err
}

// newestVersion is the highest version number recorded for an article, 0 for a new one.
func newestVersion(ctx context.Context, tx *Tx, id string) (int, error) {
	var v int
	err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM article_versions WHERE article_id = ?`, id).Scan(&v)
	return v, err
}

// SaveDraftBeside records a draft of an article as its newest version while the article's row (the
// published text, or the text that was taken offline) stays as it is; publishing it later replaces the row.
func (s *Store) SaveDraftBeside(ctx context.Context, a kb.Article, author string) error {
	a.State = kb.StateDraft
	a.UpdatedAt = s.now()
	data, err := articleJSON(a)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error { return saveDraftTx(ctx, tx, a, data, author) })
}

func saveDraftTx(ctx context.Context, tx *Tx, a kb.Article, data, author string) error {
	var state string
	err := tx.QueryRow(ctx, `SELECT state FROM articles WHERE id = ?`, a.ID).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return kb.ErrNotFound
	}
	if err != nil {
		return err
	}
	version, err := newestVersion(ctx, tx, a.ID)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO article_versions (article_id, version, state, data, author, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.ID, version+1, kb.StateDraft, data, author, a.UpdatedAt)
	return err
}

// PendingDraft returns the draft saved beside a published article, if its newest version is one.
func (s *Store) PendingDraft(ctx context.Context, id string) (ArticleVersion, bool, error) {
	v, err := scanVersion(s.QueryRow(ctx, `SELECT v.article_id, v.version, v.state, v.data, v.author, v.created_at
		FROM article_versions v JOIN articles a ON a.id = v.article_id
		WHERE v.article_id = ? AND v.version > a.version AND v.state = ?
		ORDER BY v.version DESC LIMIT 1`, id, kb.StateDraft))
	if errors.Is(err, sql.ErrNoRows) {
		return v, false, nil
	}
	if err != nil {
		return v, false, err
	}
	newest, err := s.CurrentVersion(ctx, id)
	return v, err == nil && newest == v.Version, err
}

func scanVersion(row scanner) (ArticleVersion, error) {
	var v ArticleVersion
	var data string
	if err := row.Scan(&v.ArticleID, &v.Version, &v.State, &data, &v.Author, &v.CreatedAt); err != nil {
		return v, err
	}
	a, err := decodeArticle(data)
	if err != nil {
		return v, err
	}
	v.Article = a
	return v, nil
}
