package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"loket/internal/kb"
)

// ArticleVersion is one saved state of an article: every change records one.
type ArticleVersion struct {
	ArticleID string
	Version   int
	State     string
	Author    string
	CreatedAt time.Time
	Article   kb.Article
}

// ArticleVersions lists the versions of an article, newest first; kb.ErrNotFound when there are none.
func (s *Store) ArticleVersions(ctx context.Context, id string) ([]ArticleVersion, error) {
	rows, err := s.Query(ctx, `SELECT article_id, version, state, data, author, created_at FROM article_versions
		WHERE article_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("list versions of %s: %w", id, err)
	}
	defer rows.Close()
	var list []ArticleVersion
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
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

// CurrentVersion returns the version number of the article as it is now; kb.ErrNotFound when it does not exist.
func (s *Store) CurrentVersion(ctx context.Context, id string) (int, error) {
	var v int
	err := s.QueryRow(ctx, `SELECT version FROM articles WHERE id = ?`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, kb.ErrNotFound
	}
	return v, err
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
